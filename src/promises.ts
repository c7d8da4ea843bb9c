/**
 * The calls that wait, with C's names and parameters, returning promises:
 * they never block the event loop and hold no threadpool thread while
 * waiting, so thousands can wait at once. A promise resolves with what C
 * returns on success and rejects with a SocketError (`errno`, `code`,
 * `syscall`) on failure; the live `errno` is never touched. Every call takes
 * an optional last argument `{ signal }` to cancel it. The structs and
 * constants (sockaddr_in, socklen_t, msghdr, AF_INET, ...) and the calls that
 * never wait (socket, bind, listen, setsockopt, ...) come from
 * berkeley-sockets. How it works and what it costs: docs/promises.md.
 *
 * @packageDocumentation
 */

// berkeley-sockets/promises: the calls that wait, with C's names and
// parameters, returning promises (MIRROR §5). They never block the event loop
// and hold no threadpool thread while waiting: each call tries the system
// call, and on EAGAIN waits for readiness from the event loop (one uv_poll
// per descriptor, native/watch.cc) and tries again.
//
// Choices, against the blocking API:
// - Non-blocking mode: send, recv, sendto, recvfrom, sendmsg and recvmsg try
//   with MSG_DONTWAIT, so one that completes at once costs one system call and
//   leaves the descriptor's flags alone; so do read and write on a socket
//   (there they are recv and send without flags). accept, connect, and read
//   and write on anything else have no such flag and put the descriptor in
//   O_NONBLOCK (fcntl) before their first try; a call that waits has it set
//   too (uv_poll_init does, as libuv does for every descriptor it watches).
//   Either way the call restores the flags it found when it settles, so a
//   blocking call of the main module afterwards blocks, as the C program
//   expects (src/watch.ts, borrowNonblocking).
// - Results: a promise resolves with what C returns on success (descriptor,
//   byte count, 0), never -1. A failure rejects with an Error carrying
//   `errno` (the positive errno value, equal to this package's constants, e.g.
//   ECONNREFUSED), `code` ("ECONNREFUSED") and `syscall` ("connect"), like
//   fs/promises errors (whose errno is libuv's negated value). The live
//   `errno` of the main module is never touched, so concurrent calls cannot
//   overwrite each other's error.
// - Cancelling: every call takes an optional last argument `{ signal }`; an
//   aborted signal rejects with an AbortError (code "ABORT_ERR") and stops the
//   wait. close(fd) (here or in the main module) settles the calls waiting on
//   fd with EBADF and frees its watcher before the descriptor number can be
//   reused. Close such descriptors with this package's close, never
//   fs.closeSync: libuv aborts the process if a descriptor it is about to
//   register with epoll was closed behind its back (as for net.Socket's).
// - Every failure is a rejection, as in fs/promises: a wrong type rejects
//   with the TypeError and a length past its buffer with the RangeError the
//   main module throws, what the system reports with its errno. The calls are
//   async functions for that (about 40 ns a call): nothing throws at the call,
//   and the body still runs at once, up to its first wait.
// - connect resolves once connected (EINPROGRESS → POLLOUT → SO_ERROR); an
//   EAGAIN from connect (a full AF_UNIX backlog) rejects, as C reports it.
// - A send may be partial, as one non-blocking send(2) call is: loop on the
//   count as C programs do.
// This module holds the calls only: the wait loops live beside the readiness
// registry (src/watch.ts), the error type in src/error.ts.
import { addrIn, addrOut, inBuf, int, outBuf } from "./check.js";
import { EBADF, EINPROGRESS, EINTR, EINVAL, ENOTCONN, MSG_DONTWAIT, POLLIN, POLLOUT, POLLPRI, SO_ERROR, SOL_SOCKET } from "./constants.js";
import { putCString } from "./cstring.js";
import { abortError, errnoError, gaiError } from "./error.js";
import type { Buf, ConstBuf } from "./io.js";
import { parts, type msghdr } from "./msg.js";
import { native } from "./native.js";
import { addrinfoArgs, nameinfoArgs, settle, type addrinfo, type ptr } from "./netdb.js";
import { epollBuffer, FD_ISSET, fd_set, packPollfds, selectArgs, unpackEpoll, unpackPollfds, type epoll_event, type pollfd } from "./poll.js";
import type { SockaddrLike } from "./sockaddr.js";
import { timeval } from "./sockopt.js";
import { BYTES, type socklen_t } from "./struct.js";
import {
  abortable, checkUntilReady, forget, NOT_READY, readOrWrite, signalOf, tryUntilDone, watchEvents, WITH_MSG_DONTWAIT, type Options,
} from "./watch.js";

