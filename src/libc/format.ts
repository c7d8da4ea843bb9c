// The one printf format engine (printf, fprintf, dprintf, sprintf, snprintf):
// C's conversion rules as glibc applies them, producing bytes. Integer widths
// for the length modifiers come from the native build; floating-point output
// is the exact decimal (or hexadecimal) expansion of the double, rounded half
// to even as glibc does in the default rounding mode.
//
// JavaScript values stand for C's varargs:
// - an integer conversion (%d %i %u %o %x %X %c, and `*`) takes an integral
//   number or a bigint and wraps it to the conversion's width, as C's
//   conversion of the promoted argument does: %u of -1 is 4294967295, %hhd of
//   300 is 44, %llu of -1n is 18446744073709551615. A fraction, NaN or
//   Infinity is a TypeError (C would read an int where a double was passed).
//   %c also takes a one-character ASCII string ('a' in C is an int).
// - a floating conversion (%f %F %e %E %g %G %a %A) takes a number; with L
//   (long double) the number is the long double's value (%La prints x87 form).
// - %s takes a string (written as UTF-8, up to a NUL), a byte view (up to its
//   NUL; a view without one is a RangeError unless the precision stops first),
//   or null ("(null)", as glibc).
// - %p takes null ("(nil)") or an integral number/bigint address.
// - %n takes an integer typed array of the modifier's size (Int32Array for %n).
// Widths and precisions count bytes, as C does.
import { errno } from "../errno.js";
import { describe, wrongArg } from "../describe.js";
import { native } from "../native.js";
import { bytesOf } from "./string.js";

const SIZE = native.types;
const EINVAL = native.constants.EINVAL!;
const EOVERFLOW = native.constants.EOVERFLOW!;
/** C's printf returns an int: a longer output (or a width or precision past INT_MAX) is EOVERFLOW. */
const INT_MAX = 0x7fffffff;

/** Thrown inside the engine when the output would pass INT_MAX; format() turns it into EOVERFLOW. */
class Overflow extends Error {}

