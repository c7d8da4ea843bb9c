// What an impaired link does to a packet, in netem's terms (tc-netem(8)):
// loss (independent, correlated, or Gilbert-Elliott bursts), delay with jitter,
// duplication, reordering and corruption. The parameters are plain data that
// the lab keeps and sends to the engine; the random processes that act on them
// live here too, so they can be tested without a namespace. Rate is not here:
// the kernel's tbf qdisc does it (see lab.ts).

/** Which way through a host's link: what it sends, what it receives, or both. */
export type Direction = "out" | "in" | "both";

/** Gilbert-Elliott loss (netem's `loss gemodel p r 1-h 1-k`); every figure in percent. */
export interface GeModel {
  /** Chance of going from the good state to the bad one, per packet. */
  p: number;
  /** Chance of going back from bad to good, per packet (mean burst: 100/r packets). Default 100 - p. */
  r?: number;
  /** Loss in the bad state (netem's 1-h). Default 100. */
  lossBad?: number;
  /** Loss in the good state (netem's 1-k). Default 0. */
  lossGood?: number;
}

/**
 * One link's (or one segment's) impairments. Percentages are 0..100, times in
 * milliseconds, rate in bits per second. A field that is absent is not set
 * here (a segment's setting then applies); 0 is set, to nothing.
 */
export interface Impairment {
  /** Packets dropped at random, in percent. */
  loss?: number;
  /** Correlation of successive losses, in percent: P(loss | last lost) = loss + c(100 - loss). */
  lossCorrelation?: number;
  /** Burst loss; replaces loss/lossCorrelation. */
  gemodel?: GeModel;
  /** One-way delay in ms. */
  delay?: number;
  /** Delay varies by up to this many ms either way (uniform), or with this standard deviation (normal). */
  jitter?: number;
  distribution?: "uniform" | "normal";
  /** Packets that skip the delay and so overtake the ones held (needs a delay), in percent. */
  reorder?: number;
  /** Packets sent twice, in percent. */
  duplicate?: number;
  /** Packets with one bit flipped, in percent. */
  corrupt?: number;
  /** Bits per second (a tbf qdisc on the link, not the engine). */
  rate?: number;
}

/** The parameters that go together: setting one of a group on a host replaces the segment's whole group. */
export const GROUPS = {
  loss: ["loss", "lossCorrelation", "gemodel"],
  delay: ["delay", "jitter", "distribution", "reorder"],
  duplicate: ["duplicate"],
  corrupt: ["corrupt"],
  rate: ["rate"],
} as const satisfies Record<string, readonly (keyof Impairment)[]>;
export type Group = keyof typeof GROUPS;

const KEYS = new Set<string>(Object.values(GROUPS).flat());

function percent(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`impair: ${what} must be a number (percent), got ${String(v)}`);
  if (v < 0 || v > 100) throw new RangeError(`impair: ${what} must be 0..100 (percent), got ${v}`);
  return v;
}

function ms(v: unknown, what: string): number {
  if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`impair: ${what} must be a number (ms), got ${String(v)}`);
  if (v < 0 || v > 60_000) throw new RangeError(`impair: ${what} must be 0..60000 ms, got ${v}`);
  return v;
}

/** Checks an impairment's fields and returns a clean copy; throws TypeError/RangeError naming the field. */
export function checkImpairment(x: unknown): Impairment {
  if (typeof x !== "object" || x === null) throw new TypeError(`impair: the impairment must be an object, got ${String(x)}`);
  const o = x as Record<string, unknown>;
  for (const k of Object.keys(o)) if (!KEYS.has(k)) throw new TypeError(`impair: unknown parameter ${k} (known: ${[...KEYS].join(", ")})`);
  const r: Impairment = {};
  if (o.loss !== undefined) r.loss = percent(o.loss, "loss");
  if (o.lossCorrelation !== undefined) r.lossCorrelation = percent(o.lossCorrelation, "lossCorrelation");
  if (o.gemodel !== undefined) {
    if ((o.loss !== undefined || o.lossCorrelation !== undefined)) throw new TypeError("impair: gemodel replaces loss and lossCorrelation; give one or the other");
    const g = o.gemodel as Record<string, unknown>;
    if (typeof g !== "object" || g === null) throw new TypeError("impair: gemodel must be { p, r?, lossBad?, lossGood? }");
    const ge: GeModel = { p: percent(g.p, "gemodel.p") };
    if (g.r !== undefined) ge.r = percent(g.r, "gemodel.r");
    if (g.lossBad !== undefined) ge.lossBad = percent(g.lossBad, "gemodel.lossBad");
    if (g.lossGood !== undefined) ge.lossGood = percent(g.lossGood, "gemodel.lossGood");
    r.gemodel = ge;
  }
  if (o.delay !== undefined) r.delay = ms(o.delay, "delay");
  if (o.jitter !== undefined) r.jitter = ms(o.jitter, "jitter");
  if (o.distribution !== undefined) {
    if (o.distribution !== "uniform" && o.distribution !== "normal") throw new TypeError(`impair: distribution must be "uniform" or "normal", got ${String(o.distribution)}`);
    r.distribution = o.distribution;
  }
  if (o.reorder !== undefined) r.reorder = percent(o.reorder, "reorder");
  if (o.duplicate !== undefined) r.duplicate = percent(o.duplicate, "duplicate");
  if (o.corrupt !== undefined) r.corrupt = percent(o.corrupt, "corrupt");
  if (o.rate !== undefined) {
    const v = typeof o.rate === "string" ? parseRate(o.rate) : o.rate;
    if (typeof v !== "number" || !Number.isFinite(v)) throw new TypeError(`impair: rate must be bits per second or a string like "1mbit", got ${String(o.rate)}`);
    if (v < 8_000 || v > 100e9) throw new RangeError(`impair: rate must be 8kbit..100gbit, got ${v} bit/s`);
    r.rate = Math.round(v);
  }
  return r;
}

