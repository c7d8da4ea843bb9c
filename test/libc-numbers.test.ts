// atoi, atol, strtol and strtoul against glibc's on a table of inputs and
// bases: the value, where parsing stopped (C's endptr, here an index in a
// box) and errno (ERANGE, EINVAL, or left alone).
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { errno, ptr, set_errno } from "../src/index.js";
import { atoi, atol, strtol, strtoul } from "../src/libc.js";
import { cLiteral } from "./libc-printf-cases.js";
import { compileC } from "./helpers.js";

const INPUTS = [
  "0", "42", "-42", "+42", "  \t\n 17xyz", "\v\f\r 5", "0x1A", "0X1a", "-0x1a", "0x", "0xg", "0x 1", "012", "08", "09", "0b101", "z", "Z", "zz", "",
  "   ", "-", "+", "- 5", "+-5", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
  "18446744073709551615", "18446744073709551616", "-18446744073709551615", "-18446744073709551616", "99999999999999999999999", "-1",
  "1e10", "  -0x7fffffffffffffff", "0x8000000000000000", "123abc", "0000000000000000000000000000000000012", "2147483647", "2147483648",
  "-2147483649", "4294967296", "4294967295", "abc", "ABC", "1_000", "7fffffff", "3.14", "0x7FFFFFFFFFFFFFFF", "1010101", "zzzzzzzzzzzzzz",
  "9007199254740993", "héllo", "12\u00e9",
];
const BASES = [0, 2, 3, 8, 10, 16, 25, 36, 1, 37, -1];

describe("strtol, strtoul, atoi, atol against glibc", () => {
  it("give C's value, end index and errno for every input and base", () => {
    const lines: string[] = [];
    const ours: string[] = [];
    const endOf = (b: { value: number | null }) => (b.value === null ? -1 : b.value);
    for (const s of INPUTS) {
      const l = cLiteral(s);
      for (const base of BASES) {
        lines.push(`{ const char *s = ${l}; char *e = NULL; errno = 0; long v = strtol(s, &e, ${base}); printf("%ld %ld %d\\n", v, e ? (long)(e - s) : -1L, errno); }`);
        lines.push(`{ const char *s = ${l}; char *e = NULL; errno = 0; unsigned long v = strtoul(s, &e, ${base}); printf("%lu %ld %d\\n", v, e ? (long)(e - s) : -1L, errno); }`);
        for (const [fn, f] of [["strtol", strtol], ["strtoul", strtoul]] as const) {
          set_errno(0);
          const end = new ptr<number>();
          const v = f(s, end, base);
          ours.push(`${fn} ${JSON.stringify(s)} ${base}: ${v} ${endOf(end)} ${errno}`);
        }
      }
      lines.push(`{ errno = 0; int v = atoi(${l}); printf("%d 0 %d\\n", v, errno); }`);
      lines.push(`{ errno = 0; long v = atol(${l}); printf("%ld 0 %d\\n", v, errno); }`);
      for (const [fn, f] of [["atoi", atoi], ["atol", atol]] as const) {
        set_errno(0);
        ours.push(`${fn} ${JSON.stringify(s)} 10: ${f(s)} 0 ${errno}`);
      }
    }
    const program = `#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
int main(void) {
${lines.join("\n")}
  return 0;
}
`;
    const r = spawnSync(compileC(program, ["-fno-builtin"]), { encoding: "utf8" });
    expect(r.status).toBe(0);
    // C's long is exact; ours is a number (exact to 2^53), so C's text goes through Number too.
    const c = r.stdout.replace(/\n$/, "").split("\n").map((line, i) => {
      const [v, end, e] = line.split(" ");
      return `${ours[i]!.split(":")[0]}: ${Number(BigInt(v!))} ${end} ${e}`;
    });
    expect(ours).toEqual(c);
    expect(ours.length).toBeGreaterThan(1000);
  });

  it("take a NUL-terminated Buffer too, with the end index into it", () => {
    const buf = Buffer.from("  8080 rest\0garbage");
    const end = { value: 0 };
    expect(strtol(buf, end, 10)).toBe(8080);
    expect(end.value).toBe(6);
    expect(buf[end.value]).toBe(0x20); // C's *end
    expect(strtol(Buffer.from("12\0"), null, 10)).toBe(12);
  });

  it("check their arguments", () => {
    expect(() => strtol(Buffer.from("12"), null, 10)).toThrow(RangeError);
    expect(() => strtol(12 as never, null, 10)).toThrow(TypeError);
    expect(() => strtol("12", null, 1.5)).toThrow(TypeError);
    expect(() => strtol("12", 5 as never, 10)).toThrow(TypeError);
    expect(() => strtol("12", Object.freeze({ value: 0 }), 10)).toThrow(TypeError);
    expect(() => atoi(null as never)).toThrow(TypeError);
  });
});
