// The API reference: docs/api/ is exactly what scripts/apidoc.ts generates
// from the doc comments of every entry point in package.json's "exports"
// (regenerate with npm run docs:api), and those comments follow its rules:
// every export documented, every function naming its man page, every system
// call listing its errors.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emitDeclarations, entryPoints, errorNames, lint, load, ownPage, render, stale, type EntryPoint } from "../scripts/apidoc.js";
import { root } from "./helpers.js";

let entries: EntryPoint[];

beforeAll(() => {
  const dir = emitDeclarations();
  try {
    entries = load(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const entry = (specifier: string): EntryPoint => entries.find((e) => e.specifier === specifier)!;
const decl = (specifier: string, name: string) => entry(specifier).decls.find((d) => d.name === name)!;

describe("the API reference", () => {
  it("has a page for every entry point of package.json's exports", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, unknown> };
    const subpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json");
    expect(entries.map((e) => e.specifier).sort()).toEqual(subpaths.map((k) => `berkeley-sockets${k.slice(1)}`).sort());
    expect(entries.map((e) => e.specifier)).toEqual(expect.arrayContaining(["berkeley-sockets", "berkeley-sockets/promises", "berkeley-sockets/lab"]));
  });

  it("reads every value each entry point exports at run time, no more", async () => {
    for (const { specifier, dts } of entryPoints()) {
      const mod = (await import(join(root, "src", dts.replace(/\.d\.ts$/, ".ts")))) as Record<string, unknown>;
      const values = entry(specifier)
        .decls.filter((d) => d.kind !== "interface" && d.kind !== "type" && d.typeOnly !== true)
        .map((d) => d.name);
      expect([specifier, values.sort()]).toEqual([specifier, Object.keys(mod).sort()]);
    }
  });

  it("every export has a doc comment, every function names its man page, every system call lists its errors", () => {
    expect(lint(entries)).toEqual([]);
  });

  it("docs/api/ is what npm run docs:api generates (run it after changing a doc comment)", () => {
    expect(stale(render(entries))).toEqual([]);
  });

  it("the struct fields C keeps in network byte order say so", () => {
    const fields: [struct: string, field: string][] = [
      ["in_addr", "s_addr"],
      ["sockaddr_in", "sin_port"],
      ["sockaddr_in6", "sin6_port"],
      ["sockaddr_in6", "sin6_flowinfo"],
      ["servent", "s_port"],
      ["ip_mreq", "imr_multiaddr"],
      ["ip_mreq", "imr_interface"],
      ["ip_mreqn", "imr_address"],
      ["ip_mreq_source", "imr_sourceaddr"],
      ["in_pktinfo", "ipi_addr"],
    ];
    for (const [struct, field] of fields) {
      const doc = decl("berkeley-sockets", struct).members.find((m) => m.name === field)?.doc ?? "";
      expect([struct, field, doc]).toEqual([struct, field, expect.stringMatching(/network byte order/)]);
    }
    expect(render(entries).get("berkeley-sockets.md")).toContain("- `sin_port`: The port in network byte order: set with `htons(port)`");
  });

  it("shows which constants a platform may lack: number | undefined, as the compiler types them", async () => {
    const S = (await import("../src/index.js")) as unknown as Record<string, unknown>;
    const constants = entry("berkeley-sockets").decls.filter((d) => d.kind === "constant");
    expect(constants.length).toBeGreaterThan(700);
    expect(decl("berkeley-sockets", "AF_INET").type).toBe("number");
    expect(decl("berkeley-sockets", "IP_LOCAL_PORT_RANGE").type).toBe("number | undefined");
    // Every constant the reference calls always there is there on this build.
    expect(constants.filter((c) => c.type === "number" && typeof S[c.name] !== "number").map((c) => c.name)).toEqual([]);
    expect(render(entries).get("berkeley-sockets.md")).toMatch(/\| SO_\* \| .*`SO_REUSEADDR`.* \| .*`SO_REUSEPORT`.* \|/);
  });
});

describe("the rules", () => {
  const dir = mkdtempSync(join(tmpdir(), "apidoc-rules-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A fixture entry point: index.d.ts re-exporting more.d.ts, as the compiler writes them. */
  function fixture(index: string, more = ""): EntryPoint[] {
    writeFileSync(join(dir, "index.d.ts"), index);
    writeFileSync(join(dir, "more.d.ts"), more);
    return load(dir, [{ specifier: "fixture", dts: "index.d.ts", file: "fixture.md" }]);
  }

  it("catch an export with no comment, a function with no man page, a system call with no errors, an unknown errno", () => {
    const e = fixture(
      `/**
 * A fixture.
 *
 * @packageDocumentation
 */
export * from "./more.js";
export { helper as renamed } from "./more.js";
/** Binds. This function directly corresponds to the bind(2) function. */
export declare function bind(fd: number): number;
/** Receives: recv(2). Errors: EAGAIN, EBOGUS. */
export declare function recv(fd: number): number;
export declare function undocumented(): void;
/** Does a thing, in no man page. */
export declare function nopage(): void;
/** getpid(2). Errors: none. */
export declare function getpid(): number;
/** FD_SET(3), see select(2): a macro, not a system call. */
export declare function FD_SET(fd: number): void;
export declare const AF_INET: number, EAGAIN: number, SO_REUSEPORT: number | undefined;
`,
      `/** A struct. */
export declare class box {
    /** The value, in network byte order. */
    v: number;
    get x(): number;
}
/** The helper: strlen(3). */
export declare function helper(): number;
export interface Spec {
    a: number;
}
`,
    );
    expect(e[0]!.decls.map((d) => `${d.name}:${d.kind}`)).toEqual([
      "box:class", "helper:function", "Spec:interface", "renamed:function", "bind:function", "recv:function", "undocumented:function", "nopage:function",
      "getpid:function", "FD_SET:function", "AF_INET:constant", "EAGAIN:constant", "SO_REUSEPORT:constant",
    ]);
    expect(lint(e, { cast: "an operator" })).toEqual([
      "fixture: box.x (accessor) has no doc comment",
      "fixture: Spec (interface) has no doc comment",
      'fixture: bind: bind(2) is a system call, but the doc comment lists no "Errors:" paragraph',
      'fixture: recv: "Errors:" names EBOGUS, which the package does not export',
      "fixture: undocumented (function) has no doc comment",
      'fixture: nopage: the doc comment names no man page (e.g. "bind(2)"); or add it to NO_MAN_PAGE with the reason',
      "NO_MAN_PAGE lists cast, which no entry point exports",
    ]);
    expect(lint(e, { nopage: "no page", helper: "stale" })).toContain("fixture: helper: names strlen(3), so NO_MAN_PAGE should not list it");
  });

  it("catch an entry point with no @packageDocumentation comment", () => {
    const e = fixture(`// a line comment is not a doc comment\n/** strlen(3). */\nexport declare function strlen(s: string): number;\n`);
    expect(lint(e, {})).toEqual(["fixture: the entry point has no @packageDocumentation comment"]);
  });

  it("find a function's own man page and its errors", () => {
    expect(ownPage("FD_SET", "Adds fd. See select(2); this is the FD_SET(3) macro.")).toBe("FD_SET(3)");
    expect(ownPage("htons", "Converts: `addr.sin_port = htons(8080)`. The htons(3) function.")).toBe("htons(3)");
    expect(ownPage("f", "No page here: sizeof(int), htons(8080).")).toBe(undefined);
    expect(errorNames("Sends.\n\nErrors: EPIPE (peer gone),\nECONNRESET.\n\nNot EMFILE.")).toEqual(["EPIPE", "ECONNRESET"]);
    expect(errorNames("No errors here.")).toBe(null);
  });

  it("report a stale, a missing and an extra page", () => {
    const files = new Map([["README.md", "index\n"], ["a.md", "page a\n"]]);
    const out = join(dir, "out");
    rmSync(out, { recursive: true, force: true });
    expect(stale(files, out)).toEqual(["docs/api/README.md is missing", "docs/api/a.md is missing"]);
    mkdirSync(out);
    writeFileSync(join(out, "README.md"), "index\n");
    writeFileSync(join(out, "a.md"), "page a, edited by hand\n");
    writeFileSync(join(out, "old.md"), "a page of an entry point that is gone\n");
    expect(stale(files, out)).toEqual(["docs/api/a.md is stale", "docs/api/old.md is not generated any more"]);
  });
});
