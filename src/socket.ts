// socket(2) and friends: creating, naming, connecting and closing descriptors.
// Every function keeps C's parameters and result: a value, or -1 with errno.
import { addrIn, addrOut, int } from "./check.js";
import { EBADF, EFAULT } from "./constants.js";
import { wrongArg } from "./describe.js";
import { ret, seterrno } from "./errno.js";
import { native } from "./native.js";
import type { SockaddrLike } from "./sockaddr.js";
import type { socklen_t } from "./struct.js";
import { forget } from "./watch.js";

/**
 * Creates an endpoint for communication and returns its descriptor, or -1.
 *
 * This function directly corresponds to the socket(2) function. The
 * descriptor is close-on-exec (SOCK_CLOEXEC is always added; clear FD_CLOEXEC
 * with fcntl to pass it to a child); add SOCK_NONBLOCK to type for a
 * non-blocking socket.
 *
 * Errors: EAFNOSUPPORT, EPROTONOSUPPORT, ESOCKTNOSUPPORT, EINVAL, EACCES,
 * EMFILE, ENFILE, ENOBUFS, ENOMEM.
 */
export function socket(domain: number, type: number, protocol: number): number {
  return ret(native.socket(int(domain, "socket", "domain"), int(type, "socket", "type"), int(protocol, "socket", "protocol")));
}

/**
 * Creates a pair of connected sockets; sv, an Int32Array(2), receives their
 * descriptors (close-on-exec). Returns 0 or -1.
 *
 * This function directly corresponds to the socketpair(2) function. Only
 * AF_UNIX supports it on Linux.
 *
 * Errors: EAFNOSUPPORT, EOPNOTSUPP, EPROTONOSUPPORT, EMFILE, ENFILE, EFAULT
 * (sv is null).
 */
export function socketpair(domain: number, type: number, protocol: number, sv: Int32Array): number {
  if (!(sv instanceof Int32Array) || sv.length < 2) {
    if (sv === null || sv === undefined) {
      seterrno(EFAULT);
      return -1;
    }
    throw new TypeError(wrongArg("socketpair", "sv", "an Int32Array of length 2", sv));
  }
  return ret(native.socketpair(int(domain, "socketpair", "domain"), int(type, "socketpair", "type"), int(protocol, "socketpair", "protocol"), sv));
}

/**
 * Gives the socket a local address: `bind(fd, addr, sizeof(addr))`. Returns 0
 * or -1.
 *
 * This function directly corresponds to the bind(2) function. addr is any
 * sockaddr struct (or bytes); addrlen may not exceed its size (RangeError).
 * Bind to port 0 and read the port the kernel chose with getsockname.
 *
 * Errors: EADDRINUSE, EADDRNOTAVAIL, EACCES (a port below 1024, or a
 * sockaddr_un path's directory), EINVAL (already bound, bad addrlen),
 * EAFNOSUPPORT, EBADF, ENOTSOCK, ENOENT (sockaddr_un path).
 */
export function bind(sockfd: number, addr: SockaddrLike | null, addrlen: number): number {
  const [a, n] = addrIn("bind", addr, addrlen);
  return ret(native.bind(int(sockfd, "bind", "sockfd"), a, n));
}

/**
 * Connects the socket to addr, or sets a datagram socket's default peer.
 * Returns 0 or -1. Blocks like C until the connection is made.
 *
 * This function directly corresponds to the connect(2) function. On a
 * non-blocking socket it fails with EINPROGRESS; wait for POLLOUT and read
 * SO_ERROR, or use berkeley-sockets/promises, which does both.
 *
 * Errors: ECONNREFUSED, ETIMEDOUT, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL,
 * EADDRINUSE, EAFNOSUPPORT, EINPROGRESS, EALREADY, EISCONN, EAGAIN (AF_UNIX
 * backlog full), EINTR, EACCES, EBADF, ENOTSOCK, ENOENT (sockaddr_un path).
 */
export function connect(sockfd: number, addr: SockaddrLike | null, addrlen: number): number {
  const [a, n] = addrIn("connect", addr, addrlen);
  return ret(native.connect(int(sockfd, "connect", "sockfd"), a, n));
}

/**
 * Marks a stream socket as accepting connections, with a queue of backlog
 * (capped at SOMAXCONN). Returns 0 or -1.
 *
 * This function directly corresponds to the listen(2) function.
 *
 * Errors: EADDRINUSE (another socket listens on the port), EOPNOTSUPP (not a
 * stream socket), EBADF, ENOTSOCK.
 */
export function listen(sockfd: number, backlog: number): number {
  return ret(native.listen(int(sockfd, "listen", "sockfd"), int(backlog, "listen", "backlog")));
}

/**
 * Takes the next connection from a listening socket and returns its new
 * descriptor (close-on-exec), or -1. Blocks like C until a client connects.
 *
 * This function directly corresponds to the accept(2) function. addr and
 * addrlen may both be null; addrlen.value may not exceed sizeof(addr), and
 * after the call holds the peer address's real length (larger than what was
 * written when addr was too small, as in C).
 *
 * Errors: EAGAIN (non-blocking, none pending), EINVAL (not listening),
 * ECONNABORTED, EINTR, EMFILE, ENFILE, ENOBUFS, EOPNOTSUPP, EBADF, ENOTSOCK.
 */
