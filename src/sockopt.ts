// setsockopt(2)/getsockopt(2), and the option structs of <sys/socket.h> and
// <sys/time.h>. Option values go to the kernel as their own bytes, so every
// option it knows is reachable, including ones this package has no struct for.
import { int, len, mem, NO_BOUND } from "./check.js";
import { wrongArg } from "./describe.js";
import { ret } from "./errno.js";
import { native } from "./native.js";
import { defineStruct, lenbox, Struct, type socklen_t } from "./struct.js";

/**
 * struct timeval (<sys/time.h>): SO_RCVTIMEO/SO_SNDTIMEO values and select's
 * timeout. Fields in host byte order.
 */
export class timeval extends Struct {
  /** Seconds (time_t). */
  declare tv_sec: number;
  /** Microseconds, 0 to 999999 (suseconds_t). */
  declare tv_usec: number;
}
defineStruct(timeval, "timeval", { tv_sec: "int", tv_usec: "int" });

/**
 * struct linger (socket(7)): the SO_LINGER value. `{ l_onoff: 1, l_linger: 0 }`
 * makes close reset the connection (RST) instead of the orderly FIN.
 */
export class linger extends Struct {
  /** Nonzero: linger on close. */
  declare l_onoff: number;
  /** How long close may wait for unsent data, in seconds. */
  declare l_linger: number;
}
defineStruct(linger, "linger", { l_onoff: "int", l_linger: "int" });

/** A setsockopt option value: an int (as a number), a struct, or raw bytes. */
export type OptVal = number | Struct | ArrayBufferView;

const intBox = new Int32Array(1);

/**
 * Sets a socket option: `setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1, sizeof(1))`.
 * Returns 0 or -1.
 *
 * This function directly corresponds to the setsockopt(2) function. optval is
 * a number (passed as a C int; optlen at most sizeof(int)), a struct
 * (timeval, linger, ip_mreq, ...) or raw bytes: values travel as bytes, so
 * every option the kernel knows is reachable. Linux doubles SO_RCVBUF and
 * SO_SNDBUF (socket(7)).
 *
 * Errors: ENOPROTOOPT (unknown option at that level), EINVAL (bad optlen or
 * value), EADDRNOTAVAIL and ENODEV (a multicast membership's address or
 * interface), EADDRINUSE (a group already joined), EPERM, EBADF, ENOTSOCK.
 */
export function setsockopt(sockfd: number, level: number, optname: number, optval: OptVal | null, optlen: number): number {
  let v: ArrayBufferView | null;
  if (typeof optval === "number") {
    intBox[0] = int(optval, "setsockopt", "optval");
    v = intBox;
  } else if (typeof optval === "boolean") {
    throw new TypeError(wrongArg("setsockopt", "optval", "a number, a struct or an ArrayBufferView", optval));
  } else {
    v = mem(optval, "setsockopt", "optval", false);
  }
  const n = len(optlen, v === null ? NO_BOUND : v.byteLength, "setsockopt", "optlen");
  return ret(native.setsockopt(int(sockfd, "setsockopt", "sockfd"), int(level, "setsockopt", "level"), int(optname, "setsockopt", "optname"), v, n));
}

/**
 * Reads a socket option into optval and sets optlen.value to the size the
 * kernel wrote. Returns 0 or -1.
 *
 * This function directly corresponds to the getsockopt(2) function. optval is
 * an Int32Array(1) for int options (read optval[0]), a struct, or bytes;
 * optlen.value may not exceed its size.
 *
 * Errors: ENOPROTOOPT, EINVAL, EBADF, ENOTSOCK.
 */
export function getsockopt(sockfd: number, level: number, optname: number, optval: Struct | ArrayBufferView | null, optlen: socklen_t | null): number {
  const v = mem(optval, "getsockopt", "optval", false);
  const l = lenbox(optlen, "getsockopt", "optlen");
  if (v !== null && l !== null) len(l[0], v.byteLength, "getsockopt", "optlen.value");
  return ret(native.getsockopt(int(sockfd, "getsockopt", "sockfd"), int(level, "getsockopt", "level"), int(optname, "getsockopt", "optname"), v, l));
}
