// Shared measuring for the soak scripts: descriptors, RSS, heap after GC.
import { readdirSync } from "node:fs";

export interface Sample {
  fds: number;
  rss: number;
  heap: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error("soak: run node with --expose-gc (npm run soak does)");
  process.exit(2);
}

export function sample(): Sample {
  for (let i = 0; i < 3; i++) gc!();
  const m = process.memoryUsage();
  return { fds: readdirSync("/proc/self/fd").length - 1, rss: m.rss, heap: m.heapUsed };
}

const mb = (n: number): string => `${n >= 0 ? "+" : ""}${(n / 2 ** 20).toFixed(2)} MB`;

/** Prints the figures and returns whether the run is within the limits. */
export function report(name: string, count: number, unit: string, ms: number, before: Sample, after: Sample, limits = { rss: 5 * 2 ** 20, heap: 2 ** 20 }): boolean {
  const ok = after.fds === before.fds && after.rss - before.rss < limits.rss && after.heap - before.heap < limits.heap;
  console.log(
    `soak ${name}: ${count.toLocaleString("en")} ${unit} in ${(ms / 1000).toFixed(1)} s (${Math.round(count / (ms / 1000)).toLocaleString("en")}/s); ` +
      `descriptors ${before.fds} -> ${after.fds}; RSS ${mb(after.rss - before.rss)} (${(after.rss / 2 ** 20).toFixed(1)} MB); ` +
      `heap after GC ${mb(after.heap - before.heap)} ${ok ? "OK" : "FAIL"}`,
  );
  return ok;
}
