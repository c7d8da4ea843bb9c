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
//   O_NONBLOCK (fcntl) before their first try. A descriptor a call has waited
//   on is in O_NONBLOCK for good (uv_poll_init sets it, as libuv does for every
//   descriptor it watches). A blocking call from the main module on it
//   afterwards returns -1/EAGAIN, as in C; clear O_NONBLOCK with fcntl to go back.
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
// - Arguments are checked at the call: a wrong type throws a TypeError and a
//   length past its buffer a RangeError synchronously, as in the main module;
//   only what the system reports arrives as a rejection.
// - connect resolves once connected (EINPROGRESS → POLLOUT → SO_ERROR); an
//   EAGAIN from connect (a full AF_UNIX backlog) rejects, as C reports it.
// - A send may be partial, as one non-blocking send(2) call is: loop on the
//   count as C programs do.
import { addrIn, addrOut, inBuf, int, outBuf } from "./check.js";
import {
  EAGAIN, EAI_SYSTEM, EBADF, EINPROGRESS, EINTR, EINVAL, ENOTCONN, ENOTSOCK, EWOULDBLOCK, F_GETFL, F_SETFL, MSG_DONTWAIT, O_NONBLOCK, POLLIN, POLLOUT,
  POLLPRI, POLLRDBAND, POLLRDHUP, POLLRDNORM, POLLWRBAND, POLLWRNORM, SO_ERROR, SOL_SOCKET,
} from "./constants.js";
import { putCString } from "./cstring.js";
import { describe } from "./describe.js";
import { names } from "./errno.js";
import { parts, type msghdr } from "./msg.js";
import { native } from "./native.js";
import { addrinfoArgs, nameinfoArgs, settle, type addrinfo, type ptr } from "./netdb.js";
import { epollBuffer, FD_ISSET, fd_set, packPollfds, selectArgs, unpackEpoll, unpackPollfds, type epoll_event, type pollfd } from "./poll.js";
import type { SockaddrLike } from "./sockaddr.js";
import { timeval } from "./sockopt.js";
import { BYTES, type socklen_t } from "./struct.js";
import type { Buf, ConstBuf } from "./io.js";
import { forget, leave, wait, type Waiter } from "./watch.js";

/** The last, optional argument of every call here. */
export interface Options {
  /** Aborting it rejects the call with an AbortError and stops its wait. */
  signal?: AbortSignal;
}

/** How a call here fails: the system call's errno, its name and the call. */
export interface SocketError extends Error {
  /** The errno value, positive as in C (compare with ECONNREFUSED etc.). */
  errno: number;
  /** Its name: "ECONNREFUSED"; for getaddrinfo/getnameinfo an EAI_* name. */
  code: string;
  syscall: string;
}

function failure(e: number, syscall: string): SocketError {
  const code = names.errno(e) ?? `E${e}`;
  const err = new Error(`${code}: ${native.strerror(e)}, ${syscall}`) as SocketError;
  err.errno = e;
  err.code = code;
  err.syscall = syscall;
  return err;
}

function gaiFailure(code: number, e: number, syscall: string): SocketError {
  if (code === EAI_SYSTEM) return failure(e, syscall);
  const name = names.gai(code) ?? `EAI_${code}`;
  const err = new Error(`${name}: ${native.gai_strerror(code)}, ${syscall}`) as SocketError;
  err.errno = code;
  err.code = name;
  err.syscall = syscall;
  return err;
}

function abortError(signal: AbortSignal): Error {
  const err = new Error("The operation was aborted", { cause: signal.reason }) as Error & { code: string };
  err.name = "AbortError";
  err.code = "ABORT_ERR";
  return err;
}

function signalOf(options: Options | undefined, fn: string): AbortSignal | undefined {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object") throw new TypeError(`${fn}: options must be an object, got ${describe(options)}`);
  const { signal } = options;
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) throw new TypeError(`${fn}: options.signal must be an AbortSignal, got ${describe(signal)}`);
  return signal;
}

/** Puts fd in O_NONBLOCK if it is not yet: 0 or -errno. */
function nonblocking(fd: number): number {
  const fl = native.fcntl(fd, F_GETFL, 0);
  if (fl < 0 || (fl & O_NONBLOCK) !== 0) return Math.min(fl, 0);
  return Math.min(native.fcntl(fd, F_SETFL, fl | O_NONBLOCK), 0);
}

/** What a try returns for "not ready: wait for the descriptor and try again" (no errno is this). */
const WAIT = -0x7fffffff;

