// The printf comparison table: each case is a format and typed arguments,
// written out both as a C call (compiled by test/libc-printf.test.ts with the
// system compiler) and as the JavaScript values a port passes.

/** A C argument: its C expression and the JavaScript value that stands for it. */
export interface Arg {
  c: string;
  js: unknown;
}
export interface Case {
  fmt: string;
  args: Arg[];
}

/** A C string literal for bytes, every byte outside plain ASCII as an octal escape. */
export function cLiteral(bytes: Uint8Array | string): string {
  const b = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  let s = '"';
  for (const c of b) {
    const ch = String.fromCharCode(c);
    s += c >= 0x20 && c < 0x7f && ch !== '"' && ch !== "\\" && ch !== "?" ? ch : `\\${c.toString(8).padStart(3, "0")}`;
  }
  return s + '"';
}

/** A NaN with its sign bit set (C's -NAN): V8 keeps the bits of a NaN read from memory. */
export const NEG_NAN = new Float64Array(new BigUint64Array([0xfff8000000000000n]).buffer)[0]!;

function dbl(v: number): string {
  if (Number.isNaN(v)) return new Uint8Array(new Float64Array([v]).buffer)[7]! & 0x80 ? "(-NAN)" : "NAN";
  if (v === Infinity) return "INFINITY";
  if (v === -Infinity) return "(-INFINITY)";
  if (Object.is(v, -0)) return "(-0.0)";
  // The shortest text that reads back as the same double; the compiler rounds it correctly.
  const s = String(v);
  return /[.e]/.test(s) ? `(${s})` : `(${s}.0)`;
}

function big(v: bigint, unsigned: boolean): string {
  if (v === -(2n ** 63n)) return "(-9223372036854775807LL - 1)";
  return `(${v}${unsigned ? "ULL" : "LL"})`;
}

export const I = (v: number): Arg => ({ c: `(int)${v < 0 ? `(${v})` : v}`, js: v });
export const U = (v: number): Arg => ({ c: `(unsigned)${v}u`, js: v });
export const L = (v: bigint | number, type = "long"): Arg => ({ c: `(${type})${big(BigInt(v), false)}`, js: v });
export const UL = (v: bigint | number, type = "unsigned long"): Arg => ({ c: `(${type})${big(BigInt(v), true)}`, js: v });
export const D = (v: number): Arg => ({ c: `(double)${dbl(v)}`, js: v });
export const LD = (v: number): Arg => ({ c: `(long double)${dbl(v)}`, js: v });
export const S = (v: string | Uint8Array | null): Arg => ({ c: v === null ? "(char *)0" : cLiteral(v), js: v });
export const P = (v: number | bigint | null): Arg => ({ c: v === null ? "(void *)0" : `(void *)${big(BigInt(v), true)}`, js: v });
/** A char: C's int, passed as a number (or as a one-character string, C's 'a'). */
export const C = (v: number | string): Arg => ({ c: typeof v === "string" ? `'${v}'` : `(int)${v < 0 ? `(${v})` : v}`, js: v });

const cases: Case[] = [];
const each = (fmts: string[], args: Arg[][]): void => {
  for (const fmt of fmts) for (const a of args) cases.push({ fmt, args: a });
};

// Integers: flags, width, precision, bases, and the wrap to each length modifier's width.
const INTS = [0, 1, -1, 42, -42, 300, 65535, 2147483647, -2147483648, 255, 4096].map((v) => [I(v)]);
each(
  ["%d", "%i", "%5d|", "%-5d|", "%05d", "%+d", "% d", "%+05d", "%+ d", "%-+6d|", "%.3d", "%8.3d|", "%-8.3d|", "%08.3d|", "%.0d|", "%+.0d|",
   "% .0d|", "%x", "%X", "%#x", "%#X", "%o", "%#o", "%#.0o|", "%#.0x|", "%u", "%+u", "% u", "%#10x|", "%#010x", "%-#10x|", "%hhd", "%hhu",
   "%hd", "%hu", "%hhx", "%hx", "%'d", "%.10u", "%5.0o|"],
  INTS,
);
const LONGS = [0n, -1n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, 1234567890123n, -987654321987n];
each(["%ld", "%li", "%lu", "%lx", "%lX", "%lo", "%#lo", "%20ld|", "%-+20ld|", "%020ld", "%.25ld"], LONGS.map((v) => [L(v)]));
each(["%lld", "%llu", "%llx", "%Lu", "%qd"], LONGS.map((v) => [L(v, "long long")]));
each(["%zu", "%zd", "%zx", "%Zu"], [0n, -1n, 4096n, 2n ** 40n].map((v) => [L(v, "size_t")]));
each(["%jd", "%ju", "%td", "%tx"], [0n, -1n, 123456789012345n].map((v) => [L(v, "long")]));
// A JavaScript number for a long (exact below 2^53) and -1 for unsigned long.
each(["%ld", "%lu", "%lx"], [[L(2 ** 40)], [L(-1)], [L(-(2 ** 53))]]);
each(["%lu"], [[UL(2n ** 64n - 1n)]]);

