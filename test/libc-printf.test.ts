// printf's format engine against the system's own printf(3): every case of
// test/libc-printf-cases.ts is run by a C program compiled here and by
// berkeley-sockets/libc, and the bytes must be identical: snprintf's result
// and return value case by case, snprintf's truncation (every byte of the
// buffer), and the whole stream printf writes to a pipe.
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { errno, set_errno } from "../src/index.js";
import { dprintf, printf, snprintf, sprintf } from "../src/libc.js";
import { native } from "../src/native.js";
import { CASES, cLiteral, TRUNCATION, type Arg } from "./libc-printf-cases.js";
import { compileC, root, tsx } from "./helpers.js";

const BUF = 4096;
const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const call = (fmt: string, args: Arg[]): string => [cLiteral(fmt), ...args.map((a) => a.c)].join(", ");

/** One line per case: index, return value, errno when it failed, and the bytes written, in hex. */
function snprintfProgram(): string {
  const body = CASES.map((c, i) => `  errno = 0; memset(b, 0, sizeof b); n = snprintf(b, sizeof b, ${call(c.fmt, c.args)}); line(${i}, n, b);`);
  return `#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
static char b[${BUF}];
static void line(int i, int n, const char *s) {
  size_t len = n < 0 ? strlen(s) : (size_t)n;
  if (len > sizeof b - 1) len = sizeof b - 1;
  printf("%d %d %d ", i, n, n < 0 ? errno : 0);
  for (size_t k = 0; k < len; k++) printf("%02x", (unsigned char)s[k]);
  putchar('\\n');
}
int main(void) {
  int n;
${body.join("\n")}
  return 0;
}
`;
}

function snprintfOurs(): string[] {
  const b = Buffer.alloc(BUF);
  return CASES.map((c, i) => {
    set_errno(0);
    b.fill(0);
    const n = snprintf(b, b.length, c.fmt, ...c.args.map((a) => a.js));
    const len = Math.min(n < 0 ? b.indexOf(0) : n, BUF - 1);
    return `${i} ${n} ${n < 0 ? errno : 0} ${hex(b.subarray(0, len))}`;
  });
}

let cLines: string[];
beforeAll(() => {
  // -fno-builtin: the compiler must not fold any call; every result comes from glibc's printf.
  const r = spawnSync(compileC(snprintfProgram(), ["-fno-builtin", "-Wno-format"]), { encoding: "utf8", maxBuffer: 64 << 20 });
  expect(r.status).toBe(0);
  cLines = r.stdout.replace(/\n$/, "").split("\n");
}, 180_000);

describe("printf's format engine against glibc's printf(3)", () => {
  it(`covers at least 200 cases (has ${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(200);
    expect(cLines).toHaveLength(CASES.length);
  });

  it("snprintf gives byte-identical results and return values in every case", () => {
    const ours = snprintfOurs();
    const diff: string[] = [];
    for (let i = 0; i < CASES.length; i++) {
      if (ours[i] !== cLines[i]) {
        const c = CASES[i]!;
        const show = (l: string | undefined) => {
          const [, n, e, h] = (l ?? "").split(" ");
          return `${n}${e !== "0" ? ` errno ${e}` : ""} ${JSON.stringify(Buffer.from(h ?? "", "hex").toString("latin1"))}`;
        };
        diff.push(`#${i} ${JSON.stringify(c.fmt)} (${c.args.map((a) => a.c).join(", ")}): C ${show(cLines[i])}, ours ${show(ours[i])}`);
      }
    }
    expect(diff.slice(0, 40)).toEqual([]);
  });

  it("snprintf truncates as C: at most size - 1 bytes and a NUL, the rest untouched, the full length returned", () => {
    const body = TRUNCATION.map(
      (t, i) => `  errno = 0; memset(b, 'X', 16); n = snprintf(b, ${t.size}, ${call(t.fmt, t.args)}); printf("%d %d %d ", ${i}, n, n < 0 ? errno : 0); dump();`,
    );
    const program = `#include <errno.h>
#include <stdio.h>
#include <string.h>
static char b[16];
static void dump(void) { for (int k = 0; k < 16; k++) printf("%02x", (unsigned char)b[k]); putchar('\\n'); }
int main(void) {
  int n;
${body.join("\n")}
  return 0;
}
`;
    const c = spawnSync(compileC(program, ["-fno-builtin", "-Wno-format", "-Wno-format-truncation"]), { encoding: "utf8" }).stdout.replace(/\n$/, "").split("\n");
    const b = Buffer.alloc(16);
    const ours = TRUNCATION.map((t, i) => {
      set_errno(0);
      b.fill("X");
      const n = snprintf(b, t.size, t.fmt, ...t.args.map((a) => a.js));
      return `${i} ${n} ${n < 0 ? errno : 0} ${hex(b)}`;
    });
    expect(ours).toEqual(c);
    expect(c.length).toBe(TRUNCATION.length);
  });

  it("printf writes the same byte stream as C's printf into a pipe", () => {
    const body = CASES.map((c) => `  n = printf(${call(c.fmt, c.args)}); printf("=%d\\n", n);`);
    const program = `#include <math.h>
#include <stdio.h>
int main(void) {
  int n;
${body.join("\n")}
  return 0;
}
`;
    const c = spawnSync(compileC(program, ["-fno-builtin", "-Wno-format"]), { maxBuffer: 64 << 20 });
    const script = `import { CASES } from ${JSON.stringify(`${root}/test/libc-printf-cases.ts`)};
import { printf } from ${JSON.stringify(`${root}/src/libc.ts`)};
for (const c of CASES) { const n = printf(c.fmt, ...c.args.map((a) => a.js)); printf("=%d\\n", n); }`;
    const ts = spawnSync(tsx, ["--eval", script], { maxBuffer: 64 << 20, env: { ...process.env, BERKELEY_SOCKETS_TRACE: "" } });
    expect(ts.stderr.toString()).toBe("");
    expect(c.stdout.length).toBeGreaterThan(20_000);
    expect(ts.stdout.equals(c.stdout)).toBe(true);
  }, 60_000);
});

