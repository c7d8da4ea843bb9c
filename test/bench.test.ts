// `npm run bench` is a benchmark, not a timed test: this only checks that the
// harness runs every implementation of a workload to completion and reports
// ratios against the C baseline. No figure is asserted.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Row } from "../bench/run.js";
import { root } from "./helpers.js";

describe("bench/run.ts", () => {
  it("--quick --json runs C, berkeley-sockets (sync, promises), node and python3 on the same workloads", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "bench", "run.ts"), "--quick", "--json", "--only", "calls,tcp,mmsg"], {
      cwd: root,
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(r.stderr).toMatch(/ratio = ops\/s ÷ C's ops\/s/);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { rows: Row[]; quick: boolean };
    expect(out.quick).toBe(true);
    const by = (w: string) => out.rows.filter((x) => x.workload === w).map((x) => x.impl);
    expect(by("calls")).toEqual(["C (cc -O2)", "berkeley-sockets", "python3 socket"]);
    expect(by("tcp")).toEqual(["C (cc -O2)", "berkeley-sockets", "berkeley-sockets/promises", "node dgram/net", "python3 socket"]);
    expect(by("mmsg")).toEqual(["C (cc -O2)", "berkeley-sockets", "node dgram/net"]);
    for (const row of out.rows) {
      expect(row.seconds.length).toBe(1);
      expect(row.opsPerSec).toBeGreaterThan(0);
      expect(Number.isFinite(row.ratioToC)).toBe(true);
      if (row.impl.startsWith("C ")) expect(row.ratioToC).toBe(1);
    }
  });
});
