// errno is a live binding, per thread, left alone by successful calls;
// strerror, strerrorname_np and perror give the C library's text.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import * as S from "../src/index.js";
import { errno } from "../src/index.js";
import { compileC, root, tsx } from "./helpers.js";

describe("errno", () => {
  it("is a live ES binding updated by a failing call", () => {
    expect(S.close(1_000_001)).toBe(-1);
    expect(errno).toBe(S.EBADF);
    expect(S.socket(99999, 1, 0)).toBe(-1);
    expect(errno).toBe(S.EAFNOSUPPORT);
  });

  it("require() of the package gives the same namespace with a live errno", () => {
    const script = `
      const S = require(${JSON.stringify(root)});
      const before = S.errno;
      S.close(1000002);
      console.log(JSON.stringify([typeof S.socket, S.errno, S[Symbol.toStringTag]]));`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(r.stderr.replace(/.*ExperimentalWarning.*\n?|.*--trace-warnings.*\n?/g, "")).toBe("");
    expect(JSON.parse(r.stdout)).toEqual(["function", S.EBADF, "Module"]);
  });

  it("strerror matches the C library for every errno constant", () => {
    const names = Object.keys(S).filter((k) => /^E[A-Z0-9]+$/.test(k) && !k.startsWith("EPOLL"));
    const bin = compileC(`#include <stdio.h>
#include <string.h>
#include <stdlib.h>
int main(int argc, char **argv) { for (int i = 1; i < argc; i++) printf("%s\\n", strerror(atoi(argv[i]))); return 0; }`);
    const values = names.map((n) => (S as unknown as Record<string, number>)[n]!);
    const out = spawnSync(bin, values.map(String), { encoding: "utf8" }).stdout.trim().split("\n");
    expect(values.map((v) => S.strerror(v))).toEqual(out);
    expect(S.strerror(S.EADDRINUSE)).toBe("Address already in use");
  });

  it("strerrorname_np names every error number as glibc's does, null where it names none", () => {
    const bin = compileC(`#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
int main(void) { for (int e = -2; e <= 200; e++) { const char *n = strerrorname_np(e); printf("%s\\n", n ? n : "(null)"); } return 0; }`);
    const out = spawnSync(bin, { encoding: "utf8" }).stdout.trim().split("\n");
    const ours = Array.from({ length: 203 }, (_, i) => S.strerrorname_np(i - 2) ?? "(null)");
    expect(ours).toEqual(out);
    expect([S.strerrorname_np(S.EADDRINUSE), S.strerrorname_np(S.EWOULDBLOCK), S.strerrorname_np(S.ENOTSUP), S.strerrorname_np(41)]).toEqual(["EADDRINUSE", "EAGAIN", "EOPNOTSUPP", null]);
    expect(() => S.strerrorname_np("EINTR" as unknown as number)).toThrow(TypeError);
  });

  it("perror prints 's: message' to stderr like C", () => {
    const r = spawnSync(tsx, ["--eval", `import * as S from ${JSON.stringify(`${root}/src/index.ts`)}; S.close(1000003); S.perror("close"); S.perror(null);`], { encoding: "utf8" });
    expect(r.stderr).toBe("close: Bad file descriptor\nBad file descriptor\n");
  });
});
