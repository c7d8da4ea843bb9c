// How a promises call fails: an Error carrying the system call's errno, its
// name and the call, like Node's fs/promises errors (whose errno is libuv's
// negated value; ours is positive, as C's). One constructor for every call,
// so concurrent calls each report their own failure, never the live errno.
import { EAI_SYSTEM } from "./constants.js";
import { names } from "./errno.js";
import { native } from "./native.js";

/** How a promises call fails: the system call's errno, its name and the call. */
export interface SocketError extends Error {
  /** The errno value, positive as in C (compare with ECONNREFUSED etc.). */
  errno: number;
  /** Its name: "ECONNREFUSED"; for getaddrinfo/getnameinfo an EAI_* name. */
  code: string;
  /** The call that failed: "connect", "recvfrom", ... */
  syscall: string;
}

function socketError(message: string, errno: number, code: string, syscall: string): SocketError {
  const err = new Error(message) as SocketError;
  err.errno = errno;
  err.code = code;
  err.syscall = syscall;
  return err;
}

/** The failure of syscall with errno e: "ECONNREFUSED: Connection refused, connect". */
export function errnoError(e: number, syscall: string): SocketError {
  const code = names.errno(e) ?? `E${e}`;
  return socketError(`${code}: ${native.strerror(e)}, ${syscall}`, e, code, syscall);
}

/** A getaddrinfo/getnameinfo failure: the EAI_* code, or for EAI_SYSTEM the system errno. */
export function gaiError(code: number, e: number, syscall: string): SocketError {
  if (code === EAI_SYSTEM) return errnoError(e, syscall);
  const name = names.gai(code) ?? `EAI_${code}`;
  return socketError(`${name}: ${native.gai_strerror(code)}, ${syscall}`, code, name, syscall);
}

/** The rejection of an aborted call, as Node's own (name AbortError, code ABORT_ERR, cause the signal's reason). */
export function abortError(signal: AbortSignal): Error {
  const err = new Error("The operation was aborted", { cause: signal.reason }) as Error & { code: string };
  err.name = "AbortError";
  err.code = "ABORT_ERR";
  return err;
}