export type { SocketError } from "./error.js";
export type { Options } from "./watch.js";

/**
 * Waits for the next connection on a listening socket without blocking the
 * event loop, and resolves with its new descriptor (close-on-exec, blocking
 * unless accept4's flags say SOCK_NONBLOCK).
 *
 * This function corresponds to the accept(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: EINVAL (not listening), ECONNABORTED,
 * EMFILE, ENFILE, ENOTSOCK, EBADF (also when fd is closed while waiting);
 * an AbortError when options.signal aborts.
 */
export async function accept(sockfd: number, addr: SockaddrLike | null, addrlen: socklen_t | null, options?: Options): Promise<number> {
  const fd = int(sockfd, "accept", "sockfd");
  const [a, l] = addrOut("accept", addr, addrlen);
  return tryUntilDone(fd, POLLIN, "accept", signalOf(options, "accept"), () => native.accept(fd, a, l));
}

/**
 * accept, with flags for the new descriptor: SOCK_NONBLOCK, SOCK_CLOEXEC
 * (always set).
 *
 * This function corresponds to the accept4(2) function, as a promise.
 *
 * Errors: rejects as accept does: EINVAL, ECONNABORTED, EMFILE, ENFILE,
 * ENOTSOCK, EBADF.
 */
export async function accept4(sockfd: number, addr: SockaddrLike | null, addrlen: socklen_t | null, flags: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "accept4", "sockfd");
  const [a, l] = addrOut("accept4", addr, addrlen);
  const f = int(flags, "accept4", "flags");
  return tryUntilDone(fd, POLLIN, "accept4", signalOf(options, "accept4"), () => native.accept4(fd, a, l, f));
}

/**
 * Connects the socket to addr and resolves with 0 once connected.
 * Non-blocking underneath: the EINPROGRESS → POLLOUT → SO_ERROR idiom, done
 * for you.
 *
 * This function corresponds to the connect(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: ECONNREFUSED, ETIMEDOUT, ENETUNREACH,
 * EHOSTUNREACH, EADDRNOTAVAIL, EAFNOSUPPORT, EISCONN, EALREADY, EAGAIN (a
 * full AF_UNIX backlog), EACCES, ENOENT (sockaddr_un path), EBADF, ENOTSOCK.
 */
export async function connect(sockfd: number, addr: SockaddrLike | null, addrlen: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "connect", "sockfd");
  const [a, n] = addrIn("connect", addr, addrlen);
  const err = new Int32Array(1);
  const errLen = new Uint32Array(1);
  const peer = new Uint8Array(128);
  const peerLen = new Uint32Array(1);
  // The connection is done when SO_ERROR is 0 and it has a peer (NOT_READY: not yet).
  const settled = (): number => {
    errLen[0] = 4;
    const r = native.getsockopt(fd, SOL_SOCKET, SO_ERROR, err, errLen);
    if (r < 0) return r;
    if (err[0] !== 0) return -err[0]!;
    peerLen[0] = peer.byteLength;
    const p = native.getpeername(fd, peer, peerLen);
    return p === -ENOTCONN ? NOT_READY : Math.min(p, 0);
  };
  const firstTry = (): number => {
    // EINPROGRESS (EINTR too: the connection goes on) means wait for POLLOUT,
    // unless it is settled already (loopback often is): no loop turn then.
    // EAGAIN is a failure here, as in C: a full AF_UNIX backlog, or no
    // local port; waiting for POLLOUT would spin.
    const r = native.connect(fd, a, n);
    return r === -EINPROGRESS || r === -EINTR ? settled() : r;
  };
  return tryUntilDone(fd, POLLOUT, "connect", signalOf(options, "connect"), settled, { firstTry });
}