/** One try of a shim call, EINTR retried. */
function uninterrupted(call: () => number): number {
  let r: number;
  do r = call();
  while (r === -EINTR);
  return r;
}

/** One try of a non-blocking call: EAGAIN (EWOULDBLOCK) means WAIT. */
function once(attempt: () => number): number {
  const r = uninterrupted(attempt);
  return r === -EAGAIN || r === -EWOULDBLOCK ? WAIT : r;
}

/**
 * One waiting single-descriptor call: a class rather than closures, so
 * 10,000 pending calls cost as little memory as possible.
 */
class Op implements Waiter {
  onAbort: (() => void) | undefined = undefined;
  constructor(
    readonly fd: number,
    readonly events: number,
    readonly syscall: string,
    readonly attempt: () => number,
    readonly resolve: (n: number) => void,
    readonly reject: (e: unknown) => void,
    readonly signal: AbortSignal | undefined,
  ) {}

  ready(): boolean {
    let r: number;
    try {
      r = once(this.attempt);
    } catch (err) {
      // Only a buffer made unusable while waiting (detached) gets here.
      this.done();
      this.reject(err);
      return true;
    }
    if (r === WAIT) return false;
    this.done();
    if (r >= 0) this.resolve(r);
    else this.reject(failure(-r, this.syscall));
    return true;
  }

  gone(e: number): void {
    this.done();
    this.reject(failure(e, this.syscall));
  }

  abort(): void {
    leave(this.fd, this);
    this.reject(abortError(this.signal!));
  }

  done(): void {
    if (this.onAbort !== undefined) this.signal!.removeEventListener("abort", this.onAbort);
  }
}

/**
 * The loop of every single-descriptor call: try; on EAGAIN wait for events
 * on fd and try again. attempt returns a shim result (value, or -errno; EAGAIN
 * or WAIT to keep waiting). With `dontwait`, attempt passes MSG_DONTWAIT and
 * the descriptor's flags are left alone; otherwise it is made O_NONBLOCK
 * first. `first`, if given, makes the first try instead and says WAIT itself
 * (connect: its EAGAIN is a failure, not "try later").
 */
function io(fd: number, events: number, syscall: string, signal: AbortSignal | undefined, attempt: () => number, how: { dontwait?: boolean; first?: () => number } = {}): Promise<number> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  if (!how.dontwait) {
    const nb = nonblocking(fd);
    if (nb < 0) return Promise.reject(failure(-nb, syscall));
  }
  const r = how.first ? how.first() : once(attempt);
  if (r >= 0) return Promise.resolve(r);
  if (r !== WAIT) return Promise.reject(failure(-r, syscall));
  return new Promise<number>((resolve, reject) => {
    const op = new Op(fd, events, syscall, attempt, resolve, reject, signal);
    const w = wait(fd, op);
    if (w < 0) return reject(failure(-w, syscall));
    if (signal !== undefined) {
      op.onAbort = () => op.abort();
      signal.addEventListener("abort", op.onAbort, { once: true });
    }
  });
}

/**
 * The loop of the multiplexers: check() is the call with a zero timeout
 * (> 0 ready, 0 not yet, < 0 -errno); it is re-run whenever one of the
 * descriptors in regs may be ready, and once more when timeoutMs passes.
 */
function multi(syscall: string, regs: Map<number, number>, check: () => number, timeoutMs: number, signal: AbortSignal | undefined, onSettle?: (timedOut: boolean) => void): Promise<number> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const r = uninterrupted(check);
  if (r !== 0 || timeoutMs === 0) {
    onSettle?.(r === 0);
    return r >= 0 ? Promise.resolve(r) : Promise.reject(failure(-r, syscall));
  }
  return new Promise<number>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const waiters: [number, Waiter][] = [];
    const finish = (r: number | Error, timedOut = false): void => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      for (const [fd, w] of waiters) leave(fd, w);
      onSettle?.(timedOut && r === 0);
      if (r instanceof Error) reject(r);
      else if (r >= 0) resolve(r);
      else reject(failure(-r, syscall));
    };
    const onAbort = (): void => finish(abortError(signal!));
    // A retry runs from a readiness callback or a timer: it must not throw there.
    const retry = (): number | Error => {
      try {
        return uninterrupted(check);
      } catch (err) {
        return err instanceof Error ? err : new Error(String(err));
      }
    };
    for (const [fd, events] of regs) {
      const w: Waiter = {
        events,
        ready() {
          if (settled) return true;
          const r = retry();
          if (r === 0) return false;
          finish(r);
          return true;
        },
        gone(e) {
          finish(-e);
        },
      };
      waiters.push([fd, w]);
      const ok = wait(fd, w);
      if (ok < 0) return finish(ok);
    }
    // setTimeout fires at once past TIMEOUT_MAX (2^31-1 ms, about 24.8 days; a
    // select timeval can say more): wait in steps up to the deadline.
    const deadline = Date.now() + timeoutMs;
    const later = (): void => {
      const left = deadline - Date.now();
      timer = left > TIMEOUT_MAX ? setTimeout(later, TIMEOUT_MAX) : setTimeout(() => finish(retry(), true), Math.max(left, 1));
    };
    if (timeoutMs > 0) later();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** How the send/recv family tries: MSG_DONTWAIT, no fcntl. */
