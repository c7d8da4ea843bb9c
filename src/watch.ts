// Readiness for the promises entry point: the policy half of native/watch.cc,
// in two parts.
// - The registry: each waiting operation registers a Waiter on its
//   descriptor; the descriptor's one uv_poll watcher listens for the union of
//   their events, and is closed as soon as nobody waits. Readiness re-runs the
//   waiters' system calls synchronously, in arrival order.
// - The wait loops over it (below): try the system call; on EAGAIN wait for
//   readiness and try again (tryUntilDone, one descriptor), or re-run a
//   multiplexer with a zero timeout until something is ready or the timeout
//   passes (checkUntilReady); both settle a promise, and stop on an AbortSignal.
import {
  EAGAIN, EINTR, ENOTSOCK, EWOULDBLOCK, F_GETFL, F_SETFL, O_NONBLOCK, POLLIN, POLLOUT, POLLPRI, POLLRDBAND, POLLRDHUP, POLLRDNORM,
  POLLWRBAND, POLLWRNORM,
} from "./constants.js";
import { wrongArg } from "./describe.js";
import { abortError, errnoError } from "./error.js";
import { native } from "./native.js";

const ALL = POLLIN | POLLOUT | POLLPRI | POLLRDHUP;

export interface Waiter {
  /** POLLIN, POLLOUT, POLLPRI, POLLRDHUP: what this waiter needs. */
  readonly events: number;
  /**
   * The descriptor may be ready for it (revents), or libuv reported an error
   * condition (error < 0; the system call tells the real one). Returns true
   * when the waiter is finished and leaves.
   */
  ready(revents: number, error: number): boolean;
  /** The descriptor was closed (or the watcher failed with -errno): settle now. */
  gone(errnoValue: number): void;
}

class Entry {
  readonly waiters = new Set<Waiter>();
  /** The events the native watcher currently listens for (0: stopped). */
  armed = 0;
}

const entries = new Map<number, Entry>();
let initialized = false;

/** Starts waiting: 0, or -errno when the descriptor cannot be watched. */
export function wait(fd: number, w: Waiter): number {
  if (!initialized) {
    native.watch_init(dispatch);
    initialized = true;
  }
  let e = entries.get(fd);
  if (e === undefined) {
    e = new Entry();
    entries.set(fd, e);
  }
  e.waiters.add(w);
  const r = arm(fd, e);
  if (r < 0) leave(fd, w);
  return r;
}

/** Stops waiting (the operation finished or was aborted). */
export function leave(fd: number, w: Waiter): void {
  const e = entries.get(fd);
  if (e === undefined || !e.waiters.delete(w)) return;
  if (e.waiters.size === 0) drop(fd, e);
  else arm(fd, e);
}

/**
 * The descriptor is being closed: its watcher goes first (so no callback can
 * fire for a reused number), then its waiters settle with EBADF.
 */
export function forget(fd: number, errnoValue: number): void {
  const e = entries.get(fd);
  if (e === undefined) return;
  drop(fd, e);
  for (const w of e.waiters) w.gone(errnoValue);
  e.waiters.clear();
}

/** Open native watchers (tests check none leak). */
export function watchers(): number {
  return initialized ? native.watch_count() : 0;
}

function drop(fd: number, e: Entry): void {
  if (entries.get(fd) === e) entries.delete(fd);
  native.unwatch(fd);
  e.armed = 0;
}

function arm(fd: number, e: Entry): number {
  let want = 0;
  for (const w of e.waiters) want |= w.events;
  want &= ALL;
  if (want === e.armed) return 0;
  const r = native.watch(fd, want);
  e.armed = r < 0 ? 0 : want;
  return r;
}

function dispatch(fd: number, status: number, revents: number): void {
  const e = entries.get(fd);
  if (e === undefined) return;
  // libuv stops the watcher after reporting an error condition.
  if (status < 0) e.armed = 0;
  for (const w of [...e.waiters]) {
    if (!e.waiters.has(w)) continue; // left while an earlier waiter ran
    if (status < 0 || (w.events & revents) !== 0) {
      if (w.ready(revents, status)) e.waiters.delete(w);
    }
    if (entries.get(fd) !== e) return; // closed by a waiter
  }
  if (e.waiters.size === 0) {
    drop(fd, e);
    return;
  }
  const r = arm(fd, e);
  if (r < 0) {
    drop(fd, e);
    for (const w of e.waiters) w.gone(-r);
    e.waiters.clear();
  }
}