/**
 * Sets the fields of `change` on `base`, keeping the others (tc qdisc change).
 * Loss is one model: setting loss drops a gemodel and the other way round.
 */
export function merge(base: Impairment, change: Impairment): Impairment {
  const r: Impairment = { ...base };
  if (change.gemodel !== undefined) {
    delete r.loss;
    delete r.lossCorrelation;
  }
  if (change.loss !== undefined || change.lossCorrelation !== undefined) delete r.gemodel;
  return Object.assign(r, change);
}

/** The fields of imp that belong to group g (undefined when none is set). */
export function groupOf(imp: Impairment | undefined, g: Group): Impairment | undefined {
  if (imp === undefined) return undefined;
  const r: Record<string, unknown> = {};
  for (const k of GROUPS[g]) if (imp[k] !== undefined) r[k] = imp[k];
  return Object.keys(r).length > 0 ? (r as Impairment) : undefined;
}

// ---- The words of tc-netem(8), for the command line and the control socket ----

const UNITS: Record<string, number> = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9, bps: 8, kbps: 8e3, mbps: 8e6, gbps: 8e9 };

/** "1mbit", "500kbit", "2Mbps" (tc's units: bit = bits, bps = bytes per second). */
export function parseRate(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(s.trim());
  const unit = m?.[2]?.toLowerCase() || "bit";
  if (!m || UNITS[unit] === undefined) throw new TypeError(`rate: ${JSON.stringify(s)} is not a rate (like 1mbit, 500kbit, 2mbps)`);
  return Number(m[1]) * UNITS[unit]!;
}

/** "20ms", "1.5s", "500us", or a bare number of ms. */
export function parseTime(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(us|ms|s)?$/.exec(s.trim());
  if (!m) throw new TypeError(`time: ${JSON.stringify(s)} is not a time (like 20ms, 1.5s)`);
  const n = Number(m[1]);
  return m[2] === "s" ? n * 1000 : m[2] === "us" ? n / 1000 : n;
}

/** "10%", "0.5%", or a bare number of percent. */
export function parsePercent(s: string): number {
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(s.trim());
  if (!m) throw new TypeError(`percent: ${JSON.stringify(s)} is not a percentage (like 10%)`);
  return Number(m[1]);
}

const isPct = (s: string | undefined): s is string => s !== undefined && /^\d+(?:\.\d+)?%$/.test(s);
const isTime = (s: string | undefined): s is string => s !== undefined && /^\d+(?:\.\d+)?(us|ms|s)$/.test(s);

/**
 * Parses tc-netem(8)'s words: `loss 10% [25%]`, `loss gemodel 2% [25% [100% [0%]]]`,
 * `delay 20ms [5ms] [distribution normal]`, `duplicate 1%`, `reorder 25%`,
 * `corrupt 0.1%`, `rate 1mbit`. Returns the impairment they describe.
 */
export function parseNetem(words: string[]): Impairment {
  const r: Record<string, unknown> = {};
  let i = 0;
  const need = (what: string): string => {
    const w = words[i++];
    if (w === undefined) throw new TypeError(`${what} needs a value`);
    return w;
  };
  while (i < words.length) {
    const w = words[i++]!;
    switch (w) {
      case "loss":
        if (words[i] === "gemodel") {
          i++;
          const g: GeModel = { p: parsePercent(need("loss gemodel")) };
          if (isPct(words[i])) g.r = parsePercent(words[i++]!);
          if (isPct(words[i])) g.lossBad = parsePercent(words[i++]!);
          if (isPct(words[i])) g.lossGood = parsePercent(words[i++]!);
          r.gemodel = g;
        } else {
          if (words[i] === "random") i++;
          r.loss = parsePercent(need("loss"));
          if (isPct(words[i])) r.lossCorrelation = parsePercent(words[i++]!);
        }
        break;
      case "delay":
        r.delay = parseTime(need("delay"));
        if (isTime(words[i])) r.jitter = parseTime(words[i++]!);
        if (words[i] === "distribution") {
          i++;
          r.distribution = need("distribution");
        }
        break;
      case "duplicate":
      case "reorder":
      case "corrupt":
        r[w] = parsePercent(need(w));
        if (isPct(words[i])) throw new TypeError(`${w}: a correlation is not supported (only loss takes one)`);
        break;
      case "rate":
        r.rate = parseRate(need("rate"));
        break;
      default:
        throw new TypeError(`unknown impairment ${JSON.stringify(w)} (loss, delay, duplicate, reorder, corrupt, rate)`);
    }
  }
  return checkImpairment(r);
}

