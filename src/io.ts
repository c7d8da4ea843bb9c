// read(2)/write(2)/send(2)/recv(2) and the datagram calls. Buffers are any
// ArrayBufferView or struct, filled in place; C's buf + off is
// buf.subarray(off). Writes to a vanished peer are -1/EPIPE, never SIGPIPE.
import { addrIn, addrOut, inBuf, int, outBuf } from "./check.js";
import { ret } from "./errno.js";
import { native } from "./native.js";
import type { SockaddrLike } from "./sockaddr.js";
import type { Struct, socklen_t } from "./struct.js";

/** What C's void *buf may be: any view or struct. */
export type Buf = ArrayBufferView | Struct;
/** What C's const void *buf may be: also a string, sent as UTF-8 (with a C literal's NUL at [length]). */
export type ConstBuf = Buf | string;

/** read(2): blocks like C; 0 at end of stream. */
export function read(fd: number, buf: Buf | null, count: number): number {
  const [b, n] = outBuf("read", buf, count);
  return ret(native.read(int(fd, "read", "fd"), b, n));
}

/** write(2). */
export function write(fd: number, buf: ConstBuf | null, count: number): number {
  const [b, n] = inBuf("write", buf, count);
  return ret(native.write(int(fd, "write", "fd"), b, n));
}

/** recv(2): flags MSG_PEEK, MSG_WAITALL, MSG_DONTWAIT, MSG_TRUNC, ... */
export function recv(sockfd: number, buf: Buf | null, length: number, flags: number): number {
  const [b, n] = outBuf("recv", buf, length);
  return ret(native.recv(int(sockfd, "recv", "sockfd"), b, n, int(flags, "recv", "flags")));
}

/** send(2). MSG_NOSIGNAL is always added. */
export function send(sockfd: number, buf: ConstBuf | null, length: number, flags: number): number {
  const [b, n] = inBuf("send", buf, length);
  return ret(native.send(int(sockfd, "send", "sockfd"), b, n, int(flags, "send", "flags")));
}

/** sendto(2): dest_addr may be null on a connected socket. */
export function sendto(sockfd: number, buf: ConstBuf | null, length: number, flags: number, dest_addr: SockaddrLike | null, addrlen: number): number {
  const [b, n] = inBuf("sendto", buf, length);
  const [a, alen] = addrIn("sendto", dest_addr, addrlen, "dest_addr");
  return ret(native.sendto(int(sockfd, "sendto", "sockfd"), b, n, int(flags, "sendto", "flags"), a, alen));
}

/** recvfrom(2): blocks like C; src_addr and addrlen are filled when given. */
export function recvfrom(sockfd: number, buf: Buf | null, length: number, flags: number, src_addr: SockaddrLike | null, addrlen: socklen_t | null): number {
  const [b, n] = outBuf("recvfrom", buf, length);
  const [a, l] = addrOut("recvfrom", src_addr, addrlen, "src_addr");
  return ret(native.recvfrom(int(sockfd, "recvfrom", "sockfd"), b, n, int(flags, "recvfrom", "flags"), a, l));
}