/**
 * Waits for data and resolves with the byte count read into buf, 0 at end
 * of stream.
 *
 * This function corresponds to the read(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: ECONNRESET, ENOTCONN, ETIMEDOUT,
 * EBADF, EINVAL, EIO.
 */
export async function read(fd: number, buf: Buf | null, count: number, options?: Options): Promise<number> {
  const d = int(fd, "read", "fd");
  const [b, n] = outBuf("read", buf, count);
  return readOrWrite(d, POLLIN, "read", signalOf(options, "read"), () => native.recv(d, b, n, MSG_DONTWAIT), () => native.read(d, b, n));
}

/**
 * Waits for room and resolves with the byte count written by one write (it
 * may be partial: loop on the count as C programs do).
 *
 * This function corresponds to the write(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: EPIPE, ECONNRESET, ENOTCONN,
 * EDESTADDRREQ, EBADF, EINVAL, EIO, ENOSPC.
 */
export async function write(fd: number, buf: ConstBuf | null, count: number, options?: Options): Promise<number> {
  const d = int(fd, "write", "fd");
  const [b, n] = inBuf("write", buf, count);
  return readOrWrite(d, POLLOUT, "write", signalOf(options, "write"), () => native.send(d, b, n, MSG_DONTWAIT), () => native.write(d, b, n));
}

/**
 * Waits for data and resolves with the byte count received into buf, 0 at
 * end of stream.
 *
 * This function corresponds to the recv(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: ECONNREFUSED, ECONNRESET, ENOTCONN,
 * ETIMEDOUT, EINVAL, EBADF, ENOTSOCK.
 */
export async function recv(sockfd: number, buf: Buf | null, length: number, flags: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "recv", "sockfd");
  const [b, n] = outBuf("recv", buf, length);
  const f = int(flags, "recv", "flags");
  return tryUntilDone(fd, POLLIN, "recv", signalOf(options, "recv"), () => native.recv(fd, b, n, f | MSG_DONTWAIT), WITH_MSG_DONTWAIT);
}

/**
 * Waits for room and resolves with the byte count of one send (it may be
 * partial on a stream). MSG_NOSIGNAL is always added.
 *
 * This function corresponds to the send(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: EPIPE, ECONNRESET, ENOTCONN, EMSGSIZE,
 * EDESTADDRREQ, ECONNREFUSED, ENOBUFS, EINVAL, EBADF, ENOTSOCK.
 */
export async function send(sockfd: number, buf: ConstBuf | null, length: number, flags: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "send", "sockfd");
  const [b, n] = inBuf("send", buf, length);
  const f = int(flags, "send", "flags");
  return tryUntilDone(fd, POLLOUT, "send", signalOf(options, "send"), () => native.send(fd, b, n, f | MSG_DONTWAIT), WITH_MSG_DONTWAIT);
}

/**
 * Sends a message to dest_addr (null on a connected socket) and resolves
 * with the byte count.
 *
 * This function corresponds to the sendto(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: EACCES (broadcast without
 * SO_BROADCAST), EMSGSIZE, ENETUNREACH, EHOSTUNREACH, ECONNREFUSED,
 * EDESTADDRREQ, EISCONN, EAFNOSUPPORT, EINVAL, ENOBUFS, EBADF, ENOTSOCK.
 */