/** The impairment in tc-netem(8)'s words, for messages and the `show` command. */
export function formatNetem(imp: Impairment): string {
  const p = (n: number): string => `${+n.toFixed(3)}%`;
  const out: string[] = [];
  if (imp.gemodel) {
    const g = imp.gemodel;
    out.push(`loss gemodel ${p(g.p)} ${p(g.r ?? 100 - g.p)} ${p(g.lossBad ?? 100)} ${p(g.lossGood ?? 0)}`);
  } else if (imp.loss !== undefined) out.push(`loss ${p(imp.loss)}${imp.lossCorrelation ? ` ${p(imp.lossCorrelation)}` : ""}`);
  if (imp.delay !== undefined) out.push(`delay ${imp.delay}ms${imp.jitter ? ` ${imp.jitter}ms` : ""}${imp.distribution === "normal" ? " distribution normal" : ""}`);
  if (imp.reorder !== undefined) out.push(`reorder ${p(imp.reorder)}`);
  if (imp.duplicate !== undefined) out.push(`duplicate ${p(imp.duplicate)}`);
  if (imp.corrupt !== undefined) out.push(`corrupt ${p(imp.corrupt)}`);
  if (imp.rate !== undefined) out.push(`rate ${imp.rate >= 1e6 ? `${imp.rate / 1e6}mbit` : `${imp.rate / 1e3}kbit`}`);
  return out.join(" ");
}

// ---- The random processes ----

/** A source of uniform numbers in [0, 1); tests pass a seeded one. */
export type Random = () => number;

/** Loss: independent, Markov-correlated (mean kept), or Gilbert-Elliott. Keeps its state across changes of its figures. */
export class LossProcess {
  private lastLost = false;
  private bad = false;
  constructor(public imp: Impairment) {}

  lose(rnd: Random): boolean {
    const g = this.imp.gemodel;
    if (g !== undefined) {
      const p = g.p / 100;
      const r = (g.r ?? 100 - g.p) / 100;
      if (this.bad ? rnd() < r : rnd() < p) this.bad = !this.bad;
      return rnd() < (this.bad ? (g.lossBad ?? 100) : (g.lossGood ?? 0)) / 100;
    }
    const p = (this.imp.loss ?? 0) / 100;
    const c = (this.imp.lossCorrelation ?? 0) / 100;
    // A two-state chain whose mean is p and whose lag-1 correlation is c
    // (netem's own correlation does not keep the mean; see tc-netem(8), BUGS).
    const q = this.lastLost ? p + c * (1 - p) : p * (1 - c);
    this.lastLost = rnd() < q;
    return this.lastLost;
  }
}

/** Standard normal by Box-Muller. */
function gauss(rnd: Random): number {
  const u = 1 - rnd();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}

/** The delay of one packet in ms: 0 when it is picked for reordering. */
export function delayOf(imp: Impairment, rnd: Random): number {
  const d = imp.delay ?? 0;
  if (d === 0 && !imp.jitter) return 0;
  if (imp.reorder && rnd() * 100 < imp.reorder) return 0;
  const j = imp.jitter ?? 0;
  if (j === 0) return d;
  const x = imp.distribution === "normal" ? gauss(rnd) * j : (2 * rnd() - 1) * j;
  return Math.max(0, d + x);
}

/** One copy of a packet on its way out: how long it is held, and whether a bit is flipped. */
export interface Copy {
  delay: number;
  corrupt: boolean;
}

/** The stages a packet meets, by group; each is a live process holding its own state. */
export interface Stages {
  duplicate: Impairment[];
  loss: LossProcess[];
  corrupt: Impairment[];
  delay: Impairment[];
}

/**
 * What happens to one packet, in netem's order: duplication, loss (each copy
 * on its own), corruption, delay. An empty result means it is lost.
 */
export function fate(st: Stages, rnd: Random): Copy[] {
  let copies: Copy[] = [{ delay: 0, corrupt: false }];
  for (const d of st.duplicate) copies = copies.flatMap((c) => (rnd() * 100 < (d.duplicate ?? 0) ? [c, { ...c }] : [c]));
  for (const l of st.loss) copies = copies.filter(() => !l.lose(rnd));
  for (const k of st.corrupt) for (const c of copies) if (rnd() * 100 < (k.corrupt ?? 0)) c.corrupt = true;
  for (const t of st.delay) for (const c of copies) c.delay += delayOf(t, rnd);
  return copies;
}
