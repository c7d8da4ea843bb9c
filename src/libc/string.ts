// <string.h> on NUL-terminated byte views: C's char * is a Uint8Array (a
// Buffer), and C's `s + n` is s.subarray(n). Functions that return a pointer
// into their argument (strchr, strstr, memchr) return that subarray, or null;
// those that return their destination (strcpy, strcat) return the same object.
// Where C takes const char *, a string works too: its UTF-8 bytes and a NUL,
// like a C string literal. Nothing reads or writes past a view: a string
// without its NUL is a RangeError, and so is a copy that would not fit (C's
// buffer overflow).
import { describe } from "../describe.js";
import { BYTES, Struct } from "../struct.js";
import { heapAlloc } from "./heap.js";

const EMPTY = new Uint8Array(0);

/**
 * A view's bytes, in place. Detached memory (a buffer transferred away, or a
 * block free() released) is no memory at all: an empty view, never a throw
 * from deep inside a call.
 */
export function bytesOf(v: ArrayBufferView): Uint8Array {
  try {
    const u = v instanceof Uint8Array ? v : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    return u.buffer.byteLength === 0 ? EMPTY : u;
  } catch {
    return EMPTY;
  }
}

/** C's char *: a byte view written in place (any view, as its bytes). */
export function charPtr(fn: string, arg: string, v: unknown): Uint8Array {
  // isView first: a Proxy of a Uint8Array passes instanceof but is no view.
  if (ArrayBuffer.isView(v)) return bytesOf(v);
  throw new TypeError(`${fn}: ${arg} must be a byte view (Buffer, Uint8Array), got ${describe(v)}`);
}

/** C's const char *: a byte view, or a string as UTF-8 with a C literal's NUL. */
export function constCharPtr(fn: string, arg: string, v: unknown): Uint8Array {
  if (typeof v === "string") return Buffer.from(v + "\0", "utf8");
  if (ArrayBuffer.isView(v)) return bytesOf(v);
  throw new TypeError(`${fn}: ${arg} must be a string or a byte view (Buffer, Uint8Array), got ${describe(v)}`);
}

/** C's void *: a view or a struct (C's &s), as its bytes; for const void *, a string too (UTF-8 and a NUL). */
function voidPtr(fn: string, arg: string, v: unknown, constant: boolean): Uint8Array {
  if (v instanceof Struct && v[BYTES] instanceof Uint8Array) return v[BYTES];
  if (ArrayBuffer.isView(v)) return bytesOf(v);
  if (constant && typeof v === "string") return Buffer.from(v + "\0", "utf8");
  throw new TypeError(`${fn}: ${arg} must be an ArrayBufferView${constant ? ", a string" : ""} or a struct, got ${describe(v)}`);
}

/** strlen of a C string: the index of its NUL, which must lie inside the view. */
export function nul(fn: string, arg: string, s: Uint8Array): number {
  const i = s.indexOf(0);
  if (i < 0) throw new RangeError(`${fn}: ${arg} has no NUL terminator within its ${s.length} bytes`);
  return i;
}

/** The bytes of a C string argument, without its NUL. */
export function cstrBytes(fn: string, arg: string, v: unknown): Uint8Array {
  if (typeof v === "string") {
    const b = Buffer.from(v, "utf8");
    const i = b.indexOf(0);
    return i < 0 ? b : b.subarray(0, i);
  }
  const s = constCharPtr(fn, arg, v);
  return s.subarray(0, nul(fn, arg, s));
}

/** A size_t count: an integer, not negative. */
function size(fn: string, arg: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n)) throw new TypeError(`${fn}: ${arg} must be an integer, got ${describe(n)}`);
  if (n < 0) throw new RangeError(`${fn}: ${arg} must not be negative: ${n}`);
  return n;
}

/** A count of bytes that must lie inside the view(s) it describes. */
function within(fn: string, n: unknown, max: number): number {
  const v = size(fn, "n", n);
  if (v > max) throw new RangeError(`${fn}: n (${v}) is larger than the ${max} bytes it describes`);
  return v;
}