const DONTWAIT = { dontwait: true };

/** The longest delay setTimeout takes (longer ones fire after 1 ms). */
const TIMEOUT_MAX = 2 ** 31 - 1;

/** accept(2): resolves with the new descriptor (close-on-exec, blocking unless flags say SOCK_NONBLOCK). */
export function accept(sockfd: number, addr: SockaddrLike | null, addrlen: socklen_t | null, options?: Options): Promise<number> {
  return accept4(sockfd, addr, addrlen, 0, options);
}

/** accept4(2): flags SOCK_NONBLOCK, SOCK_CLOEXEC (always set). */
export function accept4(sockfd: number, addr: SockaddrLike | null, addrlen: socklen_t | null, flags: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "accept4", "sockfd");
  const [a, l] = addrOut("accept4", addr, addrlen);
  const f = int(flags, "accept4", "flags");
  return io(fd, POLLIN, "accept4", signalOf(options, "accept4"), () => native.accept4(fd, a, l, f));
}

/**
 * connect(2): resolves with 0 once connected. Non-blocking underneath: the
 * EINPROGRESS → POLLOUT → SO_ERROR idiom, done for you.
 */
export function connect(sockfd: number, addr: SockaddrLike | null, addrlen: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "connect", "sockfd");
  const [a, n] = addrIn("connect", addr, addrlen);
  const err = new Int32Array(1);
  const errLen = new Uint32Array(1);
  const peer = new Uint8Array(128);
  const peerLen = new Uint32Array(1);
  // The connection is done when SO_ERROR is 0 and it has a peer (WAIT: not yet).
  const settled = (): number => {
    errLen[0] = 4;
    const r = native.getsockopt(fd, SOL_SOCKET, SO_ERROR, err, errLen);
    if (r < 0) return r;
    if (err[0] !== 0) return -err[0]!;
    peerLen[0] = peer.byteLength;
    const p = native.getpeername(fd, peer, peerLen);
    return p === -ENOTCONN ? WAIT : Math.min(p, 0);
  };
  const first = (): number => {
    // EINPROGRESS (EINTR too: the connection goes on) means wait for POLLOUT,
    // unless it is settled already (loopback often is): no loop turn then.
    // EAGAIN is a failure here, as in C: a full AF_UNIX backlog, or no
    // local port; waiting for POLLOUT would spin.
    const r = native.connect(fd, a, n);
    return r === -EINPROGRESS || r === -EINTR ? settled() : r;
  };
  return io(fd, POLLOUT, "connect", signalOf(options, "connect"), settled, { first });
}

/** read(2): resolves with the byte count, 0 at end of stream. */
export function read(fd: number, buf: Buf | null, count: number, options?: Options): Promise<number> {
  const d = int(fd, "read", "fd");
  const [b, n] = outBuf("read", buf, count);
  return readOrWrite(d, POLLIN, "read", signalOf(options, "read"), () => native.recv(d, b, n, MSG_DONTWAIT), () => native.read(d, b, n));
}

/** write(2): resolves with the byte count written by one write (may be partial). */
export function write(fd: number, buf: ConstBuf | null, count: number, options?: Options): Promise<number> {
  const d = int(fd, "write", "fd");
  const [b, n] = inBuf("write", buf, count);
  return readOrWrite(d, POLLOUT, "write", signalOf(options, "write"), () => native.send(d, b, n, MSG_DONTWAIT), () => native.write(d, b, n));
}

/**
 * read and write on a socket are recv and send with no flags (recv(2)), so
 * they are tried as such with MSG_DONTWAIT and need no fcntl. Any other
 * descriptor (a pipe, a FIFO) answers ENOTSOCK and goes the O_NONBLOCK way.
 */
