// Multiplexing: select(2) with fd_set and the FD_* macros, poll(2) with arrays
// of pollfd, and epoll(7). These block like C; berkeley-sockets/promises has
// the same calls without blocking the event loop.
import { int } from "./check.js";
import { EINVAL, FD_SETSIZE } from "./constants.js";
import { wrongArg } from "./describe.js";
import { ret, seterrno } from "./errno.js";
import { native } from "./native.js";
import { timeval } from "./sockopt.js";
import { BYTES, defineStruct, Struct, view } from "./struct.js";

const LE = native.platform.little_endian;
const MASK = native.platform.sizeof_fd_mask;

/**
 * fd_set (select(2)): a bit per descriptor below FD_SETSIZE; use
 * FD_ZERO/FD_SET/FD_CLR/FD_ISSET. select rewrites the sets it is given, so
 * copy a master set before each call: `const rset = new fd_set(allset)`.
 */
export class fd_set extends Struct {
  /** The bits, as glibc lays out its array of `__fd_mask` words (host byte order). */
  declare fds_bits: Uint8Array;
}
defineStruct(fd_set, "fd_set", { fds_bits: "bytes" });

/** The byte and bit of fd in set, as glibc lays out its array of __fd_mask words. */
function bit(fn: string, fd: number, set: fd_set): [bytes: Uint8Array, index: number, mask: number] {
  if (!(set instanceof fd_set)) throw new TypeError(wrongArg(fn, "set", "an fd_set", set));
  int(fd, fn, "fd");
  // C would write outside the set: glibc's fortified FD_SET aborts instead.
  if (fd < 0 || fd >= FD_SETSIZE) throw new RangeError(`${fn}: fd ${fd} is outside an fd_set (0..${FD_SETSIZE - 1})`);
  const bits = MASK * 8;
  const inWord = fd % bits;
  const byteInWord = LE ? inWord >> 3 : MASK - 1 - (inWord >> 3);
  return [set[BYTES], (fd - inWord) / 8 + byteInWord, 1 << (inWord & 7)];
}

/**
 * Clears every descriptor from set.
 *
 * This function directly corresponds to the FD_ZERO(3) macro (select(2)).
 */
export function FD_ZERO(set: fd_set): void {
  if (!(set instanceof fd_set)) throw new TypeError(wrongArg("FD_ZERO", "set", "an fd_set", set));
  set[BYTES].fill(0);
}

/**
 * Adds fd to set. fd outside 0..FD_SETSIZE-1 is a RangeError (C would write
 * past the set; glibc's fortified FD_SET aborts).
 *
 * This function directly corresponds to the FD_SET(3) macro (select(2)).
 */
export function FD_SET(fd: number, set: fd_set): void {
  const [b, i, m] = bit("FD_SET", fd, set);
  b[i]! |= m;
}

/**
 * Removes fd from set.
 *
 * This function directly corresponds to the FD_CLR(3) macro (select(2)).
 */
export function FD_CLR(fd: number, set: fd_set): void {
  const [b, i, m] = bit("FD_CLR", fd, set);
  b[i]! &= ~m;
}

/**
 * 1 if fd is in set, else 0: after select, whether fd is ready.
 *
 * This function directly corresponds to the FD_ISSET(3) macro (select(2)).
 */
export function FD_ISSET(fd: number, set: fd_set): number {
  const [b, i, m] = bit("FD_ISSET", fd, set);
  return (b[i]! & m) !== 0 ? 1 : 0;
}

function optSet(fn: string, arg: string, s: fd_set | null): Uint8Array | null {
  if (s === null || s === undefined) return null;
  if (!(s instanceof fd_set)) throw new TypeError(wrongArg(fn, arg, "an fd_set or null", s));
  return s[BYTES];
}

/** Validated select arguments, shared with the promises entry point. */
export function selectArgs(fn: string, nfds: number, readfds: fd_set | null, writefds: fd_set | null, exceptfds: fd_set | null, timeout: timeval | null) {
  int(nfds, fn, "nfds");
  if (nfds > FD_SETSIZE) throw new RangeError(`${fn}: nfds ${nfds} exceeds FD_SETSIZE (${FD_SETSIZE})`);
  if (timeout !== null && timeout !== undefined && !(timeout instanceof timeval)) {
    throw new TypeError(wrongArg(fn, "timeout", "a timeval or null", timeout));
  }
  return {
    sets: [optSet(fn, "readfds", readfds), optSet(fn, "writefds", writefds), optSet(fn, "exceptfds", exceptfds)] as const,
    tv: timeout ? timeout[BYTES] : null,
  };
}

