// <string.h> and the malloc family of berkeley-sockets/libc against glibc: a
// C program compiled here runs the same table of calls and prints each
// result; comparisons are checked by sign (all C promises), pointer results
// as offsets, copies as every byte of the destination.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { errno, set_errno, ENOMEM, sockaddr_in, AF_INET } from "../src/index.js";
import {
  calloc, cstr_to_string, free, malloc, memchr, memcmp, memcpy, memmove, memset, realloc, strcat, strchr, strcmp, strcpy, strdup, strlen,
  strncat, strncmp, strncpy, strrchr, strstr,
} from "../src/libc.js";
import { cLiteral } from "./libc-printf-cases.js";
import { compileC } from "./helpers.js";

const STRINGS = ["", "a", "abc", "abd", "ab", "hello", "help", "hello world", "héllo", "\xff", "a\x80", "ABC", "abcdefghijklmnopqrstuvwxyz", "l", "o w"];
const bytes = (s: string): Buffer => Buffer.from(s, "latin1");
/** A C string as a NUL-terminated Buffer (latin1: one byte per character, as the C literals). */
const cs = (s: string): Buffer => bytes(s + "\0");
const lit = (s: string): string => cLiteral(bytes(s));
const sign = (n: number): number => Math.sign(n);
const CHARS = [0x6c, 0x6f, 0x61, 0, 0xff, 0x80, 0x7a, 0x100 + 0x6c, -1];
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** Runs C statements printing one line each; returns the lines. */
function runC(body: string[]): string[] {
  const program = `#include <stdio.h>
#include <string.h>
#include <stdlib.h>
static void hex(const char *b, size_t n) { for (size_t i = 0; i < n; i++) printf("%02x", (unsigned char)b[i]); putchar('\\n'); }
static int sgn(int v) { return (v > 0) - (v < 0); }
static long off(const char *p, const char *base) { return p ? (long)(p - base) : -1L; }
int main(void) {
  char d[16];
  (void)hex; (void)sgn; (void)off; (void)d;
${body.join("\n")}
  return 0;
}
`;
  const r = spawnSync(compileC(program, ["-fno-builtin"]), { encoding: "latin1" });
  expect(r.status).toBe(0);
  return r.stdout.replace(/\n$/, "").split("\n");
}