function readOrWrite(fd: number, events: number, syscall: string, signal: AbortSignal | undefined, onSocket: () => number, plain: () => number): Promise<number> {
  let socket = true;
  const first = (): number => {
    const r = once(onSocket);
    if (r !== -ENOTSOCK) return r;
    socket = false;
    const nb = nonblocking(fd);
    return nb < 0 ? nb : once(plain);
  };
  return io(fd, events, syscall, signal, () => (socket ? onSocket() : plain()), { dontwait: true, first });
}

/** recv(2): resolves with the byte count, 0 at end of stream. */
export function recv(sockfd: number, buf: Buf | null, length: number, flags: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "recv", "sockfd");
  const [b, n] = outBuf("recv", buf, length);
  const f = int(flags, "recv", "flags");
  return io(fd, POLLIN, "recv", signalOf(options, "recv"), () => native.recv(fd, b, n, f | MSG_DONTWAIT), DONTWAIT);
}

/** send(2): resolves with the byte count of one send (may be partial on a stream). */
export function send(sockfd: number, buf: ConstBuf | null, length: number, flags: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "send", "sockfd");
  const [b, n] = inBuf("send", buf, length);
  const f = int(flags, "send", "flags");
  return io(fd, POLLOUT, "send", signalOf(options, "send"), () => native.send(fd, b, n, f | MSG_DONTWAIT), DONTWAIT);
}

/** sendto(2). */
export function sendto(sockfd: number, buf: ConstBuf | null, length: number, flags: number, dest_addr: SockaddrLike | null, addrlen: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "sendto", "sockfd");
  const [b, n] = inBuf("sendto", buf, length);
  const f = int(flags, "sendto", "flags");
  const [a, alen] = addrIn("sendto", dest_addr, addrlen, "dest_addr");
  return io(fd, POLLOUT, "sendto", signalOf(options, "sendto"), () => native.sendto(fd, b, n, f | MSG_DONTWAIT, a, alen), DONTWAIT);
}

/** recvfrom(2): src_addr and addrlen are filled when given. */
export function recvfrom(sockfd: number, buf: Buf | null, length: number, flags: number, src_addr: SockaddrLike | null, addrlen: socklen_t | null, options?: Options): Promise<number> {
  const fd = int(sockfd, "recvfrom", "sockfd");
  const [b, n] = outBuf("recvfrom", buf, length);
  const f = int(flags, "recvfrom", "flags");
  const [a, l] = addrOut("recvfrom", src_addr, addrlen, "src_addr");
  return io(fd, POLLIN, "recvfrom", signalOf(options, "recvfrom"), () => native.recvfrom(fd, b, n, f | MSG_DONTWAIT, a, l), DONTWAIT);
}

/** sendmsg(2): resolves with the byte count; MSG_NOSIGNAL is always added. */
export function sendmsg(sockfd: number, msg: msghdr, flags: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "sendmsg", "sockfd");
  const p = parts(msg, "sendmsg", "msg", false);
  const f = int(flags, "sendmsg", "flags");
  if (typeof p === "number") return Promise.reject(failure(p, "sendmsg"));
  return io(fd, POLLOUT, "sendmsg", signalOf(options, "sendmsg"), () => native.sendmsg(fd, p, f | MSG_DONTWAIT), DONTWAIT);
}

/**
 * recvmsg(2): resolves with the byte count once a message arrives, after
 * setting msg_namelen, msg_controllen and msg_flags as the sync recvmsg does.
 */
export function recvmsg(sockfd: number, msg: msghdr, flags: number, options?: Options): Promise<number> {
  const fd = int(sockfd, "recvmsg", "sockfd");
  const p = parts(msg, "recvmsg", "msg", true);
  const f = int(flags, "recvmsg", "flags");
  if (typeof p === "number") return Promise.reject(failure(p, "recvmsg"));
  const out = new Uint32Array(3);
  return io(fd, POLLIN, "recvmsg", signalOf(options, "recvmsg"), () => native.recvmsg(fd, p, f | MSG_DONTWAIT, out), DONTWAIT).then((r) => {
    if (msg.msg_name !== null) msg.msg_namelen = out[0]!;
    msg.msg_controllen = out[1]!;
    msg.msg_flags = out[2]!;
    return r;
  });
}

/**
 * close(2): first settles every call waiting on fd (they reject with EBADF)
 * and frees its watcher, then closes. Resolves with 0.
 */
export function close(fd: number): Promise<number> {
  const d = int(fd, "close", "fd");
  forget(d, EBADF);
  const r = native.close(d);
  return r < 0 ? Promise.reject(failure(-r, "close")) : Promise.resolve(0);
}

/**
 * select(2): waits without blocking. The sets are rewritten to the ready
 * descriptors and timeout (null: forever) to the time left, as on Linux.
 */
