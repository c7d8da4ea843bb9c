// Readiness waiting for the promises entry point: the policy half of
// native/watch.cc. Each waiting operation registers a Waiter on its
// descriptor; the descriptor's one uv_poll watcher listens for the union of
// their events, and is closed as soon as nobody waits. Readiness re-runs the
// waiters' system calls synchronously, in arrival order.
import { POLLIN, POLLOUT, POLLPRI, POLLRDHUP } from "./constants.js";
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