/** A C int converted to char, as strchr/memchr/memset do. */
function byte(fn: string, c: unknown): number {
  if (typeof c === "number" && Number.isInteger(c)) return c & 0xff;
  if (typeof c === "string" && c.length === 1 && c.charCodeAt(0) < 0x80) return c.charCodeAt(0);
  throw new TypeError(`${fn}: c must be an integer (a C char) or a one-character ASCII string, got ${describe(c)}`);
}

/**
 * The text of a C string: the bytes of s up to its NUL, decoded as UTF-8
 * (invalid sequences become U+FFFD). A string is returned up to its first NUL.
 */
export function cstr_to_string(s: Uint8Array | string): string {
  if (typeof s === "string") {
    const i = s.indexOf("\0");
    return i < 0 ? s : s.slice(0, i);
  }
  const b = charPtr("cstr_to_string", "s", s);
  return Buffer.from(b.buffer, b.byteOffset, nul("cstr_to_string", "s", b)).toString("utf8");
}

/** strlen(3): the bytes before the NUL. */
export function strlen(s: Uint8Array | string): number {
  if (typeof s === "string") return cstrBytes("strlen", "s", s).length;
  return nul("strlen", "s", charPtr("strlen", "s", s));
}

/** Compares C strings as unsigned bytes, at most n of them: the difference of the first bytes that differ. */
function compare(fn: string, a: Uint8Array, b: Uint8Array, n: number): number {
  for (let i = 0; i < n; i++) {
    if (i >= a.length) throw new RangeError(`${fn}: s1 has no NUL terminator within its ${a.length} bytes`);
    if (i >= b.length) throw new RangeError(`${fn}: s2 has no NUL terminator within its ${b.length} bytes`);
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y || x === 0) return x - y;
  }
  return 0;
}

/** strcmp(3): < 0, 0 or > 0 (the difference of the first differing bytes, as unsigned char). */
export function strcmp(s1: Uint8Array | string, s2: Uint8Array | string): number {
  return compare("strcmp", constCharPtr("strcmp", "s1", s1), constCharPtr("strcmp", "s2", s2), Infinity);
}

/** strncmp(3): strcmp on at most n bytes. */
export function strncmp(s1: Uint8Array | string, s2: Uint8Array | string, n: number): number {
  const a = constCharPtr("strncmp", "s1", s1);
  const b = constCharPtr("strncmp", "s2", s2);
  return compare("strncmp", a, b, size("strncmp", "n", n));
}

/** The first n bytes of the C string src, or fewer when its NUL comes first (strncpy, strncat). */
function upTo(fn: string, src: unknown, n: number): Uint8Array {
  const s = constCharPtr(fn, "src", src);
  const end = s.subarray(0, n).indexOf(0);
  if (end >= 0) return s.subarray(0, end);
  if (s.length < n) throw new RangeError(`${fn}: src has no NUL terminator within its ${s.length} bytes`);
  return s.subarray(0, n);
}

/** strcpy(3): copies src and its NUL into dest; returns dest. dest too small is a RangeError (C's overflow). */
export function strcpy<T extends Uint8Array>(dest: T, src: Uint8Array | string): T {
  const d = charPtr("strcpy", "dest", dest);
  const s = cstrBytes("strcpy", "src", src);
  if (s.length + 1 > d.length) throw new RangeError(`strcpy: dest holds ${d.length} bytes, src needs ${s.length + 1} with its NUL`);
  d.set(s);
  d[s.length] = 0;
  return dest;
}

/**
 * strncpy(3): copies at most n bytes of src into dest and fills the rest of
 * the n with NULs (no NUL is added when src is n bytes or longer, as in C).
 */
export function strncpy<T extends Uint8Array>(dest: T, src: Uint8Array | string, n: number): T {
  const d = charPtr("strncpy", "dest", dest);
  const count = within("strncpy", n, d.length);
  const s = upTo("strncpy", src, count);
  d.set(s);
  d.fill(0, s.length, count);
  return dest;
}

/** strcat(3): appends src to the string in dest; returns dest. Too little room is a RangeError. */
export function strcat<T extends Uint8Array>(dest: T, src: Uint8Array | string): T {
  const d = charPtr("strcat", "dest", dest);
  const at = nul("strcat", "dest", d);
  const s = cstrBytes("strcat", "src", src);
  if (at + s.length + 1 > d.length) throw new RangeError(`strcat: dest holds ${d.length} bytes, the result needs ${at + s.length + 1} with its NUL`);
  d.set(s, at);
  d[at + s.length] = 0;
  return dest;
}

