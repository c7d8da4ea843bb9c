// `berkeley-sockets ports` end to end: the built command, its --json and
// --svg output, its run time, and agreement with the same experiment in C
// (examples/ports_probe.c).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { read_ip_local_port_range } from "../src/index.js";
import type { AllocResult, ExhaustResult, PortsReport, ReuseportResult, TimeWaitResult } from "../src/tools/ports/experiment.js";
import { compileC, netnsUnavailable, root } from "./helpers.js";

const cli = join(root, "dist", "tools", "cli.js");
const dir = mkdtempSync(join(tmpdir(), "ports-cli-"));
const svgFile = join(dir, "ports.svg");
let report: PortsReport & { buckets: number };
let seconds = 0;
const netns = netnsUnavailable();

function run(args: string[], opts: { tty?: boolean } = {}) {
  const t0 = performance.now();
  const r = opts.tty
    ? // A pseudo-terminal, so the command sees a TTY on stderr and draws its progress bar.
      spawnSync("script", ["-qfec", [process.execPath, cli, ...args].join(" "), "/dev/null"], { encoding: "utf8", cwd: root, timeout: 60_000 })
    : spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: root, timeout: 60_000 });
  return { ...r, seconds: (performance.now() - t0) / 1000 };
}

/** Whether dist/ is missing or older than some file of src/. */
function distIsStale(): boolean {
  if (!existsSync(cli)) return true;
  const built = statSync(cli).mtimeMs;
  return readdirSync(join(root, "src"), { recursive: true, encoding: "utf8" }).some((f) => statSync(join(root, "src", f)).mtimeMs > built);
}