describe("string.h against glibc", () => {
  it("strlen, strcmp, strncmp, memcmp give C's results", () => {
    const c: string[] = [];
    const ours: string[] = [];
    for (const a of STRINGS) {
      c.push(`printf("%zu\\n", strlen(${lit(a)}));`);
      ours.push(String(strlen(cs(a))));
      for (const b of STRINGS) {
        c.push(`printf("%d %d %d %d %d\\n", sgn(strcmp(${lit(a)}, ${lit(b)})), sgn(strncmp(${lit(a)}, ${lit(b)}, 2)), sgn(strncmp(${lit(a)}, ${lit(b)}, 0)), sgn(strncmp(${lit(a)}, ${lit(b)}, 100)), sgn(memcmp(${lit(a)}, ${lit(b)}, ${Math.min(a.length, b.length) + 1})));`);
        const n = Math.min(a.length, b.length) + 1;
        ours.push([sign(strcmp(cs(a), cs(b))), sign(strncmp(cs(a), cs(b), 2)), sign(strncmp(cs(a), cs(b), 0)), sign(strncmp(cs(a), cs(b), 100)), sign(memcmp(cs(a), cs(b), n))].join(" "));
      }
    }
    expect(ours).toEqual(runC(c));
    expect(ours.length).toBeGreaterThan(200);
  });

  it("strchr, strrchr, strstr, memchr point where C's do (offsets), or nowhere", () => {
    const c: string[] = [];
    const ours: string[] = [];
    const off = (r: Uint8Array | null, base: Uint8Array): number => (r === null ? -1 : r.byteOffset - base.byteOffset);
    for (const a of STRINGS) {
      const s = cs(a);
      for (const ch of CHARS) {
        c.push(`{ const char *s = ${lit(a)}; printf("%ld %ld %ld\\n", off(strchr(s, ${ch}), s), off(strrchr(s, ${ch}), s), off(memchr(s, ${ch}, ${s.length}), s)); }`);
        ours.push(`${off(strchr(s, ch), s)} ${off(strrchr(s, ch), s)} ${off(memchr(s, ch, s.length), s)}`);
      }
      for (const b of STRINGS) {
        c.push(`{ const char *s = ${lit(a)}; printf("%ld\\n", off(strstr(s, ${lit(b)}), s)); }`);
        ours.push(String(off(strstr(s, cs(b)), s)));
      }
    }
    expect(ours).toEqual(runC(c));
  });

  it("strcpy, strncpy, strcat, strncat, memmove and memset leave the destination as C's do", () => {
    const c: string[] = [];
    const ours: string[] = [];
    const d = Buffer.alloc(16);
    const fresh = (init: string): void => {
      d.fill(0x58);
      d.write(init + "\0", "latin1");
    };
    const freshC = (init: string): string => `memset(d, 'X', 16); memcpy(d, ${lit(init + "\0")}, ${init.length + 1});`;
    const srcs = ["", "a", "abc", "hello", "héllo", "abcdefghijklmn"];
    for (const s of srcs) {
      c.push(`${freshC("")} strcpy(d, ${lit(s)}); hex(d, 16);`);
      fresh("");
      strcpy(d, cs(s));
      ours.push(hex(d));
      for (const n of [0, 1, 3, 8, 16]) {
        c.push(`${freshC("")} strncpy(d, ${lit(s)}, ${n}); hex(d, 16);`);
        fresh("");
        strncpy(d, cs(s), n);
        ours.push(hex(d));
      }
      for (const init of ["", "x"]) {
        if (init.length + s.length < 16) {
          c.push(`${freshC(init)} strcat(d, ${lit(s)}); hex(d, 16);`);
          fresh(init);
          strcat(d, cs(s));
          ours.push(hex(d));
        }
        for (const n of [0, 2, 5]) {
          c.push(`${freshC(init)} strncat(d, ${lit(s)}, ${n}); hex(d, 16);`);
          fresh(init);
          strncat(d, cs(s), n);
          ours.push(hex(d));
        }
      }
    }
    // Overlapping moves, both ways.
    for (const [to, from, n] of [[0, 3, 10], [3, 0, 10], [2, 2, 5], [0, 0, 0], [5, 1, 11]] as const) {
      c.push(`memcpy(d, "0123456789abcdef", 16); memmove(d + ${to}, d + ${from}, ${n}); hex(d, 16);`);
      d.write("0123456789abcdef", "latin1");
      memmove(d.subarray(to), d.subarray(from), n);
      ours.push(hex(d));
    }
    c.push(`memset(d, 0x141, 16); memset(d + 4, -1, 3); hex(d, 16);`);
    memset(d, 0x141, 16);
    memset(d.subarray(4), -1, 3);
    ours.push(hex(d));
    expect(ours).toEqual(runC(c));
  });

  it("results are views into the argument, as C's pointers (C's p - s is an offset, *p the byte)", () => {
    const s = cs("key=value");
    const eq = strchr(s, "=")!;
    expect(eq.buffer).toBe(s.buffer);
    expect(eq.byteOffset - s.byteOffset).toBe(3);
    expect(cstr_to_string(eq.subarray(1))).toBe("value");
    expect(strchr(s, 0)!.length).toBe(1);
    expect(strstr(s, "")).toEqual(s);
    const d = Buffer.alloc(8);
    expect(strcpy(d, "abc")).toBe(d);
    expect(strcat(d, "de")).toBe(d);
    expect(cstr_to_string(d)).toBe("abcde");
    expect(strlen("héllo")).toBe(6);
    expect(strcmp(d, "abcde")).toBe(0);
    // A string argument is searched in its UTF-8 copy.
    expect(cstr_to_string(strrchr("a/b/c", "/")!)).toBe("/c");
  });

  it("never reads or writes past a view: missing NULs and overflows are RangeErrors, wrong types TypeErrors", () => {
    const noNul = Buffer.from("abc");
    for (const f of [() => strlen(noNul), () => strcmp(noNul, "abc"), () => strchr(noNul, 0x7a), () => strstr(noNul, "z"), () => strdup(noNul), () => cstr_to_string(noNul)]) {
      expect(f).toThrow(RangeError);
    }
    expect(strncmp(noNul, "abx", 2)).toBe(0);
    expect(() => strncmp(noNul, "abcd", 4)).toThrow(RangeError);
    expect(() => strcpy(Buffer.alloc(3), "abc")).toThrow(/needs 4/);
    expect(() => strcat(cs("ab"), "c")).toThrow(RangeError);
    expect(() => strncpy(Buffer.alloc(3), "a", 4)).toThrow(RangeError);
    expect(() => strncat(Buffer.alloc(2, 1), "a", 1)).toThrow(RangeError);
    expect(() => memcmp(Buffer.alloc(2), Buffer.alloc(3), 3)).toThrow(RangeError);
    expect(() => memmove(Buffer.alloc(2), Buffer.alloc(3), 3)).toThrow(RangeError);
    expect(() => memchr(Buffer.alloc(2), 0, 3)).toThrow(RangeError);
    expect(() => memchr(Buffer.alloc(2), 0, -1)).toThrow(RangeError);
    expect(() => strlen(42 as never)).toThrow(TypeError);
    expect(() => strcpy("abc" as never, "x")).toThrow(TypeError);
    expect(() => strchr("abc", "ab" as never)).toThrow(TypeError);
    expect(() => memcmp({} as never, Buffer.alloc(1), 1)).toThrow(TypeError);
    expect(() => strncmp("a", "b", 1.5)).toThrow(TypeError);
    // void * takes a struct (C's &s) too.
    const a = new sockaddr_in();
    a.sin_family = AF_INET;
    expect(memchr(a, AF_INET, 16)).not.toBe(null);
    expect(memcmp(a, new sockaddr_in(a), 16)).toBe(0);
    expect(memcmp("abc", cs("abd"), 3)).toBeLessThan(0);
    expect(memmove(Buffer.alloc(2), "hi", 2).toString()).toBe("hi");
    expect(memcpy(Buffer.alloc(2), cs("hi"), 2).toString()).toBe("hi");
  });
});