// Characters.
each(["%c", "[%5c]", "[%-5c]", "[%05c]", "%hhc", "[%.0c]"], [[C(65)], [C(0)], [C(255)], [C(300)], [C(-1)], [C("a")]]);

// Strings: precision cuts bytes, widths count bytes, a Buffer stops at its NUL, null is (null).
each(
  ["%s", "[%10s]", "[%-10s]", "[%.3s]", "[%10.3s]", "[%.0s]", "[%05s]", "[%-.2s]", "[%.6s]", "[%.5s]", "%hhs"],
  [[S("hello")], [S("")], [S("héllo wörld")], [S(Buffer.from("ab\0cd\0"))], [S(null)]],
);

// Pointers: glibc's %p is %#lx, "(nil)" for NULL.
each(["%p", "[%20p]", "[%-20p]", "%+p", "% p", "[%.8p]", "[%020p]", "[%.3p]"], [[P(null)], [P(0x1234)], [P(0xdeadbeefn)], [P(2 ** 47 - 8)], [P(-1n)]]);

// Floating point: exact decimal expansions rounded half to even, %g's choice and trailing zeros, hex floats.
const DOUBLES = [
  0, -0, 0.5, 1.5, 2.5, 3.5, -0.5, -2.5, 1, 0.1, 1 / 3, 2 / 3, 123.456, 1e-5, 1e-4, 0.00012345, 123456789, 1e15, 1e16, 1e21, 1e22, 1e100,
  1e300, 1.7976931348623157e308, 5e-324, 2.2250738585072014e-308, 9.9995, 0.125, 999999.5, 9.5, 0.05, 0.15, 0.25, 0.35, 1.005, 1234.5678,
  -98765.4321, Infinity, -Infinity, NaN, NEG_NAN,
].map((v) => [D(v)]);
each(
  ["%f", "%.0f", "%.1f", "%.2f", "%.3f", "%.10f", "[%12.3f]", "[%-12.3f]", "%+f", "% f", "%012.2f", "%#.0f", "%F", "%e", "%.0e", "%.2e",
   "%E", "%#.0e", "[%+15.4e]", "%g", "%.0g", "%.1g", "%.2g", "%.3g", "%.10g", "%.17g", "%#g", "%#.3g", "%G", "[%-12g]", "%012g", "%a", "%A",
   "%.0a", "%.1a", "%.3a", "%#a", "[%20a]", "%020a", "%lf", "%.20e", "%.30f"],
  DOUBLES,
);
each(["%La", "%LA", "%.0La", "%.3La", "%Lf", "%Le", "%Lg", "%.40Lf", "%llf"], [0, 1, -1.5, 0.1, 5e-324, 1e300, 1 / 3, 255.96875, NaN, -Infinity].map((v) => [LD(v)]));
each(["%.60f", "%.25e", "%.40g"], [[D(0.1)], [D(5e-324)], [D(1 / 3)], [D(1e23)]]);

// Rounding carries (9.995 -> 10.00, 0x1.f8 -> 0x2.0) and halfway hex digits.
each(["%.2f", "%.1e", "%.2g", "%.1a", "%.0a", "%.2a"], [[D(9.995)], [D(99.95)], [D(1.96875)], [D(1.53125)], [D(0.999999999)], [D(1.0625)], [D(1.1875)]]);

// glibc's %#g when rounding carries a %f-style value to P digits: "1.e+03", not "1.00e+03".
each(["%#g", "%#.3g", "%#.2g", "%#.1g", "%#.5G"], [[D(999999.5)], [D(999.96)], [D(99.999)], [D(9.7)], [D(99999.7)], [D(9.9996)]]);

