// npm run bench: the same workloads in C (the baseline, cc -O2), in
// berkeley-sockets (sync and promises), in Node's dgram/net and in python3's
// socket module, in one run; results as ratios to C. Loopback only.
//
//   npm run bench                  every workload, 3 rounds, the median kept
//   npm run bench -- --quick       a tenth of the work (a smoke run, not a figure)
//   npm run bench -- --json        machine-readable results on stdout
//   npm run bench -- --rounds 5 --only udp,tcp
//
// Each (workload, implementation) runs in its own process; the rounds are
// interleaved so a load spike on the machine hits every implementation alike.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { cpus, loadavg, release, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes("--quick");
const json = args.includes("--json");
const rounds = Number(flag("--rounds") ?? (quick ? 1 : 3));
const only = flag("--only")?.split(",");

interface Workload {
  name: string;
  what: string;
  n: number;
  /** What one op moves, for a bytes/s or datagrams/s column. */
  unit: string;
  perOp: number;
}
const WORKLOADS: Workload[] = [
  { name: "calls", what: "getsockopt(SO_TYPE): one system call", n: 500_000, unit: "calls", perOp: 1 },
  { name: "udp", what: "64 B sendto/recvfrom round trip", n: 50_000, unit: "round trips", perOp: 1 },
  { name: "tcp", what: "64 B write/read round trip, TCP_NODELAY", n: 50_000, unit: "round trips", perOp: 1 },
  { name: "stream", what: "64 KiB write, read until it is all there", n: 20_000, unit: "MiB", perOp: 1 / 16 },
  { name: "connect", what: "socket, connect, accept, close both (client RST)", n: 10_000, unit: "connections", perOp: 1 },
  { name: "mmsg", what: "32 datagrams by sendmmsg + recvmmsg", n: 20_000, unit: "datagrams", perOp: 32 },
];

interface Impl {
  name: string;
  has: string[];
  cmd: (w: string, n: number) => [string, string[]];
}

function compile(): string {
  const src = join(here, "bench.c");
  const text = readFileSync(src);
  const dir = join(tmpdir(), "berkeley-sockets-bench");
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, `bench-${createHash("sha256").update(text).digest("hex").slice(0, 12)}`);
  if (!existsSync(bin)) {
    const r = spawnSync("cc", ["-O2", "-Wall", "-o", `${bin}.tmp`, src], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`cc failed:\n${r.stderr}`);
    renameSync(`${bin}.tmp`, bin);
  }
  return bin;
}

const tsx = ["--import", "tsx"];
const cBin = compile();
const IMPLS: Impl[] = [
  { name: "C (cc -O2)", has: ["calls", "udp", "tcp", "stream", "connect", "mmsg"], cmd: (w, n) => [cBin, [w, String(n)]] },
  { name: "berkeley-sockets", has: ["calls", "udp", "tcp", "stream", "connect", "mmsg"], cmd: (w, n) => [process.execPath, [...tsx, join(here, "sockets.ts"), w, String(n), "sync"]] },
  { name: "berkeley-sockets/promises", has: ["udp", "tcp", "stream", "connect"], cmd: (w, n) => [process.execPath, [...tsx, join(here, "sockets.ts"), w, String(n), "promises"]] },
  { name: "node dgram/net", has: ["udp", "tcp", "stream", "connect", "mmsg"], cmd: (w, n) => [process.execPath, [...tsx, join(here, "node.ts"), w, String(n)]] },
  { name: "python3 socket", has: ["calls", "udp", "tcp", "stream", "connect"], cmd: (w, n) => ["python3", [join(here, "python.py"), w, String(n)]] },
];

function runOnce(impl: Impl, w: Workload, n: number): number {
  const [cmd, argv] = impl.cmd(w.name, n);
  const r = spawnSync(cmd, argv, { encoding: "utf8", timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${impl.name} ${w.name}: exit ${r.status ?? r.signal}\n${r.stderr}`);
  const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as { ops: number; seconds: number };
  if (out.ops !== n) throw new Error(`${impl.name} ${w.name}: ran ${out.ops} ops, asked ${n}`);
  return out.seconds;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export interface Row {
  workload: string;
  impl: string;
  n: number;
  seconds: number[];
  opsPerSec: number;
  usPerOp: number;
  unitPerSec: number;
  ratioToC: number;
}

const chosen = WORKLOADS.filter((w) => !only || only.includes(w.name));
const log = (s: string): void => void (json ? process.stderr : process.stdout).write(s);
// The progress line only on a terminal (a log file gets the results alone).
const progress = (s: string): void => {
  const out = json ? process.stderr : process.stdout;
  if (out.isTTY) out.write(s);
};
log(`bench: ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), Linux ${release()}, Node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
log(`bench: ${rounds} round(s), median kept${quick ? ", --quick (a tenth of the work)" : ""}; ratio = ops/s ÷ C's ops/s\n\n`);

const rows: Row[] = [];
for (const w of chosen) {
  const n = quick ? Math.max(1, Math.round(w.n / 10)) : w.n;
  const impls = IMPLS.filter((i) => i.has.includes(w.name));
  const secs = new Map<string, number[]>(impls.map((i) => [i.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const impl of impls) {
      progress(`\r${w.name}: round ${r + 1}/${rounds}, ${impl.name}`.padEnd(70));
      secs.get(impl.name)!.push(runOnce(impl, w, n));
    }
  }
  progress("\r".padEnd(71) + "\r");
  const cOps = n / median(secs.get(IMPLS[0]!.name)!);
  for (const impl of impls) {
    const s = secs.get(impl.name)!;
    const ops = n / median(s);
    rows.push({ workload: w.name, impl: impl.name, n, seconds: s, opsPerSec: ops, usPerOp: 1e6 / ops, unitPerSec: ops * w.perOp, ratioToC: ops / cOps });
  }
  if (!json) {
    console.log(`${w.name}: ${w.what} (${n.toLocaleString("en")} ops)`);
    for (const row of rows.filter((x) => x.workload === w.name)) {
      const rate = `${Math.round(row.unitPerSec).toLocaleString("en")} ${w.unit}/s`;
      console.log(`  ${row.impl.padEnd(26)} ${rate.padStart(26)} ${row.usPerOp.toFixed(2).padStart(9)} µs/op   ${row.ratioToC.toFixed(2)} × C`);
    }
    console.log("");
  }
}
if (json) console.log(JSON.stringify({ rounds, quick, node: process.version, kernel: release(), cpus: cpus().length, rows }, null, 2));
