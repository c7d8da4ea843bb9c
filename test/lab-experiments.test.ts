// The three lab experiments of docs/lab.md, run as a user runs them, in C
// and in TypeScript: UDP vs TCP under 10% loss (through the
// berkeley-sockets-lab command), multicast under loss through a router, and a
// partition during a TCP transfer and a multicast stream (through the lab
// API). Skipped, with the reason, without root, iptables, tcpdump, smcroute or cc.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasTcpdump } from "../src/tools/lab/capture.js";
import { faultsUnavailable, hasSmcroute } from "../src/tools/lab/lab.js";
import { root, tsx } from "./helpers.js";

const why =
  faultsUnavailable() ??
  (hasTcpdump() ? null : "tcpdump is not installed (run scripts/deps.sh)") ??
  (hasSmcroute() ? null : "smcroute is not installed (run scripts/deps.sh)") ??
  (spawnSync("cc", ["--version"]).error ? "no C compiler" : null);
const cli = join(root, "dist", "tools", "lab", "cli.js");
let dir = "";

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { cwd: root, encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stdout}${r.stderr}`);
  console.log(r.stdout);
  return r.stdout;
}

const num = (s: string, re: RegExp): number => Number(re.exec(s)?.[1] ?? NaN);

describe.skipIf(why !== null)("lab experiments", () => {
  beforeAll(() => {
    expect(spawnSync(join(root, "node_modules", ".bin", "tsc"), ["-p", root]).status).toBe(0);
    dir = mkdtempSync(join(tmpdir(), "bsl-exp-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const lang of ["c", "ts"]) {
    it(`UDP vs TCP under 10% loss (${lang}): UDP about 90% and out of order, TCP all 1,000 in order with retransmissions`, () => {
      const out = run(process.execPath, [cli, "--hosts", "2", "--loss", "10%", "--delay", "10ms/5ms", "--", "sh", "examples/lab/udp_vs_tcp.sh", lang]);
      const udp = num(out, /udp: received (\d+) of 1000/);
      expect(udp).toBeGreaterThan(850);
      expect(udp).toBeLessThan(950);
      expect(num(out, /udp: received \d+ of 1000 \(.*\), \d+ in order, (\d+) overtaken/)).toBeGreaterThan(50);
      expect(out).toMatch(/tcp: received 1000 of 1000 \(100\.0%\), 1000 in order, 0 overtaken, 0 duplicates/);
      expect(num(out, /tcp: retransmitted (\d+) segments/)).toBeGreaterThan(0);
    });
  }

  it("multicast under loss through a router (C): each receiver gets its link's share; non-members' links carry nothing; the joins are captured", () => {
    const svg = join(dir, "multicast.svg");
    const out = run(tsx, ["examples/lab/multicast_loss.ts", "c", "--svg", svg]);
    const got = (h: string): number => num(out, new RegExp(`^${h} .* (\\d+)/500`, "m"));
    expect(got("h2")).toBeGreaterThan(350);
    expect(got("h2")).toBeLessThan(450);
    expect(got("b1")).toBe(500);
    expect(got("b2")).toBeGreaterThan(410);
    expect(got("b2")).toBeLessThan(490);
    expect(out).toMatch(/to h3 0 \(not a member\)/);
    expect(out).toMatch(/to b3 0 \(not a member\)/);
    expect(out).toMatch(/IGMP on a: 239\.1\.1\.1 joined by h2/);
    expect(out).toMatch(/IGMP on b: 239\.1\.1\.1 joined by b1, b2|IGMP on b: 239\.1\.1\.1 joined by b2, b1/);
    const s = readFileSync(svg, "utf8");
    expect(s.match(/<g class="row"/g)?.length).toBe(3);
  });

  it("a partition during a TCP transfer and a multicast stream (TypeScript): TCP delivers everything late and in order, multicast loses what was sent while cut off", () => {
    const svg = join(dir, "partition.svg");
    const out = run(tsx, ["examples/lab/partition.ts", "ts", "--svg", svg]);
    expect(out).toMatch(/tcp: received 400 of 400 \(100\.0%\), 400 in order/);
    expect(num(out, /\((\d+\.\d+) s:\n/)).toBeGreaterThanOrEqual(1.4);
    for (const h of ["h2", "h3"]) {
      const lost = 400 - num(out, new RegExp(`multicast receiver \\(${h}\\): (\\d+) of 400`));
      expect(lost).toBeGreaterThan(120);
      expect(lost).toBeLessThan(175);
      expect(out).toMatch(new RegExp(`multicast receiver \\(${h}\\): \\d+ of 400; lost \\d+-\\d+ \\(`));
    }
    expect(readFileSync(svg, "utf8")).toContain('class="band"');
  });
});

if (why !== null) {
  console.warn(`lab-experiments.test.ts: skipped: ${why}`);
  describe("lab experiments (unavailable)", () => {
    it.skip(`skipped: ${why}`, () => {});
  });
}
