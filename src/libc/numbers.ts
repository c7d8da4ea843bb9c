// atoi(3), atol(3), strtol(3), strtoul(3) as glibc parses: leading white
// space, a sign, base 0 (0x -> 16, 0 -> 8, else 10) or 2..36 with an optional
// 0x for 16, errno = ERANGE and the clamped value on overflow, EINVAL for a
// bad base. C's `char **endptr` is a box whose value receives the index (in
// bytes) where parsing stopped: C's `end == nptr` is `end.value === 0`, and
// `*end != '\0'` is `nptr[end.value] !== 0`. The result is C's long as a
// number: exact up to 2^53, the nearest double beyond (the 64-bit limits
// LONG_MAX and ULONG_MAX come out as 2^63 and 2^64).
import { describe } from "../describe.js";
import { seterrno } from "../errno.js";
import { native } from "../native.js";
import { checkRes } from "../netdb.js";
import { constCharPtr, nul } from "./string.js";

const ERANGE = native.constants.ERANGE!;
const EINVAL = native.constants.EINVAL!;
const LONG_BITS = native.types.long! * 8;
const INT_BITS = native.types.int! * 8;
const LONG_MAX = (1n << BigInt(LONG_BITS - 1)) - 1n;
const ULONG_MAX = (1n << BigInt(LONG_BITS)) - 1n;

/** C's isspace in the C locale. */
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);

function digitOf(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  return 99;
}

/** A char **endptr box: null, or an object whose value can be assigned. */
export type EndPtr = { value: number | null } | null;

/** glibc's strtol/strtoul core: the value (clamped), and where parsing ended. */
function parse(fn: string, nptr: unknown, endptr: unknown, base: unknown, unsigned: boolean): bigint {
  const s = constCharPtr(fn, "nptr", nptr);
  const end = nul(fn, "nptr", s);
  if (endptr !== null && endptr !== undefined) checkRes(endptr, fn, "endptr", "box for char **endptr (new ptr<number>() or { value: 0 })");
  if (typeof base !== "number" || !Number.isInteger(base)) throw new TypeError(`${fn}: base must be an integer, got ${describe(base)}`);
  const box = endptr as { value: number } | null | undefined;
  if (base < 0 || base === 1 || base > 36) {
    seterrno(EINVAL);
    return 0n;
  }
  let i = 0;
  while (i < end && isSpace(s[i]!)) i++;
  let neg = false;
  if (s[i] === 0x2d) {
    neg = true;
    i++;
  } else if (s[i] === 0x2b) i++;
  let b = base;
  const hexPrefix = s[i] === 0x30 && (s[i + 1]! | 0x20) === 0x78 && i + 1 < end;
  if (b === 0) {
    if (hexPrefix) {
      b = 16;
      i += 2;
    } else b = s[i] === 0x30 ? 8 : 10;
  } else if (b === 16 && hexPrefix) i += 2;
  const start = i;
  let v = 0n;
  const big = BigInt(b);
  while (i < end) {
    const d = digitOf(s[i]!);
    if (d >= b) break;
    // Past ULONG_MAX the value only has to stay too large: the digits are consumed, not multiplied in.
    if (v <= ULONG_MAX) v = v * big + BigInt(d);
    i++;
  }
  if (i === start) {
    // No digits: 0, and endptr at nptr, or at the x of a "0x" with no hex digits after it.
    if (box) box.value = start >= 2 && (s[start - 1]! | 0x20) === 0x78 && s[start - 2] === 0x30 ? start - 1 : 0;
    return 0n;
  }
  if (box) box.value = i;
  if (unsigned) {
    if (v > ULONG_MAX) {
      seterrno(ERANGE);
      return ULONG_MAX;
    }
    return neg ? BigInt.asUintN(LONG_BITS, -v) : v;
  }
  if (neg ? v > LONG_MAX + 1n : v > LONG_MAX) {
    seterrno(ERANGE);
    return neg ? -LONG_MAX - 1n : LONG_MAX;
  }
  return neg ? -v : v;
}

/** strtol(3): the long that nptr begins with, in base (0 or 2..36). */
export function strtol(nptr: Uint8Array | string, endptr: EndPtr, base: number): number {
  return Number(parse("strtol", nptr, endptr, base, false));
}

/** strtoul(3): the unsigned long that nptr begins with ("-1" is ULONG_MAX, as in C). */
export function strtoul(nptr: Uint8Array | string, endptr: EndPtr, base: number): number {
  return Number(parse("strtoul", nptr, endptr, base, true));
}

/** atol(3): strtol(nptr, NULL, 10). */
export function atol(nptr: Uint8Array | string): number {
  return Number(parse("atol", nptr, null, 10, false));
}

/** atoi(3): glibc's (int) strtol(nptr, NULL, 10), wrapping a long that does not fit an int as that cast does. */
export function atoi(nptr: Uint8Array | string): number {
  return Number(BigInt.asIntN(INT_BITS, parse("atoi", nptr, null, 10, false)));
}