/** Bytes being built: grows as needed. */
export class Sink {
  bytes = new Uint8Array(256);
  length = 0;
  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    if (this.length + n > INT_MAX) throw new Overflow();
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
  put(b: Uint8Array): void {
    this.room(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
  }
  /** ASCII text (every engine-made string is ASCII). */
  ascii(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.bytes[this.length++] = s.charCodeAt(i);
  }
  fill(c: number, n: number): void {
    if (n <= 0) return;
    this.room(n);
    this.bytes.fill(c, this.length, this.length + n);
    this.length += n;
  }
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

// ---- parsing ---------------------------------------------------------------

type Length = "" | "hh" | "h" | "l" | "ll" | "L" | "j" | "z" | "t";
/** A width or precision: a number, `*` (the next argument) or `*m$` (argument m). */
type Count = number | { arg: number | null };

interface Spec {
  /** Argument number for %m$ (1-based), or null for the next one. */
  pos: number | null;
  minus: boolean;
  plus: boolean;
  space: boolean;
  hash: boolean;
  zero: boolean;
  quote: boolean;
  i18n: boolean;
  width: Count;
  /** -1: none; -2: a width or precision past INT_MAX (EOVERFLOW). */
  prec: Count;
  length: Length;
  /** The conversion character's code (0: the format ended inside the spec). */
  conv: number;
}

type Item = Uint8Array | Spec;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

function parse(fmt: Uint8Array): Item[] {
  const items: Item[] = [];
  let i = 0;
  let lit = 0;
  const n = fmt.length;
  // Reads a decimal number at i (C's read_int: past INT_MAX it is -1, which glibc reports as EOVERFLOW).
  const num = (): number => {
    let v = 0;
    while (i < n && isDigit(fmt[i]!)) {
      if (v >= 0) v = v * 10 + (fmt[i]! - 0x30);
      if (v > INT_MAX) v = -1;
      i++;
    }
    return v;
  };
  // `*` or `*m$`.
  const star = (): Count => {
    i++;
    const save = i;
    if (i < n && isDigit(fmt[i]!)) {
      const m = num();
      if (fmt[i] === 0x24 /* $ */ && m > 0) {
        i++;
        return { arg: m };
      }
      i = save;
    }
    return { arg: null };
  };
  while (i < n) {
    if (fmt[i] !== 0x25 /* % */) {
      i++;
      continue;
    }
    if (i > lit) items.push(fmt.subarray(lit, i));
    i++;
    const spec: Spec = { pos: null, minus: false, plus: false, space: false, hash: false, zero: false, quote: false, i18n: false, width: 0, prec: -1, length: "", conv: 0 };
    // %m$
    if (i < n && isDigit(fmt[i]!) && fmt[i] !== 0x30) {
      const save = i;
      const m = num();
      if (fmt[i] === 0x24 && m > 0) {
        spec.pos = m;
        i++;
      } else i = save;
    }
    for (; i < n; i++) {
      const c = fmt[i]!;
      if (c === 0x2d) spec.minus = true;
      else if (c === 0x2b) spec.plus = true;
      else if (c === 0x20) spec.space = true;
      else if (c === 0x23) spec.hash = true;
      else if (c === 0x30) spec.zero = true;
      else if (c === 0x27) spec.quote = true;
      else if (c === 0x49 /* I */) spec.i18n = true;
      else break;
    }
    if (fmt[i] === 0x2a) spec.width = star();
    else spec.width = num();
    if (spec.width === -1) spec.prec = -2;
    if (fmt[i] === 0x2e /* . */) {
      i++;
      if (fmt[i] === 0x2a) spec.prec = star();
      else if (spec.prec !== -2) spec.prec = num();
      else num();
      if (spec.prec === -1) spec.prec = -2;
    }
    const c = fmt[i];
    if (c === 0x68 /* h */) spec.length = fmt[++i] === 0x68 ? (i++, "hh") : "h";
    else if (c === 0x6c /* l */) spec.length = fmt[++i] === 0x6c ? (i++, "ll") : "l";
    else if (c === 0x4c /* L */ || c === 0x71 /* q */) (spec.length = "ll"), i++;
    else if (c === 0x6a /* j */) (spec.length = "j"), i++;
    else if (c === 0x7a /* z */ || c === 0x5a /* Z */) (spec.length = "z"), i++;
    else if (c === 0x74 /* t */) (spec.length = "t"), i++;
    if (c === 0x4c) spec.length = "L";
    spec.conv = i < n ? fmt[i++]! : 0;
    items.push(spec);
    lit = i;
    if (spec.conv === 0) return items;
  }
  if (n > lit) items.push(fmt.subarray(lit, n));
  return items;
}

const cache = new Map<string, Item[]>();
const CACHE_MAX = 128;

/** The format as bytes up to its NUL (a C string), parsed; string formats are cached. */
function itemsOf(fn: string, fmt: unknown): Item[] {
  if (typeof fmt === "string") {
    let items = cache.get(fmt);
    if (items === undefined) {
      const b = Buffer.from(fmt, "utf8");
      const nul = b.indexOf(0);
      items = parse(nul < 0 ? b : b.subarray(0, nul));
      if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
      cache.set(fmt, items);
    }
    return items;
  }
  if (ArrayBuffer.isView(fmt)) {
    const b = bytesOf(fmt);
    const nul = b.indexOf(0);
    if (nul < 0) throw new RangeError(`${fn}: format has no NUL terminator within its ${b.length} bytes`);
    return parse(b.slice(0, nul));
  }
  throw new TypeError(wrongArg(fn, "format", "a string or a NUL-terminated byte view", fmt));
}

// ---- arguments -------------------------------------------------------------

/** Bits of the integer a length modifier reads (sizes from the native build). */
function bitsOf(length: Length): number {
  switch (length) {
    case "hh": return SIZE.char! * 8;
    case "h": return SIZE.short! * 8;
    case "l": return SIZE.long! * 8;
    case "ll": case "L": return SIZE["long long"]! * 8;
    case "j": return SIZE.intmax_t! * 8;
    case "z": return SIZE.size_t! * 8;
    case "t": return SIZE.ptrdiff_t! * 8;
    default: return SIZE.int! * 8;
  }
}

class Args {
  private next = 0;
  constructor(private readonly fn: string, private readonly list: readonly unknown[], private readonly positional: boolean) {}
  take(pos: number | null, what: string): unknown {
    if ((pos === null) === this.positional) {
      throw new TypeError(`${this.fn}: the format mixes numbered (%m$) and unnumbered conversions`);
    }
    const i = pos === null ? this.next++ : pos - 1;
    if (i >= this.list.length) {
      throw new TypeError(`${this.fn}: the format needs argument ${i + 1} (${what}), but only ${this.list.length} ${this.list.length === 1 ? "was" : "were"} given`);
    }
    return this.list[i];
  }
  /** An integer argument wrapped to `bits` (signed or not), as a bigint for 64 bits, else a number. */
  int(pos: number | null, what: string, bits: number, signed: boolean): number | bigint {
    const v = this.take(pos, what);
    if (typeof v === "number") {
      if (!Number.isInteger(v)) throw new TypeError(`${this.fn}: ${what} takes an integer, got ${describe(v)}`);
      if (bits === 32) return signed ? v | 0 : v >>> 0;
      if (bits < 32) {
        const s = 32 - bits;
        return signed ? ((v | 0) << s) >> s : ((v | 0) << s) >>> s;
      }
      return signed ? BigInt.asIntN(bits, BigInt(v)) : BigInt.asUintN(bits, BigInt(v));
    }
    if (typeof v === "bigint") {
      const w = signed ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
      return bits > 32 ? w : Number(w);
    }
    throw new TypeError(`${this.fn}: ${what} takes an integer (a number or bigint), got ${describe(v)}`);
  }
  count(c: Count, what: string): number {
    if (typeof c === "number") return c;
    return this.int(c.arg, what, SIZE.int! * 8, true) as number;
  }
}

// ---- conversions -----------------------------------------------------------

interface Ctx {
  fn: string;
  out: Sink;
  spec: Spec;
  width: number;
  /** -1: none. */
  prec: number;
  minus: boolean;
}

/** Writes body with its sign/prefix, padded to the width (zeros after the prefix when zeroPad). */
function pad(x: Ctx, prefix: string, body: string | Uint8Array, zeroPad: boolean): void {
  const len = prefix.length + body.length;
  const fill = x.width - len;
  if (!x.minus && !zeroPad) x.out.fill(0x20, fill);
  x.out.ascii(prefix);
  if (!x.minus && zeroPad) x.out.fill(0x30, fill);
  if (typeof body === "string") x.out.ascii(body);
  else x.out.put(body);
  if (x.minus) x.out.fill(0x20, fill);
}

function integer(x: Ctx, v: number | bigint, conv: number, signedConv: boolean, pointer = false): void {
  const base = conv === 0x6f ? 8 : conv === 0x78 || conv === 0x58 ? 16 : 10;
  const neg = v < 0;
  let digits = (neg ? -v : v).toString(base);
  if (conv === 0x58) digits = digits.toUpperCase();
  const zeroValue = v === 0 || v === 0n;
  if (x.prec === 0 && zeroValue) digits = "";
  if (x.prec > digits.length) digits = "0".repeat(x.prec - digits.length) + digits;
  if (base === 8 && x.spec.hash && digits[0] !== "0") digits = "0" + digits;
  let prefix = neg ? "-" : signedConv && x.spec.plus ? "+" : signedConv && x.spec.space ? " " : "";
  if (base === 16 && (x.spec.hash || pointer) && !zeroValue) prefix += conv === 0x58 ? "0X" : "0x";
  pad(x, prefix, digits, x.spec.zero && x.prec < 0 && !x.minus);
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HI = native.platform.little_endian ? 1 : 0;
const LO = 1 - HI;

/** A finite double's sign and |x| = m * 2^e (m < 2^53). */
function decompose(d: number): { neg: boolean; m: bigint; e: number; biased: number } {
  F64[0] = d;
  const hi = U32[HI]!;
  const lo = U32[LO]!;
  const biased = (hi >>> 20) & 0x7ff;
  const frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  return { neg: hi >>> 31 === 1, m: biased === 0 ? frac : frac | (1n << 52n), e: biased === 0 ? -1074 : biased - 1075, biased };
}

function signBit(d: number): boolean {
  F64[0] = d;
  return U32[HI]! >>> 31 === 1;
}

const pow5 = new Map<number, bigint>();
/**
 * The exact decimal expansion of m * 2^e: its significant digits and the
 * power of ten of the first one (0 is "0" at 10^0).
 */
function exactDecimal(m: bigint, e: number): { digits: string; exp: number } {
  if (m === 0n) return { digits: "0", exp: 0 };
  if (e >= 0) {
    const s = (m << BigInt(e)).toString();
    return { digits: s, exp: s.length - 1 };
  }
  let p = pow5.get(-e);
  if (p === undefined) pow5.set(-e, (p = 5n ** BigInt(-e)));
  const s = (m * p).toString();
  return { digits: s, exp: s.length - 1 + e };
}

/**
 * The first `keep` digits of an exact expansion, rounded half to even on the
 * digits dropped; `carry` when rounding up added a digit ("99" -> "100").
 */
function roundDigits(digits: string, keep: number): { digits: string; carry: boolean } {
  if (keep >= digits.length) return { digits: digits + "0".repeat(keep - digits.length), carry: false };
  if (keep < 0) return { digits: "", carry: false };
  const first = digits.charCodeAt(keep) - 0x30;
  let up = first > 5;
  if (first === 5) {
    let rest = false;
    for (let i = keep + 1; i < digits.length; i++) {
      if (digits.charCodeAt(i) !== 0x30) {
        rest = true;
        break;
      }
    }
    const lastOdd = keep > 0 && (digits.charCodeAt(keep - 1) - 0x30) % 2 === 1;
    up = rest || lastOdd;
  }
  const kept = digits.slice(0, keep);
  if (!up) return { digits: kept, carry: false };
  let i = keep - 1;
  while (i >= 0 && kept[i] === "9") i--;
  if (i < 0) return { digits: "1" + "0".repeat(keep), carry: true };
  return { digits: kept.slice(0, i) + String.fromCharCode(kept.charCodeAt(i) + 1) + "0".repeat(keep - 1 - i), carry: false };
}

/** %f's body: the expansion rounded at 10^-prec. */
function fixed(d: { digits: string; exp: number }, prec: number, hash: boolean): string {
  const r = roundDigits(d.digits, d.exp + 1 + prec);
  const s = r.digits.padStart(prec + 1, "0");
  const int = s.slice(0, s.length - prec);
  return prec > 0 ? `${int}.${s.slice(s.length - prec)}` : hash ? `${int}.` : int;
}

/** %e's body with precision prec (E: uppercase). */
function scientific(d: { digits: string; exp: number }, prec: number, hash: boolean, upper: boolean): string {
  const r = roundDigits(d.digits, prec + 1);
  const digits = r.carry ? r.digits.slice(0, prec + 1) : r.digits;
  const exp = d.digits === "0" ? 0 : d.exp + (r.carry ? 1 : 0);
  const mant = prec > 0 ? `${digits[0]}.${digits.slice(1)}` : hash ? `${digits}.` : digits;
  const ae = Math.abs(exp);
  return `${mant}${upper ? "E" : "e"}${exp < 0 ? "-" : "+"}${ae < 10 ? "0" : ""}${ae}`;
}

/** %g: %e or %f by the exponent, trailing zeros removed unless #. */
function general(d: { digits: string; exp: number }, prec: number, hash: boolean, upper: boolean): string {
  const p = prec === 0 ? 1 : prec;
  const r = roundDigits(d.digits, p);
  const x = d.digits === "0" ? 0 : d.exp + (r.carry ? 1 : 0);
  if (hash && r.carry && x === p) {
    // glibc: a value that fit %f until rounding carried it to P digits
    // (%#g of 999999.5) switches to %e keeping no fraction digits: "1.e+06".
    return `1.${upper ? "E" : "e"}+${x < 10 ? "0" : ""}${x}`;
  }
  let s = p > x && x >= -4 ? fixed(d, p - 1 - x, hash) : scientific(d, p - 1, hash, upper);
  if (!hash) {
    const e = s.search(/[eE]/);
    let mant = e < 0 ? s : s.slice(0, e);
    if (mant.includes(".")) mant = mant.replace(/0+$/, "").replace(/\.$/, "");
    s = e < 0 ? mant : mant + s.slice(e);
  }
  return s;
}

const HEX = "0123456789abcdef";

/**
 * %a's body (without sign and 0x): glibc's printf_fphex. A double prints with
 * a leading 1 (0 for subnormals, exponent -1022); a long double (%La) in the
 * x87 form, a whole nibble leading and the exponent 3 less.
 */
function hexFloat(v: number, prec: number, hash: boolean, upper: boolean, longDouble: boolean): { leading: string; rest: string } {
  const { m, e, biased } = decompose(v);
  let leading: string;
  let digits: string;
  let exp: number;
  if (m === 0n) {
    leading = "0";
    digits = "";
    exp = 0;
  } else if (longDouble) {
    // The 64-bit mantissa with its explicit integer bit: normalise m to bit 63.
    const shift = 63 - (m.toString(2).length - 1);
    const full = (m << BigInt(shift)).toString(16);
    leading = full[0]!;
    digits = full.slice(1);
    exp = e - shift + 63 - 3;
  } else {
    leading = biased === 0 ? "0" : "1";
    digits = (m & ((1n << 52n) - 1n)).toString(16).padStart(13, "0");
    exp = biased === 0 ? -1022 : biased - 1023;
  }
  digits = digits.replace(/0+$/, "");
  if (prec >= 0 && prec < digits.length) {
    const last = prec > 0 ? HEX.indexOf(digits[prec - 1]!) : HEX.indexOf(leading);
    const next = HEX.indexOf(digits[prec]!);
    const more = (next & 7) !== 0 || prec + 1 < digits.length;
    const up = next >= 8 && ((last & 1) === 1 || more);
    let kept = digits.slice(0, prec);
    if (up) {
      let i = prec - 1;
      while (i >= 0 && kept[i] === "f") i--;
      if (i >= 0) kept = kept.slice(0, i) + HEX[HEX.indexOf(kept[i]!) + 1] + "0".repeat(prec - 1 - i);
      else {
        kept = "0".repeat(prec);
        if (leading === "f") {
          leading = "1";
          exp += 4;
        } else leading = HEX[HEX.indexOf(leading) + 1]!;
      }
    }
    digits = kept;
  } else if (prec > digits.length) digits = digits.padEnd(prec, "0");
  const point = digits.length > 0 || hash ? "." : "";
  let rest = `${point}${digits}p${exp < 0 ? "-" : "+"}${Math.abs(exp)}`;
  if (upper) {
    leading = leading.toUpperCase();
    rest = rest.toUpperCase();
  }
  return { leading, rest };
}

function floating(x: Ctx, v: unknown, conv: number): void {
  if (typeof v !== "number") throw new TypeError(`${x.fn}: %${String.fromCharCode(conv)} takes a number, got ${describe(v)}`);
  const upper = conv === 0x46 || conv === 0x45 || conv === 0x47 || conv === 0x41;
  const lower = conv | 0x20;
  const neg = signBit(v);
  const sign = neg ? "-" : x.spec.plus ? "+" : x.spec.space ? " " : "";
  if (!Number.isFinite(v)) {
    const text = Number.isNaN(v) ? "nan" : "inf";
    pad(x, sign, upper ? text.toUpperCase() : text, false);
    return;
  }
  const zero = x.spec.zero && !x.minus;
  if (lower === 0x61 /* a */) {
    const { leading, rest } = hexFloat(v, x.prec, x.spec.hash, upper, x.spec.length === "L" || x.spec.length === "ll");
    pad(x, sign + (upper ? "0X" : "0x"), leading + rest, zero);
    return;
  }
  const { m, e } = decompose(v);
  const d = exactDecimal(m, e);
  const prec = x.prec < 0 ? 6 : x.prec;
  const body = lower === 0x66 ? fixed(d, prec, x.spec.hash) : lower === 0x65 ? scientific(d, prec, x.spec.hash, upper) : general(d, prec, x.spec.hash, upper);
  pad(x, sign, body, zero);
}

/** The bytes of a %s argument (precision: at most that many). */
function stringBytes(fn: string, v: unknown, prec: number): Uint8Array {
  let b: Uint8Array;
  if (typeof v === "string") b = Buffer.from(v, "utf8");
  else if (ArrayBuffer.isView(v)) b = bytesOf(v);
  else throw new TypeError(`${fn}: %s takes a string, a byte view or null, got ${describe(v)}`);
  const limit = prec >= 0 ? Math.min(prec, b.length) : b.length;
  const nul = b.subarray(0, limit).indexOf(0);
  if (nul >= 0) return b.subarray(0, nul);
  if (typeof v !== "string" && (prec < 0 || prec > b.length)) {
    throw new RangeError(`${fn}: %s argument has no NUL terminator within its ${b.length} bytes`);
  }
  return b.subarray(0, limit);
}

/** The byte %c writes: a number's low byte (C's int to unsigned char) or a one-character ASCII string. */
function charByte(fn: string, args: Args, spec: Spec): number {
  const v = args.take(spec.pos, "%c");
  if (typeof v === "string") {
    if (v.length === 1 && v.charCodeAt(0) < 0x80) return v.charCodeAt(0);
    throw new TypeError(`${fn}: %c takes a number or a one-character ASCII string, got ${describe(v)}`);
  }
  if (typeof v === "number" && Number.isInteger(v)) return v & 0xff;
  if (typeof v === "bigint") return Number(BigInt.asUintN(8, v));
  throw new TypeError(`${fn}: %c takes a number or a one-character ASCII string, got ${describe(v)}`);
}

const INT_ARRAYS: Record<number, string[]> = {
  1: ["Int8Array", "Uint8Array"],
  2: ["Int16Array", "Uint16Array"],
  4: ["Int32Array", "Uint32Array"],
  8: ["BigInt64Array", "BigUint64Array"],
};

/** %n: stores the count so far in element 0 of an integer array of the modifier's size. */
function storeCount(fn: string, v: unknown, length: Length, count: number): void {
  const size = bitsOf(length) / 8;
  const kinds = INT_ARRAYS[size]!;
  const kind = ArrayBuffer.isView(v) ? v.constructor.name : "";
  if (!kinds.includes(kind)) throw new TypeError(`${fn}: %${length}n takes an ${kinds[0]} (C's pointer to a ${size}-byte integer), got ${describe(v)}`);
  const a = v as unknown as { length: number; [i: number]: number | bigint };
  if (a.length < 1) throw new RangeError(`${fn}: %${length}n: the ${kind} has no element to store into`);
  a[0] = size === 8 ? BigInt(count) : count;
}

/** The unknown conversion, printed back as glibc does: %, flags, width, precision, the character. */
function unknown(x: Ctx): void {
  const s = x.spec;
  let t = "%";
  if (s.hash) t += "#";
  if (s.quote) t += "'";
  if (s.plus) t += "+";
  else if (s.space) t += " ";
  if (x.minus) t += "-";
  if (s.zero && !x.minus) t += "0";
  if (s.i18n) t += "I";
  if (x.width !== 0) t += String(x.width);
  if (x.prec !== -1) t += `.${x.prec}`;
  x.out.ascii(t);
  x.out.put(new Uint8Array([s.conv]));
}

export interface Formatted {
  /** The bytes produced (on error: those produced before it, as glibc leaves them). */
  bytes: Uint8Array;
  /** 0, or the errno of a format C rejects at run time (EINVAL: the format ends inside a conversion). */
  error: number;
}

/** Formats args by fmt as C's printf family does. Wrong argument types throw TypeError. */
export function format(fn: string, fmt: unknown, args: readonly unknown[]): Formatted {
  const items = itemsOf(fn, fmt);
  const out = new Sink();
  try {
    return run(fn, items, args, out);
  } catch (e) {
    if (e instanceof Overflow) return { bytes: out.view(), error: EOVERFLOW };
    // V8's own limits (a string or buffer of gigabytes): a clear RangeError.
    if (e instanceof RangeError && !e.message.startsWith(`${fn}:`)) throw new RangeError(`${fn}: the output is too large to build in memory (${e.message})`);
    throw e;
  }
}

function run(fn: string, items: Item[], args: readonly unknown[], out: Sink): Formatted {
  const positional = items.some((it) => !(it instanceof Uint8Array) && it.pos !== null);
  const a = new Args(fn, args, positional);
  for (const it of items) {
    if (it instanceof Uint8Array) {
      out.put(it);
      continue;
    }
    if (it.prec === -2) return { bytes: out.view(), error: EOVERFLOW };
    if (it.conv === 0) return { bytes: out.view(), error: EINVAL };
    let width = a.count(it.width, "a * width");
    let minus = it.minus;
    if (width < 0) {
      minus = true;
      width = -width;
      // -INT_MIN is no int: glibc reports EOVERFLOW.
      if (width > INT_MAX) return { bytes: out.view(), error: EOVERFLOW };
    }
    let prec = a.count(it.prec, "a * precision");
    if (prec < 0) prec = -1;
    const x: Ctx = { fn, out, spec: it, width, prec, minus };
    const conv = it.conv;
    switch (conv) {
      case 0x64: case 0x69: // d i
        integer(x, a.int(it.pos, `%${it.length}${String.fromCharCode(conv)}`, bitsOf(it.length), true), conv, true);
        break;
      case 0x75: case 0x6f: case 0x78: case 0x58: // u o x X
        integer(x, a.int(it.pos, `%${it.length}${String.fromCharCode(conv)}`, bitsOf(it.length), false), conv, false);
        break;
      case 0x66: case 0x46: case 0x65: case 0x45: case 0x67: case 0x47: case 0x61: case 0x41: // f F e E g G a A
        floating(x, a.take(it.pos, `%${String.fromCharCode(conv)}`), conv);
        break;
      case 0x63: // c
        if (it.length === "l" || it.length === "ll" || it.length === "L") throw new TypeError(`${fn}: %lc (a wide character) is not supported`);
        pad(x, "", new Uint8Array([charByte(fn, a, it)]), false);
        break;
      case 0x73: { // s
        if (it.length === "l" || it.length === "ll" || it.length === "L") throw new TypeError(`${fn}: %ls (a wide string) is not supported`);
        const v = a.take(it.pos, "%s");
        if (v === null) pad(x, "", prec === -1 || prec >= 6 ? "(null)" : "", false);
        else pad(x, "", stringBytes(fn, v, prec), false);
        break;
      }
      case 0x70: { // p
        const v = a.take(it.pos, "%p");
        if (v === null || v === 0 || v === 0n) {
          pad(x, "", "(nil)", false);
          break;
        }
        if (!(typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v)))) {
          throw new TypeError(`${fn}: %p takes null or an integer address (JavaScript memory has no address), got ${describe(v)}`);
        }
        const bits = SIZE["void*"]! * 8;
        const addr = BigInt.asUintN(bits, BigInt(v));
        integer(x, addr, 0x78, true, true);
        break;
      }
      case 0x6e: // n
        storeCount(fn, a.take(it.pos, "%n"), it.length, out.length);
        break;
      case 0x6d: // m: glibc's strerror(errno)
        pad(x, "", stringBytes(fn, native.strerror(errno), prec), false);
        break;
      case 0x25: // %
        out.ascii("%");
        break;
      default:
        unknown(x);
    }
  }
  return { bytes: out.view(), error: 0 };
}
