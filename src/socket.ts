// socket(2) and friends: creating, naming, connecting and closing descriptors.
// Every function keeps C's parameters and result: a value, or -1 with errno.
import { addrIn, addrOut, int } from "./check.js";
import { EBADF, EFAULT } from "./constants.js";
import { describe } from "./describe.js";
import { ret, seterrno } from "./errno.js";
import { native } from "./native.js";
import type { SockaddrLike } from "./sockaddr.js";
import type { socklen_t } from "./struct.js";
import { forget } from "./watch.js";

/** socket(2). The descriptor is close-on-exec (clear FD_CLOEXEC with fcntl to pass it on). */
export function socket(domain: number, type: number, protocol: number): number {
  return ret(native.socket(int(domain, "socket", "domain"), int(type, "socket", "type"), int(protocol, "socket", "protocol")));
}

/** socketpair(2): sv is an Int32Array(2) that receives the two descriptors. */
export function socketpair(domain: number, type: number, protocol: number, sv: Int32Array): number {
  if (!(sv instanceof Int32Array) || sv.length < 2) {
    if (sv === null || sv === undefined) {
      seterrno(EFAULT);
      return -1;
    }
    throw new TypeError(`socketpair: sv must be an Int32Array of length 2, got ${describe(sv)}`);
  }
  return ret(native.socketpair(int(domain, "socketpair", "domain"), int(type, "socketpair", "type"), int(protocol, "socketpair", "protocol"), sv));
}

/** bind(2): bind(fd, addr, sizeof(addr)). */
export function bind(sockfd: number, addr: SockaddrLike | null, addrlen: number): number {
  const [a, n] = addrIn("bind", addr, addrlen);
  return ret(native.bind(int(sockfd, "bind", "sockfd"), a, n));
}

/** connect(2). */
export function connect(sockfd: number, addr: SockaddrLike | null, addrlen: number): number {
  const [a, n] = addrIn("connect", addr, addrlen);
  return ret(native.connect(int(sockfd, "connect", "sockfd"), a, n));
}

/** listen(2). */
export function listen(sockfd: number, backlog: number): number {
  return ret(native.listen(int(sockfd, "listen", "sockfd"), int(backlog, "listen", "backlog")));
}

/** accept(2): blocks like C. addr and addrlen may both be null. */
export function accept(sockfd: number, addr: SockaddrLike | null, addrlen: socklen_t | null): number {
  return accept4(sockfd, addr, addrlen, 0);
}

/** accept4(2): flags SOCK_NONBLOCK, SOCK_CLOEXEC (always set; see socket). */
export function accept4(sockfd: number, addr: SockaddrLike | null, addrlen: socklen_t | null, flags: number): number {
  const [a, l] = addrOut("accept4", addr, addrlen);
  return ret(native.accept4(int(sockfd, "accept4", "sockfd"), a, l, int(flags, "accept4", "flags")));
}

/** shutdown(2): how is SHUT_RD, SHUT_WR or SHUT_RDWR. */
export function shutdown(sockfd: number, how: number): number {
  return ret(native.shutdown(int(sockfd, "shutdown", "sockfd"), int(how, "shutdown", "how")));
}

/**
 * close(2). Calls of berkeley-sockets/promises waiting on fd settle first
 * (EBADF) and its watcher is freed, before the number can be reused.
 */
export function close(fd: number): number {
  const d = int(fd, "close", "fd");
  forget(d, EBADF);
  return ret(native.close(d));
}

function nameCall(fn: "getsockname" | "getpeername", sockfd: number, addr: SockaddrLike | null, addrlen: socklen_t | null): number {
  const [a, l] = addrOut(fn, addr, addrlen);
  return ret(native[fn](int(sockfd, fn, "sockfd"), a, l));
}

/** getsockname(2): fills addr and sets addrlen.value to the address's real size. */
export function getsockname(sockfd: number, addr: SockaddrLike | null, addrlen: socklen_t | null): number {
  return nameCall("getsockname", sockfd, addr, addrlen);
}

/** getpeername(2). */
export function getpeername(sockfd: number, addr: SockaddrLike | null, addrlen: socklen_t | null): number {
  return nameCall("getpeername", sockfd, addr, addrlen);
}

/**
 * fcntl(2) with an int argument: F_GETFL/F_SETFL (O_NONBLOCK), F_GETFD/F_SETFD
 * (FD_CLOEXEC), F_DUPFD, F_DUPFD_CLOEXEC, F_GETOWN/F_SETOWN. Commands that
 * take a pointer fail with EINVAL.
 */
export function fcntl(fd: number, cmd: number, arg = 0): number {
  return ret(native.fcntl(int(fd, "fcntl", "fd"), int(cmd, "fcntl", "cmd"), int(arg, "fcntl", "arg")));
}

/**
 * ioctl(2) for the requests whose argument is an int: FIONREAD (SIOCINQ),
 * SIOCOUTQ, SIOCOUTQNSD, SIOCATMARK read into argp[0]; FIONBIO reads argp[0].
 * Other requests fail with ENOTTY.
 */
export function ioctl(fd: number, request: number, argp: Int32Array): number {
  if (!(argp instanceof Int32Array) || argp.length < 1) {
    throw new TypeError(`ioctl: argp must be an Int32Array(1), got ${describe(argp)}`);
  }
  if (typeof request !== "number" || !Number.isInteger(request)) throw new TypeError(`ioctl: request must be an integer, got ${describe(request)}`);
  return ret(native.ioctl_int(int(fd, "ioctl", "fd"), request >>> 0, argp));
}