export async function sendto(sockfd: number, buf: ConstBuf | null, length: number, flags: number, dest_addr: SockaddrLike | null, addrlen: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "sendto", "sockfd");
  const [b, n] = inBuf("sendto", buf, length);
  const f = int(flags, "sendto", "flags");
  const [a, alen] = addrIn("sendto", dest_addr, addrlen, "dest_addr");
  return tryUntilDone(fd, POLLOUT, "sendto", signalOf(options, "sendto"), () => native.sendto(fd, b, n, f | MSG_DONTWAIT, a, alen), WITH_MSG_DONTWAIT);
}

/**
 * Waits for a message and resolves with its byte count; src_addr and
 * addrlen are filled when given.
 *
 * This function corresponds to the recvfrom(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: ECONNREFUSED (an earlier datagram's
 * ICMP error), ECONNRESET, ENOTCONN, EINVAL, EBADF, ENOTSOCK.
 */
export async function recvfrom(sockfd: number, buf: Buf | null, length: number, flags: number, src_addr: SockaddrLike | null, addrlen: socklen_t | null, options?: Options): Promise<number> {
  const fd = int(sockfd, "recvfrom", "sockfd");
  const [b, n] = outBuf("recvfrom", buf, length);
  const f = int(flags, "recvfrom", "flags");
  const [a, l] = addrOut("recvfrom", src_addr, addrlen, "src_addr");
  return tryUntilDone(fd, POLLIN, "recvfrom", signalOf(options, "recvfrom"), () => native.recvfrom(fd, b, n, f | MSG_DONTWAIT, a, l), WITH_MSG_DONTWAIT);
}

/**
 * Sends the message msg and resolves with the byte count; MSG_NOSIGNAL is
 * always added.
 *
 * This function corresponds to the sendmsg(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: EPIPE, ECONNRESET, EMSGSIZE (also
 * msg_iovlen over IOV_MAX), EDESTADDRREQ, EISCONN, ENOTCONN, EACCES,
 * ENETUNREACH, EINVAL, ENOBUFS, EBADF, ENOTSOCK.
 */
export async function sendmsg(sockfd: number, msg: msghdr, flags: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "sendmsg", "sockfd");
  const p = parts(msg, "sendmsg", "msg", false);
  const f = int(flags, "sendmsg", "flags");
  if (typeof p === "number") return Promise.reject(errnoError(p, "sendmsg"));
  return tryUntilDone(fd, POLLOUT, "sendmsg", signalOf(options, "sendmsg"), () => native.sendmsg(fd, p, f | MSG_DONTWAIT), WITH_MSG_DONTWAIT);
}

/**
 * Resolves with the byte count once a message arrives, after setting
 * msg_namelen, msg_controllen and msg_flags as the blocking recvmsg does.
 *
 * This function corresponds to the recvmsg(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: ECONNREFUSED, ECONNRESET, ENOTCONN,
 * EMSGSIZE (msg_iovlen over IOV_MAX), EINVAL, EBADF, ENOTSOCK.
 */
export async function recvmsg(sockfd: number, msg: msghdr, flags: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "recvmsg", "sockfd");
  const p = parts(msg, "recvmsg", "msg", true);
  const f = int(flags, "recvmsg", "flags");
  if (typeof p === "number") return Promise.reject(errnoError(p, "recvmsg"));
  const out = new Uint32Array(3);
  return tryUntilDone(fd, POLLIN, "recvmsg", signalOf(options, "recvmsg"), () => native.recvmsg(fd, p, f | MSG_DONTWAIT, out), WITH_MSG_DONTWAIT).then((r) => {
    if (msg.msg_name !== null) msg.msg_namelen = out[0]!;
    msg.msg_controllen = out[1]!;
    msg.msg_flags = out[2]!;
    return r;
  });
}

/**
 * Settles every call waiting on fd (they reject with EBADF) and frees its
 * watcher, then closes the descriptor. Resolves with 0.
 *
 * This function corresponds to the close(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: EBADF, EINTR, EIO.
 */
