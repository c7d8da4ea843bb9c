// Faults by their duration, in the dependability vocabulary (Avizienis,
// Laprie, Randell and Landwehr, "Basic concepts and taxonomy of dependable
// and secure computing", 2004): a transient fault happens once and goes away,
// an intermittent one comes and goes on a schedule, a permanent one stays
// until someone repairs it. Each preset applies one fault action of the lab
// and undoes it when its time is up.
import type { Direction, Impairment } from "./impairment.js";

/** What goes wrong. */
export type FaultAction =
  | { partition: string[][] }
  | { down: string }
  | { freeze: string }
  | { crash: string }
  | { impair: string; with: Impairment; direction?: Direction };

/** How long a fault lasts: once, on and off, or until repaired. */
export type FaultKind = "transient" | "intermittent" | "permanent";

/** When a fault starts and how long its spells last, in ms. */
export interface FaultTiming {
  /** When the fault starts, in ms from now (default 0). */
  at?: number;
  /** transient: how long it lasts (ms). */
  duration?: number;
  /** intermittent: how long each faulty spell lasts and the healthy gap after it (ms). */
  on?: number;
  off?: number;
  /** intermittent: how many faulty spells (default: until stop()). */
  count?: number;
}

/** The lab's side: doing an action gives back how to undo it. */
export type Apply = (a: FaultAction) => () => void;

/** One fault running on its schedule. */
export class Fault {
  /** When each spell started and ended (ms since the epoch), for reports and pictures. */
  readonly spells: { start: number; end?: number }[] = [];
  /** Resolves when the schedule is over (for a permanent fault, once it has started). */
  readonly done: Promise<void>;
  private timer: NodeJS.Timeout | null = null;
  private undo: (() => void) | null = null;
  private finish!: () => void;
  private stopped = false;
  /** Why the schedule ended early: an action that failed (a timer has no caller to throw to). */
  error: Error | null = null;

  constructor(readonly kind: FaultKind, readonly action: FaultAction, readonly timing: FaultTiming, private readonly apply: Apply) {
    check(kind, timing);
    this.done = new Promise((res) => (this.finish = res));
    this.later(timing.at ?? 0, () => this.begin(0));
  }

  private later(ms: number, f: () => void): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.stopped) return;
      try {
        f();
      } catch (e) {
        this.error = e instanceof Error ? e : new Error(String(e));
        this.stop();
      }
    }, ms);
  }

  private begin(n: number): void {
    this.undo = this.apply(this.action);
    this.spells.push({ start: Date.now() });
    if (this.kind === "permanent") return this.finish();
    const on = this.kind === "transient" ? this.timing.duration! : this.timing.on!;
    this.later(on, () => this.end(n));
  }

  private end(n: number): void {
    this.repair();
    if (this.kind === "intermittent" && (this.timing.count === undefined || n + 1 < this.timing.count)) {
      this.later(this.timing.off!, () => this.begin(n + 1));
      return;
    }
    this.finish();
  }

  private repair(): void {
    if (this.undo === null) return;
    const u = this.undo;
    this.undo = null;
    u();
    this.spells.at(-1)!.end = Date.now();
  }

  /** Cancels what is still to come and repairs the fault if it is on (a permanent fault too). */
  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    try {
      this.repair();
    } catch (e) {
      this.error ??= e instanceof Error ? e : new Error(String(e));
    }
    this.finish();
  }
}

function check(kind: FaultKind, t: FaultTiming): void {
  const ms = (v: number | undefined, what: string, need: boolean): void => {
    if (v === undefined) {
      if (need) throw new TypeError(`fault: a ${kind} fault needs ${what}`);
      return;
    }
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw new RangeError(`fault: ${what} must be a time in ms, got ${String(v)}`);
  };
  if (kind !== "transient" && kind !== "intermittent" && kind !== "permanent") throw new TypeError(`fault: kind must be transient, intermittent or permanent, got ${String(kind)}`);
  ms(t.at, "at", false);
  ms(t.duration, "duration", kind === "transient");
  ms(t.on, "on", kind === "intermittent");
  ms(t.off, "off", kind === "intermittent");
  if (t.count !== undefined && !(Number.isInteger(t.count) && t.count > 0)) throw new RangeError(`fault: count must be a positive integer, got ${t.count}`);
}
