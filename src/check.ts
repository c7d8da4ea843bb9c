// Argument validation with messages that name the call and the argument. The
// shims re-check cheaply; these checks are where users get a useful error.
// C would not compile a wrong type (TypeError) and would corrupt memory with a
// length past its buffer (RangeError); everything else is left to the kernel.
import { wrongArg } from "./describe.js";
import { EXTENT, lenbox, Struct } from "./struct.js";

/** A C int: an integer in [-2^31, 2^31). */
export function int(v: unknown, fn: string, arg: string): number {
  if ((v as number) === ((v as number) | 0)) return v as number;
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TypeError(wrongArg(fn, arg, "an integer", v));
  }
  throw new RangeError(`${fn}: ${arg} is out of range for a C int: ${v}`);
}

/** A C unsigned int: an integer in [0, 2^32); negative ints wrap as C converts them. */
export function uint(v: unknown, fn: string, arg: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TypeError(wrongArg(fn, arg, "an integer", v));
  }
  if (v < -0x80000000 || v > 0xffffffff) throw new RangeError(`${fn}: ${arg} is out of range for a C unsigned int: ${v}`);
  return v >>> 0;
}

/**
 * The bound for a length that goes with a NULL pointer: none, since the kernel
 * itself answers EFAULT for NULL, as it does in C.
 */
export const NO_BOUND = 0xffffffff;

/**
 * An argument's name in error messages, or a function that builds it: hot
 * paths (a batch of msghdrs) build names like "msgvec[7].msg_hdr.msg_name"
 * only when they throw.
 */
export type Name = string | (() => string);
export const nameOf = (arg: Name): string => (typeof arg === "string" ? arg : arg());

/** A size_t length that may not exceed the memory it describes. */
export function len(v: unknown, max: number, fn: string, arg: Name): number {
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TypeError(wrongArg(fn, nameOf(arg), "an integer", v));
  }
  if (v < 0) throw new RangeError(`${fn}: ${nameOf(arg)} must not be negative: ${v}`);
  if (v > max) throw new RangeError(`${fn}: ${nameOf(arg)} (${v}) is larger than the ${max} bytes it describes`);
  return v;
}

/**
 * Memory the caller hands over (C's void *): a view, a struct (C's &s; a cast
 * view reaches to the end of the object it views, as a C pointer does), or
 * null. Strings are accepted only where C takes const void * (readOnly):
 * they go out as UTF-8 with the NUL terminator a C string literal has.
 */
export function mem(v: unknown, fn: string, arg: Name, readOnly: boolean, nullable = true): ArrayBufferView | null {
  if (ArrayBuffer.isView(v)) return v;
  if (v instanceof Struct) return v[EXTENT];
  if (v === null || v === undefined) {
    if (nullable) return null;
  } else if (typeof v === "string" && readOnly) {
    return Buffer.from(v + "\0", "utf8");
  }
  const want = readOnly ? "an ArrayBufferView, a struct or a string" : "an ArrayBufferView or a struct";
  throw new TypeError(wrongArg(fn, nameOf(arg), want + (nullable ? " or null" : ""), v));
}

export function str(v: unknown, fn: string, arg: string): string {
  if (typeof v !== "string") throw new TypeError(wrongArg(fn, arg, "a string", v));
  return v;
}

/** A buffer and its length, as the I/O calls take them (void *buf, size_t len); NULL's bound is the kernel's. */
export function outBuf(fn: string, buf: unknown, n: number): [ArrayBufferView | null, number] {
  const b = mem(buf, fn, "buf", false);
  return [b, len(n, b === null ? NO_BOUND : b.byteLength, fn, "len")];
}

/** The same for const void *buf (a string is sent as UTF-8). */
export function inBuf(fn: string, buf: unknown, n: number): [ArrayBufferView | null, number] {
  const b = mem(buf, fn, "buf", true);
  return [b, len(n, b === null ? NO_BOUND : b.byteLength, fn, "len")];
}

/** An address handed in (const struct sockaddr *addr, socklen_t addrlen): addrlen may not exceed it; NULL's bound is the kernel's. */
export function addrIn(fn: string, addr: unknown, addrlen: number, arg = "addr"): [ArrayBufferView | null, number] {
  const a = mem(addr, fn, arg, false);
  return [a, len(addrlen, a === null ? NO_BOUND : a.byteLength, fn, "addrlen")];
}

/** An address filled in (struct sockaddr *addr, socklen_t *addrlen): addrlen.value may not exceed it. */
export function addrOut(fn: string, addr: unknown, addrlen: unknown, arg = "addr"): [ArrayBufferView | null, Uint32Array | null] {
  const a = mem(addr, fn, arg, false);
  const l = lenbox(addrlen, fn, "addrlen");
  if (a !== null && l !== null) len(l[0], a.byteLength, fn, "addrlen.value");
  return [a, l];
}