export async function close(fd: number): Promise<number> {
  const d = int(fd, "close", "fd");
  forget(d, EBADF);
  const r = native.close(d);
  return r < 0 ? Promise.reject(errnoError(-r, "close")) : Promise.resolve(0);
}

/**
 * Waits without blocking the event loop until a descriptor below nfds in
 * one of the sets is ready, or the timeout passes (null: forever); resolves
 * with the number ready, 0 on timeout. The sets are rewritten to the ready
 * descriptors and timeout to the time left, as on Linux.
 *
 * This function corresponds to the select(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: EBADF (a closed descriptor in a set),
 * EINVAL (a negative timeout).
 */
export async function select(nfds: number, readfds: fd_set | null, writefds: fd_set | null, exceptfds: fd_set | null, timeout: timeval | null, options?: Options): Promise<number> {
  const { sets } = selectArgs("select", nfds, readfds, writefds, exceptfds, timeout);
  const signal = signalOf(options, "select");
  const orig = sets.map((s) => (s === null ? null : s.slice()));
  const regs = new Map<number, number>();
  const kinds = [POLLIN, POLLOUT, POLLPRI];
  for (let k = 0; k < 3; k++) {
    const s = sets[k];
    if (!s) continue;
    const probe = new fd_set();
    probe[BYTES].set(s);
    for (let fd = 0; fd < nfds; fd++) if (FD_ISSET(fd, probe)) regs.set(fd, (regs.get(fd) ?? 0) | kinds[k]!);
  }
  // The kernel refuses a timeval that is negative once tv_usec is carried into
  // tv_sec (EINVAL, before looking at the sets); it does not mean "forever".
  if (timeout !== null && timeout !== undefined && (timeout.tv_sec + Math.trunc(timeout.tv_usec / 1e6) < 0 || timeout.tv_usec % 1e6 < 0)) {
    return Promise.reject(errnoError(EINVAL, "select"));
  }
  let ms = -1;
  const total = timeout === null || timeout === undefined ? -1 : timeout.tv_sec * 1e6 + timeout.tv_usec;
  if (total >= 0) ms = Math.ceil(total / 1000);
  const started = process.hrtime.bigint();
  const zero = new timeval()[BYTES];
  const check = (): number => {
    for (let k = 0; k < 3; k++) if (sets[k]) sets[k]!.set(orig[k]!);
    return native.select(nfds, sets[0], sets[1], sets[2], zero.fill(0));
  };
  // A timeout leaves zero, as Linux writes it: the timer runs on the loop's
  // millisecond clock and may fire a fraction of a millisecond before hrtime agrees.
  const writeBack = (timedOut: boolean): void => {
    if (total < 0) return;
    const left = timedOut ? 0 : Math.max(0, total - Number((process.hrtime.bigint() - started) / 1000n));
    timeout!.tv_sec = Math.floor(left / 1e6);
    timeout!.tv_usec = left % 1e6;
  };
  return checkUntilReady("select", regs, check, ms, signal, writeBack);
}

/**
 * Waits without blocking the event loop until one of the first nfds
 * pollfds is ready, or timeout milliseconds pass (-1: forever); resolves
 * with the number of entries with nonzero revents, 0 on timeout. Each
 * pollfd's revents is filled in.
 *
 * This function corresponds to the poll(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: EINVAL, ENOMEM.
 */
export async function poll(fds: pollfd[] | pollfd | null, nfds: number, timeout: number, options?: Options): Promise<number> {
  const buf = packPollfds("poll", fds, nfds);
  const ms = int(timeout, "poll", "timeout");
  const signal = signalOf(options, "poll");
  const regs = new Map<number, number>();
  const list = Array.isArray(fds) ? fds : fds ? [fds] : [];
  for (let i = 0; i < nfds; i++) {
    const p = list[i]!;
    const want = watchEvents(p.events);
    if (p.fd >= 0 && want !== 0) regs.set(p.fd, (regs.get(p.fd) ?? 0) | want);
  }
  const check = (): number => {
    const r = native.poll(buf, nfds, 0);
    if (r >= 0) unpackPollfds(fds, buf, nfds);
    return r;
  };
  return checkUntilReady("poll", regs, check, ms < 0 ? -1 : ms, signal);
}

