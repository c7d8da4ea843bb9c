// How `berkeley-sockets ports` shows its results: a table for the terminal
// and an SVG histogram of the ports each call got.
import type { AllocResult, Call, PortsReport } from "./experiment.js";

/** What each call does, in words. */
export const CALL_LABEL: Record<Call, string> = {
  tcp_bind: "TCP bind(0)",
  udp_bind: "UDP bind(0)",
  tcp_connect: "TCP connect()",
  tcp_bind_connect: "TCP bind(0)+connect()",
  tcp_no_port_connect: "TCP BIND_ADDRESS_NO_PORT+connect()",
  tcp_range_bind: "TCP LOCAL_PORT_RANGE+bind(0)",
  tcp_range_connect: "TCP LOCAL_PORT_RANGE+connect()",
  tcp_listen: "TCP listen() unbound",
  udp_connect: "UDP connect() unbound",
};

export const CALL_COLOUR: Record<Call, string> = {
  tcp_bind: "#1f77b4",
  udp_bind: "#2ca02c",
  tcp_connect: "#d62728",
  tcp_bind_connect: "#9467bd",
  tcp_no_port_connect: "#ff7f0e",
  tcp_range_bind: "#17becf",
  tcp_range_connect: "#8c564b",
  tcp_listen: "#7f7f7f",
  udp_connect: "#bcbd22",
};

function pct(a: number, n: number): string {
  return n === 0 ? "-" : `${Math.round((100 * a) / n)}%`;
}

/** The even share as 100% less the odd one, so the two always add up. */
function evenPct(a: AllocResult): string {
  return a.count === 0 ? "-" : `${100 - Math.round((100 * a.odd) / a.count)}%`;
}

