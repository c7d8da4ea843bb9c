// What the lab experiments share: the C or TypeScript twin of each program,
// started on a lab host; a plain table; and the picture of delivery over time
// (an SVG, drawn like the ports command's).
import { execFileSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Lab } from "berkeley-sockets/lab";

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, "..", "..");

export type Lang = "c" | "ts";

/** The command line of seq_sender and seq_receiver in one language (C compiled now, with cc). */
export function programs(lang: Lang): { sender: string[]; receiver: string[]; cleanup: () => void } {
  if (lang === "ts") {
    const tsx = join(repo, "node_modules", ".bin", "tsx");
    return { sender: [tsx, join(here, "seq_sender.ts")], receiver: [tsx, join(here, "seq_receiver.ts")], cleanup: () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), "lab-experiment-"));
  for (const p of ["seq_sender", "seq_receiver"]) execFileSync("cc", ["-O2", "-o", join(dir, p), join(here, `${p}.c`)]);
  return { sender: [join(dir, "seq_sender")], receiver: [join(dir, "seq_receiver")], cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Running {
  child: ChildProcess;
  lines: string[];
  /** Resolves at the first line (a receiver's "listening"/"joined"). */
  ready: Promise<void>;
  done: Promise<string[]>;
}

/** Starts argv on a lab host, collecting its output lines. */
export function start(lab: Lab, host: string, argv: string[]): Running {
  const child = lab.spawn(host, argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "inherit"], cwd: repo });
  const lines: string[] = [];
  let part = "";
  let readyFn!: () => void;
  const ready = new Promise<void>((r) => (readyFn = r));
  child.stdout!.setEncoding("utf8").on("data", (d: string) => {
    part += d;
    const all = part.split("\n");
    part = all.pop()!;
    lines.push(...all);
    if (lines.length > 0) readyFn();
  });
  const done = new Promise<string[]>((res, rej) =>
    child.on("close", (code) => {
      readyFn();
      if (code === 0) res(lines);
      else rej(new Error(`${argv.join(" ")} on ${host} exited ${code}`));
    }),
  );
  return { child, lines, ready, done };
}

/** The records' wall-clock times in lines like "sent 12 1764300000123.4" or "rx 12 ...", by sequence number. */
export function times(lines: string[], verb: "sent" | "rx"): Map<number, number> {
  const m = new Map<number, number>();
  for (const l of lines) {
    const [v, seq, t] = l.split(" ");
    if (v === verb && !m.has(Number(seq))) m.set(Number(seq), Number(t));
  }
  return m;
}

/** The summary lines of a program (everything but the per-record ones). */
export const summary = (lines: string[]): string[] => lines.filter((l) => !/^(sent|rx) \d/.test(l));

