// Constants come from the system headers: every name in src/constants.ts is
// in native/constants.cc and back, and each value equals what a C program
// compiled here prints.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as S from "../src/index.js";
import { native } from "../src/native.js";
import { compileC, root } from "./helpers.js";

const cNames = [...readFileSync(`${root}/native/constants.cc`, "utf8").matchAll(/^\s*C\((\w+)\);/gm)].map((m) => m[1]!);
const tsNames = [...readFileSync(`${root}/src/constants.ts`, "utf8").matchAll(/^ {2}(\w+),$/gm)].map((m) => m[1]!);

describe("constants", () => {
  it("the TypeScript list and the native table name the same constants", () => {
    expect(tsNames.length).toBeGreaterThan(700);
    expect([...tsNames].sort()).toEqual([...cNames].sort());
  });

  it("every exported value equals the C headers' value", () => {
    // The table's own body, with C() redefined to print: same #ifdef guards, same names.
    const cc = readFileSync(`${root}/native/constants.cc`, "utf8");
    const body = cc.slice(cc.indexOf("\n", cc.indexOf("#define C(name)")), cc.indexOf("#undef C"));
    const prog = `#define _GNU_SOURCE
#include "${root}/native/platform.h"
#include <stdio.h>
#define C(name) printf("%s %lld\\n", #name, (long long)(name))
int main(void) {
${body}
  return 0;
}`;
    const out = spawnSync(compileC(prog), { encoding: "utf8" }).stdout.trim().split("\n");
    expect(out.length).toBe(Object.keys(native.constants).length);
    const ns = S as unknown as Record<string, number>;
    for (const line of out) {
      const [name, value] = line.split(" ");
      expect([name, ns[name!]]).toEqual([name, Number(value)]);
    }
  });

  it("the constants the core issue names exist with Linux values", () => {
    expect([S.AF_INET, S.AF_INET6, S.AF_UNIX, S.SOCK_STREAM, S.SOCK_DGRAM, S.SOCK_NONBLOCK, S.SOCK_CLOEXEC]).toEqual([2, 10, 1, 1, 2, 2048, 524288]);
    expect([S.SOL_SOCKET, S.SO_REUSEADDR, S.SO_REUSEPORT, S.IPPROTO_TCP, S.IPPROTO_UDP, S.TCP_NODELAY]).toEqual([1, 2, 15, 6, 17, 1]);
    expect([S.EADDRINUSE, S.ECONNREFUSED, S.EAGAIN, S.EWOULDBLOCK, S.EINPROGRESS, S.EINTR]).toEqual([98, 111, 11, 11, 115, 4]);
    expect([S.INADDR_ANY, S.INADDR_LOOPBACK, S.INADDR_BROADCAST, S.INADDR_NONE]).toEqual([0, 0x7f000001, 0xffffffff, 0xffffffff]);
    expect([S.INET_ADDRSTRLEN, S.INET6_ADDRSTRLEN, S.SHUT_RD, S.SHUT_WR, S.SHUT_RDWR]).toEqual([16, 46, 0, 1, 2]);
    expect([S.F_GETFL, S.F_SETFL, S.F_GETFD, S.F_SETFD, S.FD_CLOEXEC, S.O_NONBLOCK, S.FIONREAD]).toEqual([3, 4, 1, 2, 1, 2048, 0x541b]);
    expect(S.EAI_NONAME).toBe(-2);
    expect(S.MSG_NOSIGNAL).toBe(0x4000);
  });

  it("a constant the platform lacks is undefined, never a made-up number", () => {
    expect((S as Record<string, unknown>)["SO_NOSIGPIPE"]).toBe(undefined); // BSD-only
    expect((S as Record<string, unknown>)["AF_LINK"]).toBe(undefined); // BSD-only
  });
});