/**
 * Waits until a descriptor below nfds in one of the sets is ready, or the
 * timeout passes (null waits forever). Returns the number of ready
 * descriptors, 0 on timeout, or -1. The sets (null for none) are rewritten
 * to the ready descriptors and, as on Linux, timeout to the time left.
 *
 * This function directly corresponds to the select(2) function. It blocks
 * like C; the promises entry point's select does not. nfds above FD_SETSIZE
 * is a RangeError.
 *
 * Errors: EBADF (a closed descriptor in a set), EINTR, EINVAL (a negative
 * timeout), ENOMEM.
 */
export function select(nfds: number, readfds: fd_set | null, writefds: fd_set | null, exceptfds: fd_set | null, timeout: timeval | null): number {
  const { sets, tv } = selectArgs("select", nfds, readfds, writefds, exceptfds, timeout);
  return ret(native.select(nfds, sets[0], sets[1], sets[2], tv));
}

/** struct pollfd (poll(2)): a descriptor, the events to wait for, and the events that happened. */
export class pollfd extends Struct {
  /** The descriptor; a negative one is ignored (revents 0). */
  declare fd: number;
  /** The events to wait for: POLLIN, POLLOUT, POLLPRI, POLLRDHUP, ... */
  declare events: number;
  /** Filled by poll: the events that happened, plus POLLERR, POLLHUP, POLLNVAL. */
  declare revents: number;
}
defineStruct(pollfd, "pollfd", { fd: "int", events: "int", revents: "int" });

/** The first nfds pollfds packed into one buffer for the kernel. */
export function packPollfds(fn: string, fds: pollfd[] | pollfd | null, nfds: number): Uint8Array {
  const list = fds instanceof pollfd ? [fds] : fds;
  if (typeof nfds !== "number" || !Number.isInteger(nfds) || nfds < 0) throw new TypeError(wrongArg(fn, "nfds", "a non-negative integer", nfds));
  if (list === null || list === undefined) {
    if (nfds === 0) return new Uint8Array(0);
    throw new RangeError(`${fn}: nfds is ${nfds} but fds is null`);
  }
  if (!Array.isArray(list)) throw new TypeError(wrongArg(fn, "fds", "an array of pollfd", fds));
  if (nfds > list.length) throw new RangeError(`${fn}: nfds (${nfds}) exceeds the ${list.length} pollfds given`);
  const size = pollfd.size;
  const buf = new Uint8Array(nfds * size);
  for (let i = 0; i < nfds; i++) {
    const p = list[i];
    if (!(p instanceof pollfd)) throw new TypeError(wrongArg(fn, `fds[${i}]`, "a pollfd", p));
    buf.set(p[BYTES], i * size);
  }
  return buf;
}

/** Copies revents from the packed buffer back into the pollfd objects. */
export function unpackPollfds(fds: pollfd[] | pollfd | null, buf: Uint8Array, nfds: number): void {
  const list = fds instanceof pollfd ? [fds] : fds!;
  for (let i = 0; i < nfds; i++) list[i]!.revents = view(pollfd, buf, i * pollfd.size).revents;
}

/**
 * Waits until one of the first nfds descriptors of fds is ready, or timeout
 * milliseconds pass (-1 waits forever). Returns the number of entries with
 * nonzero revents, 0 on timeout, or -1. fds is an array of pollfd (or one
 * pollfd, C's &pfd); each entry's revents is filled in.
 *
 * This function directly corresponds to the poll(2) function. It blocks like
 * C; the promises entry point's poll does not. nfds past the array is a
 * RangeError.
 *
 * Errors: EINTR, EINVAL (nfds over RLIMIT_NOFILE), ENOMEM.
 */
export function poll(fds: pollfd[] | pollfd | null, nfds: number, timeout: number): number {
  const buf = packPollfds("poll", fds, nfds);
  const r = ret(native.poll(buf, nfds, int(timeout, "poll", "timeout")));
  if (r >= 0) unpackPollfds(fds, buf, nfds);
  return r;
}

/** union epoll_data (epoll_ctl(2)): the user data of an epoll_event; fd, u32 and u64 share its bytes as in C. */
export class epoll_data extends Struct {
  /** The usual choice: the descriptor the event is about. */
  declare fd: number;
  /** 32 bits of user data. */
  declare u32: number;
  /** Read as a number: exact up to 2^53. */
  declare u64: number;
}
defineStruct(epoll_data, "epoll_data", { fd: "int", u32: "uint", u64: "uint" });

