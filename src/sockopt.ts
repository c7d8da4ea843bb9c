// setsockopt(2)/getsockopt(2), and the option structs of <sys/socket.h> and
// <sys/time.h>. Option values go to the kernel as their own bytes, so every
// option it knows is reachable, including ones this package has no struct for.
import { int, len, mem, NO_BOUND } from "./check.js";
import { describe } from "./describe.js";
import { ret } from "./errno.js";
import { native } from "./native.js";
import { defineStruct, lenbox, Struct, type socklen_t } from "./struct.js";

/** struct timeval: SO_RCVTIMEO/SO_SNDTIMEO values, select() timeouts. */
export class timeval extends Struct {
  declare tv_sec: number;
  declare tv_usec: number;
}
defineStruct(timeval, "timeval", { tv_sec: "int", tv_usec: "int" });

/** struct linger: SO_LINGER; { l_onoff: 1, l_linger: 0 } closes with RST. */
export class linger extends Struct {
  declare l_onoff: number;
  declare l_linger: number;
}
defineStruct(linger, "linger", { l_onoff: "int", l_linger: "int" });

/** An option value: an int (as a number), a struct, or raw bytes. */
export type OptVal = number | Struct | ArrayBufferView;

const intBox = new Int32Array(1);

/**
 * setsockopt(2): setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1, sizeof(int)).
 * A number is passed as a C int (optlen at most sizeof(int)).
 */
export function setsockopt(sockfd: number, level: number, optname: number, optval: OptVal | null, optlen: number): number {
  let v: ArrayBufferView | null;
  if (typeof optval === "number") {
    intBox[0] = int(optval, "setsockopt", "optval");
    v = intBox;
  } else if (typeof optval === "boolean") {
    throw new TypeError(`setsockopt: optval must be a number, a struct or an ArrayBufferView, got ${describe(optval)}`);
  } else {
    v = mem(optval, "setsockopt", "optval", false);
  }
  const n = len(optlen, v === null ? NO_BOUND : v.byteLength, "setsockopt", "optlen");
  return ret(native.setsockopt(int(sockfd, "setsockopt", "sockfd"), int(level, "setsockopt", "level"), int(optname, "setsockopt", "optname"), v, n));
}

/**
 * getsockopt(2): optval is an Int32Array(1) for int options (read optval[0]),
 * a struct, or bytes; optlen.value is updated to the size the kernel wrote.
 */
export function getsockopt(sockfd: number, level: number, optname: number, optval: Struct | ArrayBufferView | null, optlen: socklen_t | null): number {
  const v = mem(optval, "getsockopt", "optval", false);
  const l = lenbox(optlen, "getsockopt", "optlen");
  if (v !== null && l !== null) len(l[0], v.byteLength, "getsockopt", "optlen.value");
  return ret(native.getsockopt(int(sockfd, "getsockopt", "sockfd"), int(level, "getsockopt", "level"), int(optname, "getsockopt", "optname"), v, l));
}