// ---- the wait loops ---------------------------------------------------------

/** The last, optional argument of every promises call. */
export interface Options {
  /** Aborting it rejects the call with an AbortError and stops its wait. */
  signal?: AbortSignal;
}

/** options.signal, checked at the call (fn names the call in a TypeError). */
export function signalOf(options: Options | undefined, fn: string): AbortSignal | undefined {
  if (options === undefined || options === null) return undefined;
  if (typeof options !== "object") throw new TypeError(wrongArg(fn, "options", "an object", options));
  const { signal } = options;
  if (signal === undefined) return undefined;
  if (!(signal instanceof AbortSignal)) throw new TypeError(wrongArg(fn, "options.signal", "an AbortSignal", signal));
  return signal;
}

// A call leaves the descriptor's file status flags as it found them, so a
// blocking call of the main module afterwards blocks, as in C. accept,
// connect and read/write on a pipe need O_NONBLOCK while they try, and
// uv_poll_init sets it on every descriptor a call waits on: such a call
// borrows O_NONBLOCK and gives it back when it settles (resolved, rejected,
// aborted, or settled by close). Calls on one descriptor share the loan; the
// flags the first one found come back when the last one settles.
const loans = new Map<number, { flags: number; calls: number }>();

/** Puts fd in O_NONBLOCK for one call: 0, or -errno. Each success is paired with one giveBack(fd). */
function borrowNonblocking(fd: number): number {
  const loan = loans.get(fd);
  if (loan !== undefined) {
    loan.calls++;
    return 0;
  }
  const flags = native.fcntl(fd, F_GETFL, 0);
  if (flags < 0) return flags;
  if ((flags & O_NONBLOCK) === 0) {
    const r = native.fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    if (r < 0) return r;
  }
  loans.set(fd, { flags, calls: 1 });
  return 0;
}

/** A call that borrowed O_NONBLOCK on fd settled: the last one restores the flags. */
function giveBack(fd: number): void {
  const loan = loans.get(fd);
  if (loan === undefined || --loan.calls > 0) return;
  loans.delete(fd);
  if ((loan.flags & O_NONBLOCK) === 0) native.fcntl(fd, F_SETFL, loan.flags);
}

/** What a try returns for "not ready: wait for the descriptor and try again" (no errno is this). */
export const NOT_READY = -0x7fffffff;

/** One try of a shim call, EINTR retried. */
function uninterrupted(call: () => number): number {
  let r: number;
  do r = call();
  while (r === -EINTR);
  return r;
}

/** One try of a non-blocking call: EAGAIN (EWOULDBLOCK) means NOT_READY. */
function tryNonblocking(attempt: () => number): number {
  const r = uninterrupted(attempt);
  return r === -EAGAIN || r === -EWOULDBLOCK ? NOT_READY : r;
}

/**
 * One waiting single-descriptor call: a class rather than closures, so
 * 10,000 pending calls cost as little memory as possible. It holds a loan of
 * O_NONBLOCK on fd until it settles.
 */
class PendingCall implements Waiter {
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
      r = tryNonblocking(this.attempt);
    } catch (err) {
      // Only a buffer made unusable while waiting (detached) gets here.
      this.done();
      this.reject(err);
      return true;
    }
    if (r === NOT_READY) return false;
    this.done();
    if (r >= 0) this.resolve(r);
    else this.reject(errnoError(-r, this.syscall));
    return true;
  }

  gone(e: number): void {
    this.done();
    this.reject(errnoError(e, this.syscall));
  }

  abort(): void {
    leave(this.fd, this);
    this.done();
    this.reject(abortError(this.signal!));
  }

  done(): void {
    if (this.onAbort !== undefined) this.signal!.removeEventListener("abort", this.onAbort);
    giveBack(this.fd);
  }
}

