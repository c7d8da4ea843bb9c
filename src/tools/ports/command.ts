// `berkeley-sockets ports`: runs the ephemeral-port experiment (./experiment.ts)
// and prints its table, JSON or SVG (./report.ts).
import { closeSync, openSync, writeFileSync } from "node:fs";
import type { Cli, Command } from "../command.js";
import { runPorts } from "./experiment.js";
import { formatSvg, formatTable } from "./report.js";

function intArg(cli: Cli, v: string | undefined, name: string, min: number, max: number): number {
  const n = Number(v);
  if (v === undefined || !Number.isInteger(n) || n < min || n > max) cli.fail(`${name} takes an integer in ${min}..${max}`);
  return n;
}

function progressBar(): ((done: number, what: string) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const width = 30;
  return (done, what) => {
    const n = Math.round(done * width);
    const line = `[${"#".repeat(n)}${".".repeat(width - n)}] ${String(Math.round(done * 100)).padStart(3)}% ${what}`;
    process.stderr.write(`\r${line.padEnd(process.stderr.columns ? Math.min(process.stderr.columns - 1, 80) : 80)}`);
    if (done >= 1) process.stderr.write("\r\x1b[K");
  };
}

function run(args: string[], cli: Cli): void {
  let count = 1000;
  let buckets = 64;
  let clients = 200;
  let exhaustRange: [number, number] = [40000, 40001];
  let json = false;
  let svg: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    switch (a) {
      case "--count": count = intArg(cli, args[++i], a, 1, 4000); break; // connect() calls must fit the listener's backlog
      case "--buckets": buckets = intArg(cli, args[++i], a, 1, 1000); break;
      case "--clients": clients = intArg(cli, args[++i], a, 1, 10000); break;
      case "--json": json = true; break;
      case "--svg": svg = args[++i] ?? cli.fail("--svg takes a file name"); break;
      case "--exhaust-range": {
        const m = /^(\d+)-(\d+)$/.exec(args[++i] ?? "");
        if (!m || Number(m[1]) < 1024 || Number(m[2]) < Number(m[1]) || Number(m[2]) > 65534) cli.fail("--exhaust-range takes LOW-HIGH within 1024..65534");
        exhaustRange = [Number(m[1]), Number(m[2])];
        break;
      }
      case "-h": case "--help": process.stdout.write(cli.usage); return;
      default: cli.fail(`ports: unknown option ${a}`);
    }
  }
  // The SVG file is opened before the experiment runs, so a path that cannot
  // be written fails at once, in one line.
  let svgFd: number | null = null;
  if (svg !== null) {
    try {
      svgFd = openSync(svg, "w");
    } catch (err) {
      process.stderr.write(`berkeley-sockets: ports: --svg: ${(err as Error).message}\n`);
      process.exit(1);
    }
  }
  const report = runPorts({ count, exhaustRange, reuseportClients: clients, progress: json ? undefined : progressBar() });
  if (svgFd !== null) {
    writeFileSync(svgFd, formatSvg(report, buckets));
    closeSync(svgFd);
  }
  if (json) process.stdout.write(JSON.stringify({ ...report, buckets }) + "\n");
  else process.stdout.write(formatTable(report) + (svg !== null ? `\nPort distribution drawn to ${svg}\n` : ""));
}

export const ports: Command = {
  summary: [
    "how Linux hands out ephemeral ports: parity, ranges, exhaustion,",
    "TIME_WAIT, SO_REUSEPORT (loopback only; the exhaustion part",
    "runs in a network namespace of its own: unshare -n, or -rn)",
  ],
  options: [
    "--count N            sockets per call in the allocation part (default 1000, at most 4000)",
    "--buckets N          histogram buckets in the SVG (default 64)",
    "--exhaust-range L-H  the narrowed range of the exhaustion part (default 40000-40001)",
    "--clients N          clients in the SO_REUSEPORT part (default 200)",
    "--json               print the results as JSON",
    "--svg FILE           draw the port distribution to FILE",
  ],
  run,
};
