// The README's warnings for JavaScript habits that break a port, run as
// written: errno destructured from require() is a copy (read bs.errno), and a
// string's length is its UTF-8 byte count (Buffer.byteLength, sizeof(s) - 1),
// not .length. The snippets run from the package root, where
// require("berkeley-sockets") resolves to this package (self-reference).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "./helpers.js";

const readme = readFileSync(join(root, "README.md"), "utf8");
/** The ```js blocks of the README (indented inside a list item or not). */
const blocks = [...readme.matchAll(/^( *)```js\n([\s\S]*?)^\1```$/gm)].map((m) => m[2]!.replace(new RegExp(`^${m[1]}`, "gm"), ""));
const block = (has: string): string => {
  const found = blocks.filter((b) => b.includes(has));
  expect(found, `one README js block with ${has}`).toHaveLength(1);
  return found[0]!;
};

function node(code: string): string {
  const r = spawnSync(process.execPath, ["-e", code], { cwd: root, encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return r.stdout;
}

describe("README: the CommonJS and string-length warnings", () => {
  it("errno destructured from require() is a copy; bs.errno is live", () => {
    expect(node(block("const { errno } = bs;"))).toBe("9 0\n");
  });

  it("a string's length is its UTF-8 byte count: Buffer.byteLength or sizeof(s) - 1, not .length", () => {
    const snippet = block("Buffer.byteLength(s)");
    const peer = `
const { AF_UNIX, SOCK_STREAM, read, socketpair, sizeof, write } = require("berkeley-sockets");
const sv = new Int32Array(2);
socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
const fd = sv[0];
const got = () => { const b = Buffer.alloc(64); return b.subarray(0, read(sv[1], b, 64)).toString(); };
{ ${snippet} }
console.log(got());
{ const s = "héllo"; write(fd, s, sizeof(s) - 1); }
console.log(got());
{ const s = "héllo"; write(fd, s, s.length); }
console.log(got());
`;
    // .length cuts the text short: what the README warns about.
    expect(node(peer)).toBe("héllo\nhéllo\nhéll\n");
  });
});