/** A table with a rule under its head. */
export function table(head: string[], rows: string[][]): string {
  const w = head.map((_, i) => Math.max(...[head, ...rows].map((r) => r[i]!.length)));
  const line = (r: string[]): string => r.map((c, i) => c.padEnd(w[i]!)).join("  ").trimEnd();
  return [line(head), w.map((n) => "-".repeat(n)).join("  "), ...rows.map(line)].join("\n");
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export interface Row {
  label: string;
  note: string;
  colour: string;
  /** Wall-clock arrival times (ms). */
  arrivals: number[];
}

/**
 * Records arriving per bucket of time, one strip per receiver, as a share of
 * what the sender sent per bucket (100% = keeping up); shaded bands mark
 * faults. t0 is the sender's start.
 */
export function deliverySvg(o: { title: string; subtitle: string; t0: number; t1: number; sent: number[]; bucketMs: number; rows: Row[]; bands?: { from: number; to: number; label: string }[] }): string {
  // What keeping up means: the sender's own pace, records per bucket.
  const perBucket = (o.sent.length * o.bucketMs) / Math.max(o.bucketMs, Math.max(...o.sent) - Math.min(...o.sent));
  const W = 1040, left = 190, right = 40, top = 60, rowH = 80;
  const plotW = W - left - right;
  const H = top + rowH * o.rows.length + 76;
  const n = Math.ceil((o.t1 - o.t0) / o.bucketMs);
  const x = (t: number): number => left + ((t - o.t0) / (o.t1 - o.t0)) * plotW;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">${esc(o.title)}</text>`);
  parts.push(`<text x="${W / 2}" y="40" text-anchor="middle" fill="#555">${esc(o.subtitle)}</text>`);
  for (const b of o.bands ?? []) {
    parts.push(`<rect class="band" x="${x(b.from).toFixed(1)}" y="${top - 6}" width="${(x(b.to) - x(b.from)).toFixed(1)}" height="${rowH * o.rows.length + 6}" fill="#f4cccc"/>`);
    parts.push(`<text x="${((x(b.from) + x(b.to)) / 2).toFixed(1)}" y="${top + rowH * o.rows.length + 14}" text-anchor="middle" fill="#a33">${esc(b.label)}</text>`);
  }
  const counts = o.rows.map((r) => {
    const c = new Array<number>(n).fill(0);
    for (const t of r.arrivals) {
      const k = Math.floor((t - o.t0) / o.bucketMs);
      if (k >= 0 && k < n) c[k]!++;
    }
    return c;
  });
  // Room above 100% only when some bucket has more (a catch-up burst), up to 400%.
  const scale = Math.min(4, Math.max(1.1, ...counts.flat().map((c) => (1.1 * c) / perBucket)));
  o.rows.forEach((r, i) => {
    const base = top + (i + 1) * rowH - 12;
    const h = rowH - 26;
    parts.push(`<g class="row" data-label="${esc(r.label)}">`);
    parts.push(`<text x="${left - 10}" y="${base - h / 2}" text-anchor="end" font-weight="bold" fill="${r.colour}">${esc(r.label)}</text>`);
    parts.push(`<text x="${left - 10}" y="${base - h / 2 + 15}" text-anchor="end" fill="#555">${esc(r.note)}</text>`);
    parts.push(`<line x1="${left}" y1="${base}" x2="${left + plotW}" y2="${base}" stroke="#999"/>`);
    parts.push(`<line x1="${left}" y1="${base - h / scale}" x2="${left + plotW}" y2="${base - h / scale}" stroke="#ccc" stroke-dasharray="4 3"/>`);
    counts[i]!.forEach((c, k) => {
      const share = c / (perBucket * Math.min(1, (o.t1 - o.t0 - k * o.bucketMs) / o.bucketMs));
      const bh = (Math.min(share, scale) / scale) * h;
      const bx = left + (k * o.bucketMs * plotW) / (o.t1 - o.t0);
      const bw = Math.min((o.bucketMs * plotW) / (o.t1 - o.t0), left + plotW - bx); // the last bucket ends at t1
      parts.push(`<rect class="bar" data-bucket="${k}" data-count="${c}" x="${(bx + 0.5).toFixed(2)}" y="${(base - bh).toFixed(2)}" width="${Math.max(0.5, bw - 1).toFixed(2)}" height="${bh.toFixed(2)}" fill="${r.colour}"><title>${((k * o.bucketMs) / 1000).toFixed(1)} s: ${c} records (${Math.round(100 * share)}%)</title></rect>`);
    });
    parts.push(`</g>`);
  });
  const axisY = top + rowH * o.rows.length + 22;
  const secs = (o.t1 - o.t0) / 1000;
  for (let s = 0; s <= secs + 1e-9; s += secs > 8 ? 2 : secs > 4 ? 1 : 0.5) {
    const px = x(o.t0 + s * 1000);
    parts.push(`<line x1="${px.toFixed(1)}" y1="${axisY - 4}" x2="${px.toFixed(1)}" y2="${axisY + 4}" stroke="#333"/>`);
    parts.push(`<text x="${px.toFixed(1)}" y="${axisY + 18}" text-anchor="middle">${s} s</text>`);
  }
  parts.push(`<text x="${left + plotW / 2}" y="${axisY + 34}" text-anchor="middle" fill="#333">time since the sender started; bars: records arriving per ${o.bucketMs} ms, dashed line = as fast as they were sent</text>`);
  parts.push(`</svg>`);
  return `${parts.join("\n")}\n`;
}
