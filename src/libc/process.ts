// The process calls a socket program makes around its sockets: exit(3)
// (stdio flushed first), abort(3), getpid(2), sleep(3)/usleep(3)/
// nanosleep(2) (blocking, as C), time(2), and signal(2) with the
// dispositions Node can honour.
import { wrongArg } from "../describe.js";
import { seterrno } from "../errno.js";
import { timespec } from "../msg.js";
import { native } from "../native.js";
import { checkRes } from "../netdb.js";
import { flushAll } from "./stdio.js";

const L = native.libc as Record<string, number>;
const EINVAL = native.constants.EINVAL!;
export const EXIT_SUCCESS = L.EXIT_SUCCESS!;
export const EXIT_FAILURE = L.EXIT_FAILURE!;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function int(fn: string, arg: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isInteger(v)) throw new TypeError(wrongArg(fn, arg, "an integer", v));
  return v;
}

/**
 * exit(3): flushes stdout and stderr, then ends the process with
 * status & 0377. In a worker thread it ends the worker only (Node's
 * process.exit there), where C would end the whole process.
 */
export function exit(status: number): never {
  const s = int("exit", "status", status);
  flushAll();
  process.exit(s & 0xff);
}

/**
 * abort(3): ends the process with SIGABRT; buffered stdio output is lost, as
 * with glibc. The signal is raised with kill(2), as C's raise does (Node's
 * process.abort() would print its own stack traces first); should it come
 * back (a JavaScript SIGABRT listener), process.abort() ends the process.
 */
export function abort(): never {
  process.kill(process.pid, "SIGABRT");
  // Delivery may go to another of Node's threads: give it a moment.
  Atomics.wait(sleeper, 0, 0, 1000);
  process.abort();
}

/**
 * The process id (in a worker thread too: the process's).
 *
 * This function directly corresponds to the getpid(2) function.
 * Errors: none.
 */
export function getpid(): number {
  return process.pid;
}

/** Blocks the thread for ms milliseconds (no JavaScript runs meanwhile, as in C). */
function block(ms: number): void {
  if (ms > 0) Atomics.wait(sleeper, 0, 0, ms);
}

/** An unsigned int argument, converted as C converts a negative int. */
function uint(fn: string, arg: string, v: unknown): number {
  return int(fn, arg, v) >>> 0;
}

/**
 * sleep(3): blocks for seconds; returns 0. Signals do not cut it short (the
 * thread waits in Atomics.wait, where Node's signal handling cannot reach it),
 * so the unslept time C can return is always 0.
 */
export function sleep(seconds: number): number {
  block(uint("sleep", "seconds", seconds) * 1000);
  return 0;
}

/** usleep(3): blocks for usec microseconds (to the millisecond Atomics.wait offers, rounded up); returns 0. */
export function usleep(usec: number): number {
  block(Math.ceil(uint("usleep", "usec", usec) / 1000));
  return 0;
}

/**
 * nanosleep(2): blocks for req (a timespec), to the millisecond, rounded up;
 * 0, or -1 with EINVAL for a negative tv_sec or tv_nsec outside
 * [0, 999999999]. rem (a timespec or null) is left alone, as C leaves it
 * when the sleep is not interrupted.
 *
 * Errors: EINVAL.
 */
export function nanosleep(req: timespec, rem: timespec | null): number {
  if (!(req instanceof timespec)) throw new TypeError(wrongArg("nanosleep", "req", "a timespec", req));
  if (rem !== null && rem !== undefined && !(rem instanceof timespec)) throw new TypeError(wrongArg("nanosleep", "rem", "a timespec or null", rem));
  const sec = req.tv_sec;
  const nsec = req.tv_nsec;
  if (sec < 0 || nsec < 0 || nsec > 999_999_999) {
    seterrno(EINVAL);
    return -1;
  }
  block(sec * 1000 + Math.ceil(nsec / 1e6));
  return 0;
}

/**
 * time(2): seconds since the Epoch; also stored in tloc.value when tloc is a
 * box (C's time_t *).
 *
 * Errors: none.
 */