describe("malloc, calloc, realloc, free", () => {
  it("allocate zero-filled buffers and fail as C does, with ENOMEM", () => {
    const p = malloc(10)!;
    expect(p.length).toBe(10);
    expect([...p].every((b) => b === 0)).toBe(true);
    expect(malloc(0)!.length).toBe(0);
    set_errno(0);
    expect(malloc(-1)).toBe(null);
    expect(errno).toBe(ENOMEM);
    set_errno(0);
    expect(calloc(2 ** 33, 2 ** 33)).toBe(null);
    expect(errno).toBe(ENOMEM);
    expect(calloc(3, 4)!.length).toBe(12);
    expect(() => malloc("10" as never)).toThrow(TypeError);
    free(p);
  });

  it("realloc keeps the bytes, and free detaches the block so a use after free sees no memory", () => {
    const p = malloc(4)!;
    p.write("abc\0", "latin1");
    const q = realloc(p, 8)!;
    expect(cstr_to_string(q)).toBe("abc");
    expect(q.length).toBe(8);
    expect(p.length).toBe(0); // realloc freed the old block
    expect(() => strlen(p)).toThrow(RangeError);
    expect(() => free(p)).toThrow(/was freed already/);
    expect(realloc(q, 0)).toBe(null); // glibc: frees q
    expect(q.length).toBe(0);
    expect(() => free(Buffer.alloc(4))).toThrow(TypeError);
    expect(() => free(malloc(4)!.subarray(1))).toThrow(TypeError);
    const d = strdup("dup")!;
    expect(cstr_to_string(d)).toBe("dup");
    free(d);
    free(null);
    expect(realloc(null, 3)!.length).toBe(3);
  });
});