// Random doubles (any bit pattern: subnormals, huge, tiny) with random precisions, from a fixed seed.
{
  let seed = 0x2545f491;
  const next = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  const bits = new Uint32Array(2);
  const f64 = new Float64Array(bits.buffer);
  const convs = ["f", "e", "g", "a", "E", "G", "#g", "+.3e"];
  for (let i = 0; i < 400; i++) {
    bits[0] = next();
    bits[1] = next();
    const v = i % 4 === 0 ? f64[0]! : (next() / 2 ** 32 - 0.5) * 10 ** ((next() % 40) - 20);
    const conv = convs[next() % convs.length]!;
    const prec = conv.includes(".") ? "" : next() % 3 === 0 ? "" : `.${next() % 25}`;
    cases.push({ fmt: `%${conv.length > 1 ? conv.slice(0, -1) : ""}${prec}${conv.slice(-1)}`, args: [D(Number.isFinite(v) ? v : 1)] });
  }
}

// `*` widths and precisions (a negative width is the - flag, a negative precision none).
cases.push(
  { fmt: "[%*d]", args: [I(8), I(42)] },
  { fmt: "[%*d]", args: [I(-8), I(42)] },
  { fmt: "[%-*d]", args: [I(-8), I(42)] },
  { fmt: "[%.*d]", args: [I(5), I(42)] },
  { fmt: "[%.*d]", args: [I(-5), I(42)] },
  { fmt: "[%*.*f]", args: [I(10), I(3), D(3.14159)] },
  { fmt: "[%*.*f]", args: [I(-10), I(-3), D(3.14159)] },
  { fmt: "[%.*s]", args: [I(2), S("abcdef")] },
  { fmt: "[%*s]", args: [I(6), S("ab")] },
  { fmt: "[%*c]", args: [I(3), C(120)] },
  // Numbered arguments.
  { fmt: "%2$s %1$d", args: [I(5), S("x")] },
  { fmt: "%1$d %1$x %1$o", args: [I(255)] },
  { fmt: "[%2$*1$d]", args: [I(6), I(42)] },
  { fmt: "[%3$*1$.*2$f]", args: [I(9), I(2), D(2.71828)] },
  // Literal text, %%, and what glibc does with what it does not know.
  { fmt: "plain text", args: [] },
  { fmt: "100%% sure", args: [] },
  { fmt: "[%5%]", args: [] },
  { fmt: "[%-5%]", args: [] },
  { fmt: "%y|%5y|%-+#08.3y|", args: [] },
  { fmt: "héllo %s wörld", args: [S("dear")] },
  { fmt: "%s:%d (%5.1f%%) %c%c", args: [S("load"), I(7), D(99.44), C(79), C(75)] },
  { fmt: "%d %s %f %x %c %p %e %g %u %o", args: [I(-7), S("mix"), D(2.5), I(-2), C(33), P(0x10), D(1234.5), D(0.0001), I(-3), I(8)] },
  { fmt: "tab\there\nnewline", args: [] },
  { fmt: "%s", args: [S("a\tb\nc\\d\"e")] },
  // The format ends inside a conversion: glibc writes what came before and returns -1 (EINVAL).
  { fmt: "abc%", args: [] },
  { fmt: "%d then %", args: [I(3)] },
  { fmt: "%-", args: [] },
  // A width or precision past INT_MAX: what came before, and -1 with EOVERFLOW.
  { fmt: "ab%2147483648d", args: [I(1)] },
  { fmt: "ab%.2147483648f", args: [D(1)] },
  { fmt: "ab%99999999999999999999s", args: [S("x")] },
);

export const CASES: readonly Case[] = cases;

/** snprintf truncation: sizes and formats whose output is cut, the rest of the buffer untouched. */
export const TRUNCATION: readonly { size: number; fmt: string; args: Arg[] }[] = [0, 1, 2, 5, 8, 15, 16].flatMap((size) => [
  { size, fmt: "hello, world", args: [] },
  { size, fmt: "%d-%s", args: [I(-123456), S("abcdef")] },
  { size, fmt: "%.3f", args: [D(3.14159)] },
  { size, fmt: "héllo%c", args: [C(0)] },
  { size, fmt: "abc%", args: [] },
]);