export function accept(sockfd: number, addr: SockaddrLike | null, addrlen: socklen_t | null): number {
  const [a, l] = addrOut("accept", addr, addrlen);
  return ret(native.accept(int(sockfd, "accept", "sockfd"), a, l));
}

/**
 * accept, with flags for the new descriptor: SOCK_NONBLOCK, SOCK_CLOEXEC
 * (always set; see socket). Returns the descriptor or -1.
 *
 * This function directly corresponds to the accept4(2) function.
 *
 * Errors: as accept: EAGAIN, EINVAL (not listening, or unknown flags),
 * ECONNABORTED, EINTR, EMFILE, ENFILE, EBADF, ENOTSOCK.
 */
export function accept4(sockfd: number, addr: SockaddrLike | null, addrlen: socklen_t | null, flags: number): number {
  const [a, l] = addrOut("accept4", addr, addrlen);
  return ret(native.accept4(int(sockfd, "accept4", "sockfd"), a, l, int(flags, "accept4", "flags")));
}

/**
 * Shuts down part of a full-duplex connection: how is SHUT_RD, SHUT_WR (the
 * peer reads end of stream) or SHUT_RDWR. Returns 0 or -1.
 *
 * This function directly corresponds to the shutdown(2) function.
 *
 * Errors: ENOTCONN, EINVAL (bad how), EBADF, ENOTSOCK.
 */
export function shutdown(sockfd: number, how: number): number {
  return ret(native.shutdown(int(sockfd, "shutdown", "sockfd"), int(how, "shutdown", "how")));
}

/**
 * Closes a descriptor. Returns 0 or -1.
 *
 * This function directly corresponds to the close(2) function. Calls of
 * berkeley-sockets/promises waiting on fd settle first (EBADF) and its
 * watcher is freed, before the number can be reused.
 *
 * Errors: EBADF, EINTR, EIO.
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

/**
 * Reads the socket's local address into addr and sets addrlen.value to its
 * real size. Returns 0 or -1. After bind to port 0, this is how to learn the
 * ephemeral port: `ntohs(addr.sin_port)`.
 *
 * This function directly corresponds to the getsockname(2) function.
 *
 * Errors: EBADF, ENOTSOCK, EINVAL, ENOBUFS.
 */
export function getsockname(sockfd: number, addr: SockaddrLike | null, addrlen: socklen_t | null): number {
  return nameCall("getsockname", sockfd, addr, addrlen);
}

/**
 * Reads the address of the socket's peer into addr and sets addrlen.value to
 * its real size. Returns 0 or -1.
 *
 * This function directly corresponds to the getpeername(2) function.
 *
 * Errors: ENOTCONN, EBADF, ENOTSOCK, EINVAL, ENOBUFS.
 */
export function getpeername(sockfd: number, addr: SockaddrLike | null, addrlen: socklen_t | null): number {
  return nameCall("getpeername", sockfd, addr, addrlen);
}

/**
 * Manipulates a descriptor: F_GETFL/F_SETFL (O_NONBLOCK), F_GETFD/F_SETFD
 * (FD_CLOEXEC), F_DUPFD, F_DUPFD_CLOEXEC, F_GETOWN/F_SETOWN. Returns what the
 * command returns (flags, a descriptor, 0), or -1.
 *
 * This function directly corresponds to the fcntl(2) function, for the
 * commands whose argument is an int; commands that take a pointer fail with
 * EINVAL.
 *
 * Errors: EBADF, EINVAL, EMFILE (F_DUPFD).
 */
export function fcntl(fd: number, cmd: number, arg = 0): number {
  return ret(native.fcntl(int(fd, "fcntl", "fd"), int(cmd, "fcntl", "cmd"), int(arg, "fcntl", "arg")));
}

/**
 * Device control on a socket: FIONREAD (SIOCINQ, bytes queued to read),
 * SIOCOUTQ, SIOCOUTQNSD and SIOCATMARK write argp[0]; FIONBIO reads it.
 * Returns 0 or -1.
 *
 * This function directly corresponds to the ioctl(2) function, for the
 * requests whose argument is an int (argp, an Int32Array(1)); other requests
 * fail with ENOTTY.
 *
 * Errors: ENOTTY, EINVAL, EBADF.
 */
export function ioctl(fd: number, request: number, argp: Int32Array): number {
  if (!(argp instanceof Int32Array) || argp.length < 1) {
    throw new TypeError(wrongArg("ioctl", "argp", "an Int32Array(1)", argp));
  }
  if (typeof request !== "number" || !Number.isInteger(request)) throw new TypeError(wrongArg("ioctl", "request", "an integer", request));
  return ret(native.ioctl_int(int(fd, "ioctl", "fd"), request >>> 0, argp));
}
