// Running test/fixtures/probe.ts (bundled, see helpers.bundle) on a lab host:
// its JSON lines as they come, ready at its {ready:true} line.
import type { ChildProcess } from "node:child_process";
import type { Lab } from "../src/tools/lab/lab.js";

export type Line = Record<string, unknown>;
export interface Run {
  child: ChildProcess;
  /** Resolves at the probe's {ready:true} line, or when it ends. */
  ready: Promise<void>;
  lines: Line[];
  done: Promise<Line[]>;
}

/**
 * Starts the probe; a timing probe (rt) runs at real-time priority, below the
 * lab's engine, so that it measures the network and not this busy machine's
 * scheduler.
 */
export function runProbe(lab: Lab, probePath: string, host: string, args: (string | number)[], rt = false): Run {
  const argv = [process.execPath, probePath, ...args.map(String)];
  if (rt) argv.unshift("chrt", "-f", "5");
  const child = lab.spawn(host, argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "pipe"] });
  const lines: Line[] = [];
  let out = "", err = "";
  let readyFn!: () => void;
  const ready = new Promise<void>((r) => (readyFn = r));
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    out += d;
    for (let i = out.indexOf("\n"); i >= 0; i = out.indexOf("\n")) {
      const l = JSON.parse(out.slice(0, i)) as Line;
      out = out.slice(i + 1);
      lines.push(l);
      if (l.ready) readyFn();
    }
  });
  child.stderr!.setEncoding("utf8").on("data", (d: string) => (err += d));
  const done = new Promise<Line[]>((res, rej) =>
    child.on("close", (code, sig) => {
      readyFn();
      if (code !== 0 && sig === null) rej(new Error(`probe ${args[0]} on ${host} exited ${code}: ${err}`));
      else res(lines);
    }),
  );
  done.catch(() => {}); // a probe killed on purpose; awaiting code still sees a failure
  return { child, ready, lines, done };
}

/** The probe's last line, once it has ended. */
export const last = async (r: Run): Promise<Line> => (await r.done).at(-1)!;
