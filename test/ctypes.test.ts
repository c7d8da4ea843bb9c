// C's scalar type names are values sizeof understands, with the sizes a C
// program compiled here sees; setsockopt(..., yes, sizeof(int)) ports as is.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import * as S from "../src/index.js";
import { compileC, sock } from "./helpers.js";

const { sizeof, setsockopt, getsockopt, socklen_t, AF_INET, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR, int } = S;

/** Every exported C type name and the C spelling it stands for. */
const NAMES = [
  "char", "short", "int", "unsigned", "long", "size_t", "ssize_t", "socklen_t", "int8_t", "int16_t", "int32_t", "int64_t",
  "uint8_t", "uint16_t", "uint32_t", "uint64_t", "in_addr_t", "in_port_t", "sa_family_t",
] as const;

describe("C type names", () => {
  it("sizeof(type) equals sizeof in a C program compiled here", () => {
    const program = `#include <stdio.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
int main(void) {
${NAMES.map((n) => `  printf("%s %zu\\n", "${n}", sizeof(${n}));`).join("\n")}
  return 0;
}
`;
    const r = spawnSync(compileC(program), { encoding: "utf8" });
    expect(r.status).toBe(0);
    const c = Object.fromEntries(r.stdout.trim().split("\n").map((l) => l.split(" ")).map(([n, s]) => [n, Number(s)]));
    const ts = Object.fromEntries(NAMES.map((n) => [n, sizeof((S as unknown as Record<string, S.CType>)[n]!)]));
    expect(ts).toEqual(c);
    expect(Object.keys(c)).toHaveLength(NAMES.length);
  });

  it("setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, yes, sizeof(int)) sets the option", () => {
    const fd = sock(AF_INET, SOCK_STREAM);
    const yes = 1;
    expect(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, yes, sizeof(int))).toBe(0);
    const v = new Int32Array(1);
    const len = new socklen_t(sizeof(int));
    expect(getsockopt(fd, SOL_SOCKET, SO_REUSEADDR, v, len)).toBe(0);
    expect([v[0], len.value]).toEqual([1, sizeof(int)]);
  });

  it("socklen_t is both the box class and a type name", () => {
    expect(sizeof(socklen_t)).toBe(sizeof(new socklen_t(7)));
    expect(sizeof(socklen_t)).toBe(4);
  });

  it("type names are frozen values that print as their C name", () => {
    expect(String(int)).toBe("int");
    expect(`${S.uint32_t}`).toBe("uint32_t");
    expect(Object.isFrozen(int)).toBe(true);
    expect(() => sizeof({ name: "int", size: 4 } as never)).toThrow(TypeError);
  });
});