/**
 * Waits without blocking the event loop for events on the epoll instance
 * epfd; resolves with the number of events written into events, 0 on
 * timeout.
 *
 * This function corresponds to the epoll_wait(2) function, as a promise.
 *
 * Errors: rejects with a SocketError: EBADF, EINVAL.
 */
export async function epoll_wait(epfd: number, events: epoll_event[] | epoll_event | null, maxevents: number, timeout: number, options?: Options): Promise<number> {
  const ep = int(epfd, "epoll_wait", "epfd");
  const buf = epollBuffer("epoll_wait", events, maxevents);
  const ms = int(timeout, "epoll_wait", "timeout");
  const check = (): number => {
    const r = native.epoll_wait(ep, buf, maxevents, 0);
    if (r > 0) unpackEpoll(events, buf, r);
    return r;
  };
  return checkUntilReady("epoll_wait", new Map([[ep, POLLIN]]), check, ms < 0 ? -1 : ms, signalOf(options, "epoll_wait"));
}

/**
 * getaddrinfo on the threadpool (bounded work, not a socket wait): resolves
 * with 0 and res.value set.
 *
 * This function corresponds to the getaddrinfo(3) function, as a promise.
 *
 * Errors: rejects with a SocketError whose `errno` is the getaddrinfo code
 * and `code` its name: EAI_NONAME, EAI_AGAIN, EAI_FAIL, EAI_FAMILY,
 * EAI_SOCKTYPE, EAI_SERVICE, EAI_BADFLAGS, EAI_MEMORY; for EAI_SYSTEM, the
 * system errno.
 */
export async function getaddrinfo(node: string | null, service: string | null, hints: addrinfo | null, res: ptr<addrinfo> | { value: addrinfo | null }, options?: Options): Promise<number> {
  const args = addrinfoArgs(node, service, hints, res);
  const signal = signalOf(options, "getaddrinfo");
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return abortable(native.getaddrinfo_async(...args), signal).then((r) => {
    if (r.code !== 0) throw gaiError(r.code, r.errno, "getaddrinfo");
    return settle(r, res);
  });
}

/**
 * getnameinfo on the threadpool: host and serv receive NUL-terminated text,
 * as in C. Resolves with 0.
 *
 * This function corresponds to the getnameinfo(3) function, as a promise.
 *
 * Errors: rejects as getaddrinfo does: EAI_NONAME, EAI_AGAIN, EAI_FAIL,
 * EAI_FAMILY, EAI_OVERFLOW, EAI_BADFLAGS, EAI_MEMORY, EAI_SYSTEM.
 */
export async function getnameinfo(addr: SockaddrLike, addrlen: number, host: Uint8Array | null, hostlen: number, serv: Uint8Array | null, servlen: number, flags: number, options?: Options): Promise<number> {
  const args = nameinfoArgs(addr, addrlen, host, hostlen, serv, servlen, flags);
  const signal = signalOf(options, "getnameinfo");
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return abortable(native.getnameinfo_async(...args), signal).then((r) => {
    if (r.code !== 0) throw gaiError(r.code, r.errno, "getnameinfo");
    // The text fitted in hostlen/servlen bytes on the pool thread; putCString
    // also stays within the buffer, which may have shrunk since (detached).
    const [, , h, hl, s, sl] = args;
    if (h !== null && r.host !== null) putCString(h, r.host, hl);
    if (s !== null && r.serv !== null) putCString(s, r.serv, sl);
    return 0;
  });
}
