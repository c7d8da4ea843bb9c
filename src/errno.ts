// errno, as C has it: a live binding set by the call that failed and left
// alone by a call that succeeds (MIRROR §2, §3). Each worker thread loads its
// own copy of this module, so errno is per thread as in C.
import { wrongArg } from "./describe.js";
import { writeAll } from "./libc/fdio.js";
import { ConstantNames } from "./names.js";
import { native } from "./native.js";

/**
 * errno, as C has it (errno(3)): a live binding that a failing call sets and
 * a succeeding call leaves alone. Read it right after a call returns -1 and
 * compare it with the constants (EADDRINUSE, ...); print it with
 * perror or strerror. Per worker thread, as in C.
 */
export let errno = 0;

/** Turns a shim's result (value or -errno) into C's (value, or -1 with errno set). */
export function ret(r: number): number {
  if (r < 0) {
    errno = -r;
    return -1;
  }
  return r;
}

/** Sets errno, as a C library function does before returning its failure value. */
export function seterrno(e: number): void {
  errno = e;
}

/**
 * C's `errno = value;`: errno is a live binding that importers cannot
 * assign, so a program that resets it (before strtol, or to tell a call's
 * failure from an earlier one) writes `set_errno(0)`. A non-integer is a
 * TypeError.
 *
 * C has no function for this: it assigns errno(3) directly.
 */
export function set_errno(value: number): void {
  if (typeof value !== "number" || !Number.isInteger(value)) throw new TypeError(wrongArg("set_errno", "value", "an integer", value));
  errno = value | 0;
}

/**
 * The C library's message for an error number: "Address already in use".
 *
 * This function directly corresponds to the strerror(3) function.
 */
export function strerror(errnum: number): string {
  if (typeof errnum !== "number") throw new TypeError("strerror: errnum must be a number");
  return native.strerror(errnum | 0);
}

/** Constant names by value, for errors: the library's one table (src/names.ts). */
export const names = new ConstantNames(native.constants);

/**
 * The name of an error number ("EADDRINUSE"), or null for a number that names
 * no error. Where names share a value, glibc's choice (EAGAIN, not
 * EWOULDBLOCK); 0 is "0", as in glibc.
 *
 * This function directly corresponds to the strerrorname_np(3) function
 * (glibc 2.32+).
 */
export function strerrorname_np(errnum: number): string | null {
  if (typeof errnum !== "number") throw new TypeError("strerrorname_np: errnum must be a number");
  const e = errnum | 0;
  return e === 0 ? "0" : (names.errno(e) ?? null);
}

/**
 * Writes "s: message" (or just the message) for the current errno to stderr:
 * `if (bind(fd, addr, sizeof(addr)) < 0) perror("bind")`.
 *
 * This function directly corresponds to the perror(3) function.
 */
export function perror(s?: string | null): void {
  if (s !== null && s !== undefined && typeof s !== "string") throw new TypeError(wrongArg("perror", "s", "a string or null", s));
  report(s, native.strerror(errno));
}

/**
 * Writes "s: msg" (or msg alone when s is null or empty) and a newline to
 * stderr, as perror(3) and herror(3) do: at once and in one write, as C's
 * unbuffered stderr does (so it lands before output still buffered in
 * berkeley-sockets/libc's stdout). A failed write (EBADF when closed, EPIPE)
 * is dropped, never thrown, as C's stdio drops it; errno is left alone.
 */
export function report(s: string | null | undefined, msg: string): void {
  writeAll(2, Buffer.from(s ? `${s}: ${msg}\n` : `${msg}\n`, "utf8"));
}