/** strncat(3): appends at most n bytes of src, then a NUL; returns dest. */
export function strncat<T extends Uint8Array>(dest: T, src: Uint8Array | string, n: number): T {
  const d = charPtr("strncat", "dest", dest);
  const at = nul("strncat", "dest", d);
  const count = size("strncat", "n", n);
  const s = upTo("strncat", src, count);
  const len = s.length;
  if (at + len + 1 > d.length) throw new RangeError(`strncat: dest holds ${d.length} bytes, the result needs ${at + len + 1} with its NUL`);
  d.set(s, at);
  d[at + len] = 0;
  return dest;
}

/** The subarray of the C string s from its first (or last) byte c, or null; c = 0 finds the NUL. */
function findByte(fn: string, s: unknown, c: unknown, last: boolean): Uint8Array | null {
  const b = constCharPtr(fn, "s", s);
  const ch = byte(fn, c);
  const end = nul(fn, "s", b);
  const text = b.subarray(0, end);
  const i = ch === 0 ? end : last ? text.lastIndexOf(ch) : text.indexOf(ch);
  return i < 0 ? null : b.subarray(i);
}

/**
 * strchr(3): the subarray of s from the first byte c (C's pointer to it), or
 * null. c = 0 finds the terminating NUL, as in C. A string s is searched in
 * its UTF-8 copy, and the result views that copy.
 */
export function strchr(s: Uint8Array | string, c: number | string): Uint8Array | null {
  return findByte("strchr", s, c, false);
}

/** strrchr(3): the subarray from the last byte c, or null. */
export function strrchr(s: Uint8Array | string, c: number | string): Uint8Array | null {
  return findByte("strrchr", s, c, true);
}

/** strstr(3): the subarray of haystack from the first occurrence of needle, or null; "" finds haystack itself. */
export function strstr(haystack: Uint8Array | string, needle: Uint8Array | string): Uint8Array | null {
  const h = constCharPtr("strstr", "haystack", haystack);
  const n = cstrBytes("strstr", "needle", needle);
  const end = nul("strstr", "haystack", h);
  const i = Buffer.from(h.buffer, h.byteOffset, end).indexOf(n);
  return i < 0 ? null : h.subarray(i);
}

/** strdup(3): a new buffer (from malloc: free() takes it) holding s and its NUL. */
export function strdup(s: Uint8Array | string): Buffer | null {
  const b = cstrBytes("strdup", "s", s);
  const d = heapAlloc(b.length + 1);
  if (d === null) return null;
  d.set(b);
  return d;
}

/** memcmp(3): the difference of the first differing bytes (unsigned), or 0; n may not exceed either view. */
export function memcmp(s1: ArrayBufferView | Struct | string, s2: ArrayBufferView | Struct | string, n: number): number {
  const a = voidPtr("memcmp", "s1", s1, true);
  const b = voidPtr("memcmp", "s2", s2, true);
  const count = within("memcmp", n, Math.min(a.length, b.length));
  for (let i = 0; i < count; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** memmove(3): copies n bytes from src to dest, which may overlap; returns dest. */
export function memmove<T extends ArrayBufferView | Struct>(dest: T, src: ArrayBufferView | Struct | string, n: number): T {
  const d = voidPtr("memmove", "dest", dest, false);
  const s = voidPtr("memmove", "src", src, true);
  // TypedArray.prototype.set copies through a temporary when the memory overlaps.
  d.set(s.subarray(0, within("memmove", n, Math.min(d.length, s.length))));
  return dest;
}

/** memchr(3): the subarray of s from the first byte c among its first n, or null. */
export function memchr(s: ArrayBufferView | Struct | string, c: number | string, n: number): Uint8Array | null {
  const b = voidPtr("memchr", "s", s, true);
  const ch = byte("memchr", c);
  const i = b.subarray(0, within("memchr", n, b.length)).indexOf(ch);
  return i < 0 ? null : b.subarray(i);
}