/**
 * The loop of every single-descriptor call: try; on EAGAIN wait for events
 * on fd and try again. attempt returns a shim result (value, or -errno; EAGAIN
 * or NOT_READY to keep waiting). With `dontwait`, attempt passes MSG_DONTWAIT
 * and O_NONBLOCK is borrowed only to wait; otherwise it is borrowed before
 * the first try. Either way the flags are restored when the call settles.
 * `firstTry`, if given, makes the first try instead and says NOT_READY
 * itself (connect: its EAGAIN is a failure, not "try later").
 */
export function tryUntilDone(fd: number, events: number, syscall: string, signal: AbortSignal | undefined, attempt: () => number, how: { dontwait?: boolean; firstTry?: () => number } = {}): Promise<number> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const borrowed = !how.dontwait;
  if (borrowed) {
    const nb = borrowNonblocking(fd);
    if (nb < 0) return Promise.reject(errnoError(-nb, syscall));
  }
  let r: number;
  try {
    r = how.firstTry ? how.firstTry() : tryNonblocking(attempt);
  } catch (err) {
    if (borrowed) giveBack(fd);
    throw err;
  }
  if (borrowed && r !== NOT_READY) giveBack(fd);
  if (r >= 0) return Promise.resolve(r);
  if (r !== NOT_READY) return Promise.reject(errnoError(-r, syscall));
  if (!borrowed) {
    const nb = borrowNonblocking(fd); // uv_poll_init sets O_NONBLOCK
    if (nb < 0) return Promise.reject(errnoError(-nb, syscall));
  }
  return new Promise<number>((resolve, reject) => {
    const op = new PendingCall(fd, events, syscall, attempt, resolve, reject, signal);
    const w = wait(fd, op);
    if (w < 0) {
      giveBack(fd);
      return reject(errnoError(-w, syscall));
    }
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
export function checkUntilReady(syscall: string, regs: Map<number, number>, check: () => number, timeoutMs: number, signal: AbortSignal | undefined, onSettle?: (timedOut: boolean) => void): Promise<number> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const r = uninterrupted(check);
  if (r !== 0 || timeoutMs === 0) {
    onSettle?.(r === 0);
    return r >= 0 ? Promise.resolve(r) : Promise.reject(errnoError(-r, syscall));
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
      for (const [fd, w] of waiters) {
        leave(fd, w);
        giveBack(fd);
      }
      onSettle?.(timedOut && r === 0);
      if (r instanceof Error) reject(r);
      else if (r >= 0) resolve(r);
      else reject(errnoError(-r, syscall));
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
      const nb = borrowNonblocking(fd); // uv_poll_init sets O_NONBLOCK
      if (nb < 0) return finish(nb);
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
export const WITH_MSG_DONTWAIT = { dontwait: true };

/** The longest delay setTimeout takes (longer ones fire after 1 ms). */
const TIMEOUT_MAX = 2 ** 31 - 1;

/**
 * read and write on a socket are recv and send with no flags (recv(2)), so
 * they are tried as such with MSG_DONTWAIT and need no fcntl. Any other
 * descriptor (a pipe, a FIFO) answers ENOTSOCK and goes the O_NONBLOCK way.
 */
export function readOrWrite(fd: number, events: number, syscall: string, signal: AbortSignal | undefined, onSocket: () => number, plain: () => number): Promise<number> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  const r = tryNonblocking(onSocket);
  if (r === -ENOTSOCK) return tryUntilDone(fd, events, syscall, signal, plain);
  return tryUntilDone(fd, events, syscall, signal, onSocket, { dontwait: true, firstTry: () => r });
}

/**
 * The watcher events a pollfd's events need. A pollfd asking for nothing
 * (events 0, only POLLERR/POLLHUP/POLLNVAL) is not watched: its error shows
 * at the next wake or the timeout.
 */
export function watchEvents(events: number): number {
  return (
    ((events & (POLLIN | POLLRDNORM | POLLRDBAND)) !== 0 ? POLLIN : 0) |
    ((events & (POLLOUT | POLLWRNORM | POLLWRBAND)) !== 0 ? POLLOUT : 0) |
    (events & (POLLPRI | POLLRDHUP))
  );
}

/** p, or an AbortError as soon as signal aborts (the threadpool calls, which cannot be stopped). */
export function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
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