export function time(tloc: { value: number | null } | null): number {
  if (tloc !== null && tloc !== undefined) checkRes(tloc, "time", "tloc", "box for time_t *tloc (new ptr<number>() or { value: 0 }) or null");
  const t = Math.floor(Date.now() / 1000);
  if (tloc) tloc.value = t;
  return t;
}

// ---- signal(2) -------------------------------------------------------------

/** C's signal numbers, from the headers the addon was built against. */
export const {
  SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGKILL, SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM,
  SIGCHLD, SIGCONT, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGSYS,
} = L as Record<string, number>;
/** Linux's own signals: undefined on a platform without them. */
export const { SIGWINCH, SIGIO, SIGPWR } = L as Record<string, number | undefined>;

/** A signal handler: C's void (*)(int). */
export type sighandler_fn = (signum: number) => void;
/** C's sighandler_t: a handler, or one of the dispositions SIG_DFL, SIG_IGN (SIG_ERR reports a failure). */
export type sighandler_t = sighandler_fn | number;
/** The dispositions, as glibc's values of the sighandler_t casts. */
export const SIG_DFL: number = L.SIG_DFL!;
export const SIG_IGN: number = L.SIG_IGN!;
export const SIG_ERR: number = L.SIG_ERR!;

const NSIG = L.NSIG!;
const NAMES = new Map<number, NodeJS.Signals>();
for (const [name, value] of Object.entries(L)) if (/^SIG[A-Z0-9]+$/.test(name) && !name.startsWith("SIG_")) NAMES.set(value, name as NodeJS.Signals);
/** Signals a program may not catch or ignore at all (C: EINVAL). */
const UNCATCHABLE = new Set([SIGKILL, SIGSTOP]);
/**
 * Signals raised by the CPU for a faulting instruction: a JavaScript listener
 * runs later, on the event loop, so the instruction would fault again forever.
 * Only SIG_DFL is accepted for them.
 */
const FAULTS = new Set([SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT]);

/** What each signal's disposition is, as the program set it (C's view; initially SIG_DFL). */
const dispositions = new Map<number, { handler: sighandler_t; listener: (() => void) | null }>();

/**
 * signal(2), as far as Node can honour it:
 * - SIG_IGN: the signal is caught and dropped, so it no longer ends the
 *   process (HUP, INT, QUIT, TERM, USR1, USR2, ALRM, ...).
 * - a handler: it runs with the signal number on the event loop, i.e. once
 *   the program yields (an await, or the end of the script), not inside a
 *   blocking accept as C's does; meanwhile the signal no longer ends the
 *   process.
 * - SIG_DFL: the default action again.
 * SIGPIPE: every disposition is accepted and returned, and none matters:
 * Node ignores SIGPIPE, so writes to a closed pipe or socket fail with
 * EPIPE (C's SIG_IGN behaviour) and a handler never runs. SIGKILL, SIGSTOP,
 * and numbers outside 1..NSIG-1: SIG_ERR with EINVAL, as C. The fault
 * signals (SEGV, BUS, FPE, ILL, TRAP, SYS, ABRT) accept only SIG_DFL (SIG_ERR
 * and EINVAL otherwise). Returns the previous disposition.
 *
 * Errors: EINVAL.
 */
export function signal(signum: number, handler: sighandler_t): sighandler_t {
  int("signal", "signum", signum);
  if (typeof handler !== "function" && handler !== SIG_DFL && handler !== SIG_IGN) {
    throw new TypeError(wrongArg("signal", "handler", "a function, SIG_DFL or SIG_IGN", handler));
  }
  const name = NAMES.get(signum);
  if (signum <= 0 || signum >= NSIG || name === undefined || UNCATCHABLE.has(signum) || (FAULTS.has(signum) && handler !== SIG_DFL)) {
    seterrno(EINVAL);
    return SIG_ERR;
  }
  const previous = dispositions.get(signum);
  if (previous?.listener) process.removeListener(name, previous.listener);
  let listener: (() => void) | null = null;
  if (signum !== SIGPIPE && handler !== SIG_DFL) {
    const fn = handler;
    listener = typeof fn === "function" ? () => fn(signum) : () => {};
    process.on(name, listener);
  }
  dispositions.set(signum, { handler, listener });
  return previous?.handler ?? SIG_DFL;
}