/** struct epoll_event (epoll_ctl(2); packed on x86-64, as the build lays it out): events and data. */
export class epoll_event extends Struct {
  /** EPOLLIN, EPOLLOUT, EPOLLET, EPOLLONESHOT, ... ; epoll_wait fills in what happened. */
  declare events: number;
  /** The user data, returned as it was given. */
  declare data: epoll_data;
}
defineStruct(epoll_event, "epoll_event", { events: "uint", data: epoll_data });

/**
 * Creates an epoll instance and returns its descriptor, or -1. The
 * descriptor is always close-on-exec (EPOLL_CLOEXEC is added).
 *
 * This function directly corresponds to the epoll_create1(2) function.
 *
 * Errors: EINVAL (unknown flags), EMFILE, ENFILE, ENOMEM.
 */
export function epoll_create1(flags: number): number {
  return ret(native.epoll_create1(int(flags, "epoll_create1", "flags")));
}

/**
 * Creates an epoll instance (close-on-exec) and returns its descriptor, or -1.
 *
 * This function directly corresponds to the epoll_create(2) function: size is
 * ignored but must be positive, as on Linux.
 *
 * Errors: EINVAL (size not positive), EMFILE, ENFILE, ENOMEM.
 */
export function epoll_create(size: number): number {
  if (int(size, "epoll_create", "size") <= 0) {
    seterrno(EINVAL);
    return -1;
  }
  return epoll_create1(0);
}

/**
 * Adds, changes or removes fd in the epoll instance epfd: op is
 * EPOLL_CTL_ADD, EPOLL_CTL_MOD or EPOLL_CTL_DEL; event may be null for DEL.
 * Returns 0 or -1.
 *
 * This function directly corresponds to the epoll_ctl(2) function.
 *
 * Errors: EEXIST (ADD of a registered fd), ENOENT (MOD or DEL of one that is
 * not), EBADF, EINVAL, ELOOP, ENOMEM, ENOSPC, EPERM (fd does not support
 * epoll, e.g. a regular file).
 */
export function epoll_ctl(epfd: number, op: number, fd: number, event: epoll_event | null): number {
  if (event !== null && event !== undefined && !(event instanceof epoll_event)) {
    throw new TypeError(wrongArg("epoll_ctl", "event", "an epoll_event or null", event));
  }
  return ret(native.epoll_ctl(int(epfd, "epoll_ctl", "epfd"), int(op, "epoll_ctl", "op"), int(fd, "epoll_ctl", "fd"), event ? event[BYTES] : null));
}

/** A packed buffer for maxevents epoll_events, after checking the array holds them. */
export function epollBuffer(fn: string, events: epoll_event[] | epoll_event | null, maxevents: number): Uint8Array {
  int(maxevents, fn, "maxevents");
  const list = events instanceof epoll_event ? [events] : events;
  if (list !== null && list !== undefined && !Array.isArray(list)) throw new TypeError(wrongArg(fn, "events", "an array of epoll_event", events));
  const have = list ? list.length : 0;
  if (maxevents > have) throw new RangeError(`${fn}: maxevents (${maxevents}) exceeds the ${have} epoll_events given`);
  for (let i = 0; i < Math.max(maxevents, 0); i++) {
    if (!(list![i] instanceof epoll_event)) throw new TypeError(wrongArg(fn, `events[${i}]`, "an epoll_event", list![i]));
  }
  return new Uint8Array(Math.max(maxevents, 0) * epoll_event.size);
}

/** Copies the first n events the kernel wrote into the epoll_event objects. */
export function unpackEpoll(events: epoll_event[] | epoll_event | null, buf: Uint8Array, n: number): void {
  const list = events instanceof epoll_event ? [events] : events!;
  const size = epoll_event.size;
  for (let i = 0; i < n; i++) list[i]![BYTES].set(buf.subarray(i * size, (i + 1) * size));
}

/**
 * Waits for events on the epoll instance epfd: fills events[0..n) (an array
 * of epoll_event, at least maxevents long) and returns n, 0 on timeout, or
 * -1. timeout in milliseconds, -1 waits forever.
 *
 * This function directly corresponds to the epoll_wait(2) function. It blocks
 * like C; the promises entry point's epoll_wait does not.
 *
 * Errors: EINTR, EBADF, EINVAL (maxevents not positive, or epfd not an epoll
 * descriptor).
 */
export function epoll_wait(epfd: number, events: epoll_event[] | epoll_event | null, maxevents: number, timeout: number): number {
  const buf = epollBuffer("epoll_wait", events, maxevents);
  const r = ret(native.epoll_wait(int(epfd, "epoll_wait", "epfd"), buf, maxevents, int(timeout, "epoll_wait", "timeout")));
  if (r > 0) unpackEpoll(events, buf, r);
  return r;
}