beforeAll(() => {
  // The command under test is the built one (package.json "bin"), built from this source.
  if (distIsStale()) {
    const b = spawnSync("npm", ["run", "-s", "build:ts"], { cwd: root, encoding: "utf8" });
    expect(b.status, b.stderr).toBe(0);
  }
  const r = run(["ports", "--json", "--svg", svgFile]);
  expect(r.status, r.stderr).toBe(0);
  report = JSON.parse(r.stdout) as PortsReport & { buckets: number };
  seconds = r.seconds;
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("berkeley-sockets ports --json", () => {
  it("runs in under 10 s with default settings", () => {
    console.log(`berkeley-sockets ports --json --svg: ${seconds.toFixed(2)} s wall, ${report.elapsed_ms} ms in the experiment`);
    expect(seconds).toBeLessThan(10);
  });

  it("reports the system's sysctls and range as the kernel has them", () => {
    const sys = read_ip_local_port_range()!;
    expect(report.sysctl.ip_local_port_range).toBe(sys.text);
    expect(report.range).toEqual([sys.low, sys.high]);
    expect(report.sysctl.ip_unprivileged_port_start).toBe(readFileSync("/proc/sys/net/ipv4/ip_unprivileged_port_start", "latin1"));
  });

  it("allocates count ports per call, distinct and inside the range, with Linux's parity split", () => {
    expect(report.count).toBe(1000);
    const by = Object.fromEntries(report.alloc.map((a) => [a.call, a])) as Record<string, AllocResult>;
    expect(Object.keys(by)).toEqual(["tcp_bind", "udp_bind", "tcp_connect", "tcp_bind_connect", "tcp_no_port_connect", "tcp_range_bind", "tcp_range_connect"]);
    for (const a of report.alloc) {
      expect(a.count).toBe(1000);
      expect(a.ports).toHaveLength(1000);
      expect(new Set(a.ports).size).toBe(1000);
      expect(a.dup).toBe(0);
      expect(a.in_range).toBe(1000);
      expect(a.odd + a.even).toBe(1000);
      expect(a.odd).toBe(a.ports.filter((p) => p % 2 === 1).length);
      expect(a.min).toBe(Math.min(...a.ports));
      expect(a.max).toBe(Math.max(...a.ports));
    }
    expect(by.tcp_bind!.odd).toBe(1000);
    expect(by.tcp_connect!.even).toBe(1000);
    expect(by.tcp_bind_connect!.odd).toBe(1000); // the port comes from bind()
    expect(by.tcp_no_port_connect!.even).toBe(1000); // the port comes from connect()
    expect(by.tcp_range_bind!.range).toEqual([report.range[0], report.range[0] + 3999]);
  });

  it("reports the exhaustion errors (or why it could not run)", (ctx) => {
    if (netns !== null) {
      expect(report.exhaust.skipped).toBeTruthy();
      ctx.skip(netns);
    }
    expect(report.exhaust.skipped).toBeNull();
    expect(report.exhaust.results.map((e) => `${e.call} ${e.ok} ${e.errno}`)).toEqual([
      "tcp_bind 2 EADDRINUSE",
      "tcp_listen 2 EADDRINUSE",
      "udp_bind 2 EADDRINUSE",
      "udp_connect 2 EAGAIN",
      "tcp_connect 2 EADDRNOTAVAIL",
    ]);
  });

  it("reports TIME_WAIT rebinding and the SO_REUSEPORT split", () => {
    expect(report.time_wait.map((t) => [t.case, t.peer, t.time_wait, t.bind, t.errno])).toEqual([
      ["close", "CLOSE_WAIT", 1, -1, "EADDRINUSE"],
      ["close_reuseaddr_after", "CLOSE_WAIT", 1, -1, "EADDRINUSE"],
      ["reuseaddr_close_reuseaddr", "CLOSE_WAIT", 1, 0, ""],
      ["linger_rst", "CLOSE", 0, 0, ""],
    ]);
    for (const p of report.reuseport) {
      expect(p.split[0] + p.split[1]).toBe(p.n);
      expect(Math.min(...p.split)).toBeGreaterThan(p.n / 10);
      expect([p.third_bind, p.errno]).toEqual([-1, "EADDRINUSE"]);
    }
  });
});

describe("berkeley-sockets ports --svg", () => {
  it("is well-formed SVG with one bar per bucket for each call, counting every port", () => {
    // Parsed by a real XML parser (python3's), not by pattern matching.
    const py = spawnSync("python3", ["-c", `
import json, sys, xml.etree.ElementTree as ET
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(sys.argv[1]).getroot()
rows = {}
for g in root.iterfind("s:g[@class='row']", ns):
    bars = g.findall("s:rect[@class='bar']", ns)
    rows[g.get("data-call")] = {"bars": len(bars), "buckets": sorted(int(b.get("data-bucket")) for b in bars),
                                "total": sum(int(b.get("data-count")) for b in bars),
                                "fill": sorted({b.get("fill") for b in bars}),
                                "heights_ok": all(float(b.get("height")) >= 0 for b in bars)}
print(json.dumps({"tag": root.tag, "rows": rows}))
`, svgFile], { encoding: "utf8" });
    expect(py.status, py.stderr).toBe(0);
    const svg = JSON.parse(py.stdout) as { tag: string; rows: Record<string, { bars: number; buckets: number[]; total: number; fill: string[]; heights_ok: boolean }> };
    expect(svg.tag).toBe("{http://www.w3.org/2000/svg}svg");
    expect(Object.keys(svg.rows)).toEqual(report.alloc.map((a) => a.call));
    const colours = new Set<string>();
    for (const a of report.alloc) {
      const row = svg.rows[a.call]!;
      expect(row.bars).toBe(report.buckets);
      expect(row.buckets).toEqual([...Array(report.buckets).keys()]);
      expect(row.total).toBe(a.in_range);
      expect(row.fill).toHaveLength(1); // one colour per call
      expect(row.heights_ok).toBe(true);
      colours.add(row.fill[0]!);
    }
    expect(colours.size).toBe(report.alloc.length);
  });

  it("shades the narrowed range on the LOCAL_PORT_RANGE rows and labels the axis with round ports", () => {
    const text = readFileSync(svgFile, "utf8");
    const rows = text.split('<g class="row"').slice(1);
    expect(rows).toHaveLength(report.alloc.length);
    report.alloc.forEach((a, i) => {
      const narrowed = [...rows[i]!.matchAll(/<rect class="narrowed" data-from="(\d+)" data-to="(\d+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
      const own = a.range[0] !== report.range[0] || a.range[1] !== report.range[1];
      expect([a.call, narrowed]).toEqual([a.call, own ? [a.range] : []]);
    });
    expect(report.alloc.filter((a) => a.call.startsWith("tcp_range_")).every((a) => a.range[1] < report.range[1])).toBe(true);
    const ticks = [...text.matchAll(/<text class="tick" data-port="(\d+)" x="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])] as const);
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    const step = ticks[1]![0] - ticks[0]![0];
    expect(String(step)).toMatch(/^[125]0*$/); // 1, 2 or 5 times a power of ten
    for (const [k, [port, x]] of ticks.entries()) {
      expect(port % step).toBe(0);
      expect(port).toBeGreaterThanOrEqual(report.range[0]);
      expect(port).toBeLessThanOrEqual(report.range[1]);
      if (k > 0) expect(port - ticks[k - 1]![0]).toBe(step);
      if (k > 0) expect(x).toBeGreaterThan(ticks[k - 1]![1]);
    }
  });

  it("a path that cannot be written fails at once, in one line, before the experiment runs", () => {
    for (const path of [join(dir, "no-such-dir", "x.svg"), dir]) {
      const r = run(["ports", "--svg", path]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe(""); // no table: the experiment did not run
      expect(r.stderr).toMatch(new RegExp(`^berkeley-sockets: ports: --svg: E[A-Z]+: [^\n]*\n$`));
      expect(r.stderr).toContain(path);
    }
  });

  it("--buckets sets the number of bars", () => {
    const f = join(dir, "b.svg");
    const r = run(["ports", "--count", "50", "--buckets", "10", "--svg", f]);
    expect(r.status, r.stderr).toBe(0);
    const bars = readFileSync(f, "utf8").match(/<rect class="bar"/g) ?? [];
    expect(bars).toHaveLength(10 * 7);
  });
});

describe("berkeley-sockets ports on a terminal", () => {
  it("prints a readable table, with no progress bar when stderr is not a TTY", () => {
    const r = run(["ports", "--count", "100"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    for (const h of ["Allocation: 100 sockets per call", "TCP bind(0)", "Exhaustion:", "TIME_WAIT:", "SO_REUSEPORT:", "Parity: TCP bind(0) got 100% odd ports, connect() 100% even"]) {
      expect(r.stdout).toContain(h);
    }
    // The sysctl file separates the two ports with a tab: shown as a space, not a literal \t.
    const sys = read_ip_local_port_range()!;
    expect(r.stdout).toContain(`ip_local_port_range: ${sys.low} ${sys.high}   `);
    expect(r.stdout).not.toContain("\\");
  });

  it("draws a progress bar on a TTY", (ctx) => {
    const probe = spawnSync("script", ["-qfec", "true", "/dev/null"]);
    ctx.skip(probe.error !== undefined || probe.status !== 0, "no pseudo-terminal: util-linux script(1) is needed");
    const r = run(["ports", "--count", "100"], { tty: true });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\r\[#+\.*\] +\d+% /);
    expect(r.stdout).toContain("Allocation: 100 sockets per call");
  });

  it("refuses unknown options and commands with its usage, exit 2", () => {
    for (const args of [["ports", "--frobnicate"], ["nope"], ["ports", "--count", "0"], ["ports", "--exhaust-range", "5-3"]]) {
      const r = run(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain("usage: berkeley-sockets");
    }
    const h = run(["--help"]);
    expect(h.status).toBe(0);
    expect(h.stdout).toContain("ports");
  });
});

describe("the TypeScript command agrees with examples/ports_probe.c", () => {
  const probe = compileC("examples/ports_probe.c");
  function c(args: string[]): Record<string, unknown>[] {
    const r = spawnSync(probe, args, { encoding: "utf8", timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
  }
  const parity = (a: { odd: number; even: number }) => (a.even === 0 ? "odd" : a.odd === 0 ? "even" : "mixed");

  it("allocation: same calls, same counts, same parity split, same ranges", () => {
    const cAlloc = c(["alloc", String(report.count)]) as unknown as AllocResult[];
    expect(cAlloc.map((a) => a.call)).toEqual(report.alloc.map((a) => a.call));
    cAlloc.forEach((ca, i) => {
      const ta = report.alloc[i]!;
      expect([ca.call, ca.count, ca.dup, ca.in_range, ca.range, ca.errno]).toEqual([ta.call, ta.count, ta.dup, ta.in_range, ta.range, ta.errno]);
      expect([ca.call, parity(ca)]).toEqual([ta.call, parity(ta)]);
    });
  });

  it("exhaustion: same successes and the same errno per call", (ctx) => {
    ctx.skip(netns !== null, netns ?? "");
    const cEx = c(["exhaust", ...report.exhaust.range.map(String)]) as unknown as ExhaustResult[];
    expect(cEx.map((e) => [e.call, e.range, e.ok, e.errno])).toEqual(report.exhaust.results.map((e) => [e.call, e.range, e.ok, e.errno]));
  });

  it("TIME_WAIT and SO_REUSEPORT: the same outcomes", () => {
    const cTw = c(["timewait"]) as unknown as TimeWaitResult[];
    expect(cTw.map((t) => [t.case, t.before, t.peer, t.time_wait, t.bind, t.errno])).toEqual(
      report.time_wait.map((t) => [t.case, t.before, t.peer, t.time_wait, t.bind, t.errno]),
    );
    const cRp = c(["reuseport", "200"]) as unknown as ReuseportResult[];
    expect(cRp.map((p) => [p.proto, p.n, p.split[0] + p.split[1], p.third_bind, p.errno])).toEqual(
      report.reuseport.map((p) => [p.proto, p.n, p.split[0] + p.split[1], p.third_bind, p.errno]),
    );
    for (const p of cRp) expect(Math.min(...p.split)).toBeGreaterThan(p.n / 10);
  });
});