function table(head: string[], rows: (string | number)[][], right: boolean[]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells
    .map((r, j) => {
      const line = r.map((c, i) => (right[i] ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join("  ").trimEnd();
      return j === 0 ? `${line}\n${w.map((n) => "-".repeat(n)).join("  ")}` : line;
    })
    .join("\n");
}

/** A sysctl file's text on one line: its whitespace (a tab between the two ports) as single spaces. */
function shown(text: string): string {
  const t = text.trim().replace(/\s+/g, " ");
  return t === "" ? "(empty)" : t;
}

/** The readable report. */
export function formatTable(r: PortsReport): string {
  const out: string[] = [];
  out.push(`Ephemeral ports on this machine: Linux ${r.kernel} (${r.elapsed_ms} ms)`);
  out.push(
    `  ip_local_port_range: ${shown(r.sysctl.ip_local_port_range)}   ip_local_reserved_ports: ${shown(r.sysctl.ip_local_reserved_ports)}   ip_unprivileged_port_start: ${shown(r.sysctl.ip_unprivileged_port_start)}`,
  );
  out.push("");
  out.push(`Allocation: ${r.count} sockets per call, all held open at once, 127.0.0.1`);
  out.push(
    table(
      ["call", "got", "lowest", "highest", "odd", "even", "in range", "range", "collisions", "error"],
      r.alloc.map((a) => [CALL_LABEL[a.call], a.count, a.min, a.max, pct(a.odd, a.count), evenPct(a), pct(a.in_range, a.count), `${a.range[0]}-${a.range[1]}`, a.dup, a.errno || "-"]),
      [false, true, true, true, true, true, true, false, true, false],
    ),
  );
  out.push(`  ${parityNote(r.alloc)}`);
  out.push("");
  const ex = r.exhaust;
  out.push(`Exhaustion: own network namespace, ip_local_port_range "${ex.range[0]} ${ex.range[1]}" (${ex.range[1] - ex.range[0] + 1} ports)`);
  if (ex.skipped !== null) out.push(`  skipped: ${ex.skipped}`);
  else out.push(table(["call", "succeeded", "then failed with"], ex.results.map((e) => [CALL_LABEL[e.call], e.ok, e.errno || "(no failure)"]), [false, true, false]));
  out.push("");
  out.push("TIME_WAIT: the server closes first, then a new socket binds the server's port");
  const twLabel: Record<string, string> = {
    close: "close(); rebind",
    close_reuseaddr_after: "close(); rebind with SO_REUSEADDR",
    reuseaddr_close_reuseaddr: "SO_REUSEADDR on both sockets",
    linger_rst: "SO_LINGER {1,0} close (RST); rebind",
  };
  out.push(
    table(
      ["case", "client saw", "TIME_WAIT on port", "bind()"],
      r.time_wait.map((t) => [twLabel[t.case] ?? t.case, t.peer, t.time_wait, t.bind === 0 ? "0" : `-1 ${t.errno}`]),
      [false, false, true, false],
    ),
  );
  out.push("");
  out.push("SO_REUSEPORT: two sockets on one port");
  out.push(
    table(
      ["proto", "clients", "socket 1", "socket 2", "3rd bind() without SO_REUSEPORT"],
      r.reuseport.map((p) => [p.proto.toUpperCase(), p.n, p.split[0], p.split[1], p.third_bind === 0 ? "0" : `-1 ${p.errno}`]),
      [false, true, true, true, false],
    ),
  );
  return out.join("\n") + "\n";
}

function parityNote(alloc: AllocResult[]): string {
  const by = (c: Call) => alloc.find((a) => a.call === c);
  const b = by("tcp_bind");
  const c = by("tcp_connect");
  if (!b || !c) return "";
  return `Parity: TCP bind(0) got ${pct(b.odd, b.count)} odd ports, connect() ${pct(c.even, c.count)} even (Linux keeps the two apart in the range).`;
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * The port distribution: one row per call, each a histogram of the ports it
 * got over the system range in `buckets` equal buckets, coloured by call.
 * Every bucket has its bar (class="bar"), empty ones with height 0.
 */
export function formatSvg(r: PortsReport, buckets = 64): string {
  const [lo, hi] = r.range;
  const span = hi - lo + 1;
  const W = 1040;
  const left = 290;
  const right = 130;
  const rowH = 70;
  const top = 56;
  const plotW = W - left - right;
  const H = top + rowH * r.alloc.length + 50;
  const bw = plotW / buckets;
  /** Where a port's bucket starts on the x axis (port lo at the left edge, hi + 1 at the right). */
  const xOf = (port: number): number => left + ((port - lo) / span) * plotW;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">Ephemeral ports over ip_local_port_range ${lo}-${hi}</text>`);
  parts.push(`<text x="${W / 2}" y="40" text-anchor="middle" fill="#555">${r.count} sockets per call, ${buckets} buckets of ${Math.ceil(span / buckets)} ports; bar height = ports in the bucket (scale per row)</text>`);
  r.alloc.forEach((a, row) => {
    const counts = new Array<number>(buckets).fill(0);
    for (const p of a.ports) {
      if (p < lo || p > hi) continue;
      counts[Math.min(buckets - 1, Math.floor(((p - lo) * buckets) / span))]!++;
    }
    const max = Math.max(1, ...counts);
    const y0 = top + row * rowH;
    const base = y0 + rowH - 14;
    const h = rowH - 22;
    parts.push(`<g class="row" data-call="${a.call}">`);
    parts.push(`<text x="${left - 8}" y="${base - h / 2}" text-anchor="end" font-weight="bold" fill="${CALL_COLOUR[a.call]}">${esc(CALL_LABEL[a.call])}</text>`);
    parts.push(`<text x="${left - 8}" y="${base - h / 2 + 15}" text-anchor="end" fill="#555">odd ${pct(a.odd, a.count)} · even ${evenPct(a)}</text>`);
    if (a.range[0] !== lo || a.range[1] !== hi) {
      // IP_LOCAL_PORT_RANGE narrowed this call's range: shade it, behind the bars.
      const x1 = xOf(Math.max(lo, a.range[0]));
      const x2 = xOf(Math.min(hi, a.range[1]) + 1);
      parts.push(
        `<rect class="narrowed" data-from="${a.range[0]}" data-to="${a.range[1]}" x="${x1.toFixed(2)}" y="${base - h - 4}" width="${(x2 - x1).toFixed(2)}" height="${h + 4}" fill="${CALL_COLOUR[a.call]}" fill-opacity="0.12" stroke="${CALL_COLOUR[a.call]}" stroke-dasharray="4 3"/>`,
      );
      parts.push(`<text x="${(x2 + 6).toFixed(2)}" y="${base - h / 2 + 4}" fill="${CALL_COLOUR[a.call]}">IP_LOCAL_PORT_RANGE ${a.range[0]}-${a.range[1]}</text>`);
    }
    parts.push(`<line x1="${left}" y1="${base}" x2="${left + plotW}" y2="${base}" stroke="#999"/>`);
    counts.forEach((n, i) => {
      const bh = (n / max) * h;
      const from = lo + Math.ceil((i * span) / buckets);
      const to = lo + Math.ceil(((i + 1) * span) / buckets) - 1;
      parts.push(
        `<rect class="bar" data-call="${a.call}" data-bucket="${i}" data-from="${from}" data-to="${to}" data-count="${n}" x="${(left + i * bw + 0.5).toFixed(2)}" y="${(base - bh).toFixed(2)}" width="${Math.max(0.5, bw - 1).toFixed(2)}" height="${bh.toFixed(2)}" fill="${CALL_COLOUR[a.call]}"><title>${from}-${to}: ${n}</title></rect>`,
      );
    });
    parts.push(`<text x="${left + plotW + 8}" y="${base - h + 10}" fill="#555">max ${max}/bucket</text>`);
    parts.push(`<text x="${left + plotW + 8}" y="${base}" fill="#555">${a.count} ports</text>`);
    parts.push(`</g>`);
  });
  const axisY = top + rowH * r.alloc.length + 4;
  parts.push(`<line x1="${left}" y1="${axisY}" x2="${left + plotW}" y2="${axisY}" stroke="#333"/>`);
  for (const port of roundTicks(lo, hi)) {
    const x = xOf(port).toFixed(2);
    parts.push(`<line x1="${x}" y1="${axisY - 4}" x2="${x}" y2="${axisY + 4}" stroke="#333"/>`);
    parts.push(`<text class="tick" data-port="${port}" x="${x}" y="${axisY + 18}" text-anchor="middle">${port}</text>`);
  }
  parts.push(`<text x="${left + plotW / 2}" y="${axisY + 38}" text-anchor="middle" fill="#333">local port</text>`);
  parts.push(`</svg>`);
  return parts.join("\n") + "\n";
}

/**
 * Round port numbers for the axis: the multiples in lo..hi of the step from
 * 1, 2, 5 x 10^k that gives between 4 and 10 of them (32768-60999: 35000,
 * 40000, ..., 60000).
 */
export function roundTicks(lo: number, hi: number): number[] {
  const span = Math.max(1, hi - lo);
  let step = 1;
  for (let p = 1; ; p *= 10) {
    const fit = [p, 2 * p, 5 * p].find((s) => span / s <= 10);
    if (fit !== undefined) {
      step = fit;
      break;
    }
  }
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) ticks.push(t);
  return ticks;
}
