// read(2)/write(2)/send(2)/recv(2) and the datagram calls. Buffers are any
// ArrayBufferView or struct, filled in place; C's buf + off is
// buf.subarray(off). Writes to a vanished peer are -1/EPIPE, never SIGPIPE.
import { addrIn, addrOut, inBuf, int, outBuf } from "./check.js";
import { ret } from "./errno.js";
import { native } from "./native.js";
import type { SockaddrLike } from "./sockaddr.js";
import type { Struct, socklen_t } from "./struct.js";

/** What C's `void *buf` may be: any ArrayBufferView (Buffer, Uint8Array, DataView, ...) or a struct (C's `&s`). */
export type Buf = ArrayBufferView | Struct;
/** What C's `const void *buf` may be: also a string, sent as UTF-8 (with a C literal's NUL at [length]). */
export type ConstBuf = Buf | string;

/**
 * Reads up to count bytes into buf; returns the byte count, 0 at end of
 * stream, or -1. Blocks like C until data arrives.
 *
 * This function directly corresponds to the read(2) function. count may not
 * exceed buf's size (RangeError).
 *
 * Errors: EAGAIN (non-blocking, nothing to read), ECONNRESET, ENOTCONN,
 * ETIMEDOUT, EINTR, EBADF, EINVAL, EIO, EISDIR.
 */
export function read(fd: number, buf: Buf | null, count: number): number {
  const [b, n] = outBuf("read", buf, count);
  return ret(native.read(int(fd, "read", "fd"), b, n));
}

/**
 * Writes up to count bytes of buf; returns the byte count (possibly fewer on
 * a non-blocking socket) or -1.
 *
 * This function directly corresponds to the write(2) function. A write to a
 * socket whose peer is gone fails with EPIPE and never raises SIGPIPE.
 *
 * Errors: EPIPE, ECONNRESET, EAGAIN (non-blocking, buffer full),
 * EDESTADDRREQ, ENOTCONN, EINTR, EBADF, EINVAL, EIO, ENOSPC.
 */
export function write(fd: number, buf: ConstBuf | null, count: number): number {
  const [b, n] = inBuf("write", buf, count);
  return ret(native.write(int(fd, "write", "fd"), b, n));
}

/**
 * Receives up to length bytes from a socket into buf; returns the byte count,
 * 0 at end of stream, or -1. Blocks like C unless MSG_DONTWAIT or O_NONBLOCK.
 *
 * This function directly corresponds to the recv(2) function. flags:
 * MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT, MSG_TRUNC (a datagram's real length),
 * MSG_OOB, MSG_ERRQUEUE, ...
 *
 * Errors: EAGAIN, ECONNREFUSED (a datagram's ICMP error), ECONNRESET,
 * ENOTCONN, ETIMEDOUT, EINTR, EINVAL, EBADF, ENOTSOCK, ENOMEM.
 */
export function recv(sockfd: number, buf: Buf | null, length: number, flags: number): number {
  const [b, n] = outBuf("recv", buf, length);
  return ret(native.recv(int(sockfd, "recv", "sockfd"), b, n, int(flags, "recv", "flags")));
}

/**
 * Sends up to length bytes of buf on a connected socket; returns the byte
 * count (possibly fewer on a stream) or -1.
 *
 * This function directly corresponds to the send(2) function. MSG_NOSIGNAL
 * is always added, so a vanished peer is EPIPE, never SIGPIPE. flags:
 * MSG_DONTWAIT, MSG_MORE, MSG_OOB, MSG_EOR, MSG_CONFIRM, ...
 *
 * Errors: EAGAIN, EPIPE, ECONNRESET, ENOTCONN, EDESTADDRREQ, EMSGSIZE (a
 * datagram too large), ECONNREFUSED, ENOBUFS, EINTR, EINVAL, EBADF,
 * ENOTSOCK, EOPNOTSUPP.
 */
export function send(sockfd: number, buf: ConstBuf | null, length: number, flags: number): number {
  const [b, n] = inBuf("send", buf, length);
  return ret(native.send(int(sockfd, "send", "sockfd"), b, n, int(flags, "send", "flags")));
}

/**
 * Sends a message to dest_addr (addrlen bytes, at most its size); returns the
 * byte count or -1. dest_addr may be null on a connected socket.
 *
 * This function directly corresponds to the sendto(2) function. MSG_NOSIGNAL
 * is always added, as for send.
 *
 * Errors: EACCES (a broadcast address without SO_BROADCAST), EAGAIN,
 * EMSGSIZE, ENETUNREACH, EHOSTUNREACH, ECONNREFUSED (an earlier datagram's
 * ICMP error), EDESTADDRREQ, EISCONN, EAFNOSUPPORT, EINVAL, ENOBUFS, EPIPE,
 * EINTR, EBADF, ENOTSOCK.
 */
export function sendto(sockfd: number, buf: ConstBuf | null, length: number, flags: number, dest_addr: SockaddrLike | null, addrlen: number): number {
  const [b, n] = inBuf("sendto", buf, length);
  const [a, alen] = addrIn("sendto", dest_addr, addrlen, "dest_addr");
  return ret(native.sendto(int(sockfd, "sendto", "sockfd"), b, n, int(flags, "sendto", "flags"), a, alen));
}

/**
 * Receives a message into buf and its sender's address into src_addr;
 * returns the byte count or -1. Blocks like C until a datagram arrives.
 *
 * This function directly corresponds to the recvfrom(2) function. src_addr
 * and addrlen may both be null; addrlen.value may not exceed sizeof(src_addr)
 * and is set to the address's real length. A datagram longer than length is
 * truncated (with MSG_TRUNC its real length is returned).
 *
 * Errors: EAGAIN, ECONNREFUSED (an earlier datagram's ICMP error),
 * ECONNRESET, ENOTCONN, EINTR, EINVAL, EBADF, ENOTSOCK, ENOMEM.
 */
export function recvfrom(sockfd: number, buf: Buf | null, length: number, flags: number, src_addr: SockaddrLike | null, addrlen: socklen_t | null): number {
  const [b, n] = outBuf("recvfrom", buf, length);
  const [a, l] = addrOut("recvfrom", src_addr, addrlen, "src_addr");
  return ret(native.recvfrom(int(sockfd, "recvfrom", "sockfd"), b, n, int(flags, "recvfrom", "flags"), a, l));
}