export function select(nfds: number, readfds: fd_set | null, writefds: fd_set | null, exceptfds: fd_set | null, timeout: timeval | null, options?: Options): Promise<number> {
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
    return Promise.reject(failure(EINVAL, "select"));
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
  return multi("select", regs, check, ms, signal, writeBack);
}

/**
 * The watcher events a pollfd's events need. A pollfd asking for nothing
 * (events 0, only POLLERR/POLLHUP/POLLNVAL) is not watched: its error shows
 * at the next wake or the timeout.
 */
function interest(events: number): number {
  return (
    ((events & (POLLIN | POLLRDNORM | POLLRDBAND)) !== 0 ? POLLIN : 0) |
    ((events & (POLLOUT | POLLWRNORM | POLLWRBAND)) !== 0 ? POLLOUT : 0) |
    (events & (POLLPRI | POLLRDHUP))
  );
}

/** poll(2): waits without blocking; each pollfd's revents is filled in. timeout in ms, -1 forever. */
export function poll(fds: pollfd[] | pollfd | null, nfds: number, timeout: number, options?: Options): Promise<number> {
  const buf = packPollfds("poll", fds, nfds);
  const ms = int(timeout, "poll", "timeout");
  const signal = signalOf(options, "poll");
  const regs = new Map<number, number>();
  const list = Array.isArray(fds) ? fds : fds ? [fds] : [];
  for (let i = 0; i < nfds; i++) {
    const p = list[i]!;
    const want = interest(p.events);
    if (p.fd >= 0 && want !== 0) regs.set(p.fd, (regs.get(p.fd) ?? 0) | want);
  }
  const check = (): number => {
    const r = native.poll(buf, nfds, 0);
    if (r >= 0) unpackPollfds(fds, buf, nfds);
    return r;
  };
  return multi("poll", regs, check, ms < 0 ? -1 : ms, signal);
}

/** epoll_wait(2): waits without blocking; resolves with the number of events written into events. */
export function epoll_wait(epfd: number, events: epoll_event[] | epoll_event | null, maxevents: number, timeout: number, options?: Options): Promise<number> {
  const ep = int(epfd, "epoll_wait", "epfd");
  const buf = epollBuffer("epoll_wait", events, maxevents);
  const ms = int(timeout, "epoll_wait", "timeout");
  const check = (): number => {
    const r = native.epoll_wait(ep, buf, maxevents, 0);
    if (r > 0) unpackEpoll(events, buf, r);
    return r;
  };
  return multi("epoll_wait", new Map([[ep, POLLIN]]), check, ms < 0 ? -1 : ms, signalOf(options, "epoll_wait"));
}

/**
 * getaddrinfo(3) on the threadpool (bounded work, not a socket wait):
 * resolves with 0 and res.value set; an EAI_* failure rejects with `errno`
 * the EAI code and `code` its name (EAI_SYSTEM: the system errno).
 */
export function getaddrinfo(node: string | null, service: string | null, hints: addrinfo | null, res: ptr<addrinfo> | { value: addrinfo | null }, options?: Options): Promise<number> {
  const args = addrinfoArgs(node, service, hints, res);
  const signal = signalOf(options, "getaddrinfo");
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return raceAbort(native.getaddrinfo_async(...args), signal).then((r) => {
    if (r.code !== 0) throw gaiFailure(r.code, r.errno, "getaddrinfo");
    return settle(r, res);
  });
}

/**
 * getnameinfo(3) on the threadpool: host and serv receive NUL-terminated
 * text, as in C. Resolves with 0; failures reject as getaddrinfo's do.
 */
export function getnameinfo(addr: SockaddrLike, addrlen: number, host: Uint8Array | null, hostlen: number, serv: Uint8Array | null, servlen: number, flags: number, options?: Options): Promise<number> {
  const args = nameinfoArgs(addr, addrlen, host, hostlen, serv, servlen, flags);
  const signal = signalOf(options, "getnameinfo");
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return raceAbort(native.getnameinfo_async(...args), signal).then((r) => {
    if (r.code !== 0) throw gaiFailure(r.code, r.errno, "getnameinfo");
    // The text fitted in hostlen/servlen bytes on the pool thread; putCString
    // also stays within the buffer, which may have shrunk since (detached).
    const [, , h, hl, s, sl] = args;
    if (h !== null && r.host !== null) putCString(h, r.host, hl);
    if (s !== null && r.serv !== null) putCString(s, r.serv, sl);
    return 0;
  });
}

function raceAbort<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return p;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortError(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}
