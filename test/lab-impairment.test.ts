// The lab's impairment model without a namespace: netem's words parsed and
// written back, parameters checked and merged in place, and the random
// processes' long-run figures (loss mean and burst lengths, delay spread,
// duplication) from a seeded generator; the control language's parsing.
import { describe, expect, it } from "vitest";
import { parseFault, parseTarget } from "../src/tools/lab/control.js";
import { checkImpairment, delayOf, fate, formatNetem, LossProcess, merge, parseNetem, parseRate, parseTime } from "../src/tools/lab/impairment.js";

/** A seeded uniform generator (mulberry32), so the figures below are exact. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function runs(lost: boolean[]): number[] {
  const r: number[] = [];
  let n = 0;
  for (const l of [...lost, false]) {
    if (l) n++;
    else if (n > 0) r.push(n), (n = 0);
  }
  return r;
}
const mean = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;

describe("impairments: netem's words", () => {
  it("parses what tc-netem(8) writes, and writes it back", () => {
    const imp = parseNetem("loss 10% 25% delay 20ms 5ms distribution normal duplicate 1% reorder 25% corrupt 0.1% rate 1mbit".split(" "));
    expect(imp).toEqual({ loss: 10, lossCorrelation: 25, delay: 20, jitter: 5, distribution: "normal", duplicate: 1, reorder: 25, corrupt: 0.1, rate: 1e6 });
    expect(formatNetem(imp)).toBe("loss 10% 25% delay 20ms 5ms distribution normal reorder 25% duplicate 1% corrupt 0.1% rate 1mbit");
    expect(parseNetem(["loss", "gemodel", "2%", "25%"])).toEqual({ gemodel: { p: 2, r: 25 } });
    expect(formatNetem({ gemodel: { p: 2, r: 25 } })).toBe("loss gemodel 2% 25% 100% 0%");
    expect([parseTime("1.5s"), parseTime("500us"), parseTime("20")]).toEqual([1500, 0.5, 20]);
    expect([parseRate("500kbit"), parseRate("2mbps"), parseRate("1Gbit")]).toEqual([5e5, 16e6, 1e9]);
  });

  it("refuses what netem would, naming the word", () => {
    expect(() => parseNetem(["loss"])).toThrow(/loss needs a value/);
    expect(() => parseNetem(["loss", "ten"])).toThrow(/not a percentage/);
    expect(() => parseNetem(["jitter", "5ms"])).toThrow(/unknown impairment "jitter"/);
    expect(() => parseNetem(["duplicate", "1%", "50%"])).toThrow(/correlation is not supported/);
    expect(() => parseNetem(["rate", "fast"])).toThrow(/not a rate/);
    expect(() => checkImpairment({ delay: -1 })).toThrow(RangeError);
    expect(() => checkImpairment({ distribution: "pareto" })).toThrow(/uniform" or "normal/);
  });

  it("a change keeps the other fields; loss and gemodel replace each other", () => {
    expect(merge({ delay: 20, loss: 5 }, { loss: 10 })).toEqual({ delay: 20, loss: 10 });
    expect(merge({ delay: 20, loss: 5, lossCorrelation: 25 }, { gemodel: { p: 1 } })).toEqual({ delay: 20, gemodel: { p: 1 } });
    expect(merge({ gemodel: { p: 1 } }, { loss: 3 })).toEqual({ loss: 3 });
  });
});

describe("impairments: the random processes, seeded", () => {
  const N = 200_000;

  it("independent loss: the mean, with runs as short as chance makes them", () => {
    const rnd = seeded(1), p = new LossProcess({ loss: 20 });
    const lost = Array.from({ length: N }, () => p.lose(rnd));
    expect(mean(lost.map(Number))).toBeCloseTo(0.2, 2);
    expect(mean(runs(lost))).toBeCloseTo(1.25, 1); // 1 / (1 - 0.2)
  });

  it("correlated loss keeps its mean (netem's does not) and lengthens the runs to 1/(1 - (p + c(1-p)))", () => {
    const rnd = seeded(2), p = new LossProcess({ loss: 20, lossCorrelation: 50 });
    const lost = Array.from({ length: N }, () => p.lose(rnd));
    expect(mean(lost.map(Number))).toBeCloseTo(0.2, 2);
    expect(mean(runs(lost))).toBeCloseTo(2.5, 1);
  });

  it("Gilbert-Elliott: loss p/(p+r) in bursts of 1/r; a change of figures keeps the state", () => {
    const rnd = seeded(3), p = new LossProcess({ gemodel: { p: 2, r: 25 } });
    const lost = Array.from({ length: N }, () => p.lose(rnd));
    expect(mean(lost.map(Number))).toBeCloseTo(2 / 27, 2);
    expect(mean(runs(lost))).toBeCloseTo(4, 0);
    p.imp = { gemodel: { p: 2, r: 25, lossBad: 50 } };
    const half = Array.from({ length: N }, () => p.lose(rnd));
    expect(mean(half.map(Number))).toBeCloseTo(1 / 27, 2);
  });

  it("delay: uniform jitter spreads over delay ± jitter, normal has that standard deviation; reorder skips the delay", () => {
    const rnd = seeded(4);
    const u = Array.from({ length: N }, () => delayOf({ delay: 30, jitter: 10 }, rnd));
    expect(u.reduce((a, b) => Math.min(a, b))).toBeGreaterThanOrEqual(20);
    expect(u.reduce((a, b) => Math.max(a, b))).toBeLessThanOrEqual(40);
    expect(mean(u)).toBeCloseTo(30, 1);
    const g = Array.from({ length: N }, () => delayOf({ delay: 100, jitter: 10, distribution: "normal" }, rnd));
    expect(Math.sqrt(mean(g.map((x) => (x - 100) ** 2)))).toBeCloseTo(10, 0);
    const r = Array.from({ length: N }, () => delayOf({ delay: 20, reorder: 25 }, rnd));
    expect(mean(r.map((x) => Number(x === 0)))).toBeCloseTo(0.25, 2);
  });

  it("fate: duplicates, then loss of each copy, corruption, delay, in netem's order", () => {
    const rnd = seeded(5);
    const loss = new LossProcess({ loss: 10 });
    let copies = 0, corrupt = 0, delayed = 0;
    for (let i = 0; i < N; i++) {
      const f = fate({ duplicate: [{ duplicate: 10 }], loss: [loss], corrupt: [{ corrupt: 5 }], delay: [{ delay: 7 }] }, rnd);
      copies += f.length;
      corrupt += f.filter((c) => c.corrupt).length;
      delayed += f.filter((c) => c.delay === 7).length;
    }
    expect(delayed).toBe(copies);
    expect(copies / N).toBeCloseTo(1.1 * 0.9, 2);
    expect(corrupt / copies).toBeCloseTo(0.05, 2);
    expect(fate({ duplicate: [], loss: [], corrupt: [], delay: [] }, rnd)).toEqual([{ delay: 0, corrupt: false }]);
  });
});

describe("the control language", () => {
  it("targets and faults", () => {
    expect(parseTarget("h2")).toEqual({ target: "h2", direction: "both" });
    expect(parseTarget("h2:in")).toEqual({ target: "h2", direction: "in" });
    expect(() => parseTarget("h2:sideways")).toThrow(/bad target/);
    expect(parseFault("intermittent at 1s on 500ms off 1s count 3 partition h1 / h2,h3".split(" "))).toEqual({
      kind: "intermittent",
      timing: { at: 1000, on: 500, off: 1000, count: 3 },
      action: { partition: [["h1"], ["h2", "h3"]] },
    });
    expect(parseFault("transient for 2s impair h2:out loss 30%".split(" "))).toEqual({
      kind: "transient",
      timing: { duration: 2000 },
      action: { impair: "h2", with: { loss: 30 }, direction: "out" },
    });
    expect(() => parseFault(["permanent", "reboot", "h2"])).toThrow(/partition, down, freeze, crash or impair/);
    expect(() => parseFault("transient partition h1 / ".split(" "))).toThrow(/at least one host/);
  });
});