describe("the printf family's C edges", () => {
  it("%n stores the count so far; %m prints strerror(errno)", () => {
    const b = Buffer.alloc(64);
    const count = new Int32Array(1);
    const small = new Int8Array(1);
    expect(snprintf(b, b.length, "hello%n, %hhn!", count, small)).toBe(8);
    expect([count[0], small[0]]).toEqual([5, 7]);
    set_errno(native.constants.ECONNREFUSED!);
    expect(snprintf(b, b.length, "%m|%.4m")).toBe("Connection refused|Conn".length);
    expect(b.toString("latin1", 0, 23)).toBe("Connection refused|Conn");
  });

  it("wrong argument types are TypeErrors, missing NULs and overflows RangeErrors", () => {
    const b = Buffer.alloc(8);
    expect(() => snprintf(b, 8, "%d", 1.5)).toThrow(TypeError);
    expect(() => snprintf(b, 8, "%d", "1")).toThrow(TypeError);
    expect(() => snprintf(b, 8, "%f", 1n)).toThrow(TypeError);
    expect(() => snprintf(b, 8, "%s", 42)).toThrow(TypeError);
    expect(() => snprintf(b, 8, "%p", Buffer.alloc(1))).toThrow(TypeError);
    expect(() => snprintf(b, 8, "%c", "ab")).toThrow(TypeError);
    expect(() => snprintf(b, 8, "%ls", "x")).toThrow(TypeError);
    expect(() => snprintf(b, 8, "%d %d", 1)).toThrow(/needs argument 2/);
    expect(() => snprintf(b, 8, "%1$d %d", 1, 2)).toThrow(TypeError);
    expect(() => snprintf(b, 8, "%n", new Int16Array(1))).toThrow(TypeError);
    expect(() => snprintf(b, 9, "x")).toThrow(RangeError);
    expect(() => snprintf(b, -1, "x")).toThrow(RangeError);
    expect(() => snprintf(b, 8, "%s", Buffer.from("abc"))).toThrow(/no NUL terminator/);
    expect(snprintf(b, 8, "%.2s", Buffer.from("abc"))).toBe(2);
    expect(() => snprintf(b, 8, Buffer.from("%d"), 1)).toThrow(RangeError);
    expect(snprintf(b, 8, Buffer.from("%d\0ignored"), 17)).toBe(2);
    expect(() => sprintf(b, "%s", "12345678")).toThrow(/needs 9/);
    expect(sprintf(b, "%s", "1234567")).toBe(7);
    expect(b.toString("latin1")).toBe("1234567\0");
    expect(snprintf(null, 0, "%d", 12345)).toBe(5);
    expect(() => printf(42 as never)).toThrow(TypeError);
  });

  it("dprintf writes straight to a descriptor, in one write", () => {
    const c = spawnSync(compileC(`#include <stdio.h>
int main(void) { printf("buffered\\n"); dprintf(1, "direct %d\\n", 1); return 0; }`));
    const ts = spawnSync(tsx, ["--eval", `import { printf, dprintf } from ${JSON.stringify(`${root}/src/libc.ts`)};
printf("buffered\\n"); dprintf(1, "direct %d\\n", 1);`]);
    expect(ts.stdout.toString()).toBe("direct 1\nbuffered\n");
    expect(ts.stdout.equals(c.stdout)).toBe(true);
    expect(dprintf(1_000_003, "x")).toBe(-1);
    expect(errno).toBe(native.constants.EBADF);
  });
});
