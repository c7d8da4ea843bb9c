// malloc(3) and friends for byte buffers: each block is a Buffer over its own
// ArrayBuffer, zero-filled (C leaves malloc's bytes indeterminate; reading
// them is a bug either way). free() detaches the block's memory, so a use
// after free sees an empty view (every libc call then throws a RangeError)
// instead of stale bytes; freeing a view that malloc did not return, or
// freeing twice, is a TypeError where glibc aborts.
import { constants as bufferConstants } from "node:buffer";
import { describe } from "../describe.js";
import { seterrno } from "../errno.js";
import { native } from "../native.js";

const ENOMEM = native.constants.ENOMEM!;
const SIZE_BITS = native.types.size_t! * 8;
const live = new WeakSet<Uint8Array>();

/** A size_t argument: an integer; a negative one is C's conversion to a huge size_t. */
function sizeArg(fn: string, arg: string, v: unknown): bigint {
  if (typeof v === "number" && Number.isInteger(v)) return BigInt.asUintN(SIZE_BITS, BigInt(v));
  if (typeof v === "bigint") return BigInt.asUintN(SIZE_BITS, v);
  throw new TypeError(`${fn}: ${arg} must be an integer, got ${describe(v)}`);
}

/** A new zero-filled block of n bytes, or null with errno = ENOMEM when n is too large. */
export function heapAlloc(n: number | bigint): Buffer | null {
  if (BigInt(n) > BigInt(bufferConstants.MAX_LENGTH)) {
    seterrno(ENOMEM);
    return null;
  }
  let b: Buffer;
  try {
    b = Buffer.from(new ArrayBuffer(Number(n)));
  } catch {
    seterrno(ENOMEM);
    return null;
  }
  live.add(b);
  return b;
}

function release(fn: string, ptr: unknown): Uint8Array {
  if (!(ptr instanceof Uint8Array) || !live.has(ptr)) {
    throw new TypeError(`${fn}: ptr was not returned by malloc, calloc, realloc or strdup, or was freed already (C: ${fn}(): invalid pointer), got ${describe(ptr)}`);
  }
  live.delete(ptr);
  return ptr;
}

/** malloc(3): a zero-filled Buffer of size bytes (malloc(0) is an empty one), or null with errno ENOMEM. */
export function malloc(size: number): Buffer | null {
  return heapAlloc(sizeArg("malloc", "size", size));
}

/** calloc(3): nmemb * size zeroed bytes, or null with errno ENOMEM (also when the product overflows size_t). */
export function calloc(nmemb: number, size: number): Buffer | null {
  const total = sizeArg("calloc", "nmemb", nmemb) * sizeArg("calloc", "size", size);
  if (total >> BigInt(SIZE_BITS) !== 0n) {
    seterrno(ENOMEM);
    return null;
  }
  return heapAlloc(total);
}

/**
 * realloc(3): a new block of size bytes holding the old one's bytes (the
 * rest zero), and the old block freed; realloc(null, n) is malloc(n);
 * realloc(p, 0) frees p and returns null, as glibc does. On failure, null
 * with errno ENOMEM and p untouched.
 */
export function realloc(ptr: Uint8Array | null, size: number): Buffer | null {
  const n = sizeArg("realloc", "size", size);
  if (ptr === null || ptr === undefined) return heapAlloc(n);
  if (!(ptr instanceof Uint8Array) || !live.has(ptr)) release("realloc", ptr);
  if (n === 0n) {
    free(ptr);
    return null;
  }
  const next = heapAlloc(n);
  if (next === null) return null;
  next.set(ptr.subarray(0, Math.min(ptr.length, next.length)));
  free(ptr);
  return next;
}

/** free(3): releases a block from malloc/calloc/realloc/strdup; free(null) does nothing. */
export function free(ptr: Uint8Array | null): void {
  if (ptr === null || ptr === undefined) return;
  const b = release("free", ptr);
  // Detach the memory: the freed view (and every view of it) is empty from now on.
  structuredClone(b.buffer, { transfer: [b.buffer] });
}
