// The experiment behind `berkeley-sockets ports`: how Linux hands out
// ephemeral ports, shown by making the calls and looking at what comes back.
// examples/ports_probe.c makes the same calls in the same order; the two are
// compared by test/ports-cli.test.ts. Every address is 127.0.0.1.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { release } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  accept4, AF_INET, bind, close, connect, errno, getsockname, getsockopt, htonl, htons, INADDR_LOOPBACK,
  IP_BIND_ADDRESS_NO_PORT, IP_LOCAL_PORT_RANGE, IP_LOCAL_PORT_RANGE_VALUE, IPPROTO_IP, IPPROTO_TCP, linger, listen, ntohs,
  read_ip_local_port_range, read_ip_local_reserved_ports, read_ip_unprivileged_port_start, recv, sendto, setsockopt,
  SO_LINGER, SO_REUSEADDR, SO_REUSEPORT, SOCK_CLOEXEC, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_STREAM, sizeof, sockaddr_in,
  socket, socklen_t, SOL_SOCKET, strerrorname_np, TCP_CLOSE, TCP_CLOSE_WAIT, TCP_CLOSING, TCP_ESTABLISHED, TCP_FIN_WAIT1,
  TCP_FIN_WAIT2, TCP_INFO, tcp_info, TCP_LAST_ACK, TCP_LISTEN, TCP_SYN_RECV, TCP_SYN_SENT, TCP_TIME_WAIT,
} from "berkeley-sockets";

/** The ways of getting a port that the experiment compares. */
export const CALLS = [
  "tcp_bind", // bind(127.0.0.1:0)
  "udp_bind",
  "tcp_connect", // connect() of an unbound socket to a local listener
  "tcp_bind_connect", // bind(127.0.0.1:0), then connect()
  "tcp_no_port_connect", // IP_BIND_ADDRESS_NO_PORT, bind(127.0.0.1:0), then connect()
  "tcp_range_bind", // IP_LOCAL_PORT_RANGE, then bind(127.0.0.1:0)
  "tcp_range_connect", // IP_LOCAL_PORT_RANGE, then connect()
  "tcp_listen", // listen() of an unbound socket (autobind)
  "udp_connect", // connect() of an unbound UDP socket (autobind)
] as const;
export type Call = (typeof CALLS)[number];
/** The calls of the allocation part, in order; the others are for exhaustion. */
export const ALLOC_CALLS: readonly Call[] = CALLS.slice(0, 7);
export const EXHAUST_CALLS: readonly Call[] = ["tcp_bind", "tcp_listen", "udp_bind", "udp_connect", "tcp_connect"];

export interface AllocResult {
  exp: "alloc";
  call: Call;
  count: number;
  odd: number;
  even: number;
  min: number;
  max: number;
  in_range: number;
  dup: number;
  errno: string;
  range: [number, number];
  ports: number[];
}
export interface ExhaustResult {
  exp: "exhaust";
  call: Call;
  range: [number, number];
  ok: number;
  errno: string;
}
export interface TimeWaitResult {
  exp: "time_wait";
  case: string;
  before: string;
  peer: string;
  time_wait: number;
  bind: number;
  errno: string;
}
export interface ReuseportResult {
  exp: "reuseport";
  proto: "udp" | "tcp";
  n: number;
  split: [number, number];
  third_bind: number;
  errno: string;
}
export interface PortsReport {
  kernel: string;
  sysctl: { ip_local_port_range: string; ip_local_reserved_ports: string; ip_unprivileged_port_start: string };
  range: [number, number];
  count: number;
  alloc: AllocResult[];
  exhaust: { range: [number, number]; skipped: string | null; results: ExhaustResult[] };
  time_wait: TimeWaitResult[];
  reuseport: ReuseportResult[];
  elapsed_ms: number;
}
export interface PortsOptions {
  /** Ports taken by each call of the allocation part. */
  count?: number;
  /** The narrowed range of the exhaustion part (in its own network namespace). */
  exhaustRange?: [number, number];
  /** Clients of the SO_REUSEPORT part. */
  reuseportClients?: number;
  /** Called as the experiment goes, with the fraction done and what runs. */
  progress?: (done: number, what: string) => void;
}

const ERRNO_NAMES = ["EADDRINUSE", "EADDRNOTAVAIL", "EAGAIN", "EINVAL", "EMFILE", "ENOPROTOOPT", "ECONNREFUSED", "EPERM"];
/** errno's name, as the C probe prints it ("" for none, "E?" for one it does not name). */
export function errname(e: number): string {
  if (e === 0) return "";
  const name = strerrorname_np(e);
  return name !== null && ERRNO_NAMES.includes(name) ? name : "E?";
}

const STATES: [name: string, value: number][] = [
  ["ESTABLISHED", TCP_ESTABLISHED], ["SYN_SENT", TCP_SYN_SENT], ["SYN_RECV", TCP_SYN_RECV], ["FIN_WAIT1", TCP_FIN_WAIT1],
  ["FIN_WAIT2", TCP_FIN_WAIT2], ["TIME_WAIT", TCP_TIME_WAIT], ["CLOSE", TCP_CLOSE], ["CLOSE_WAIT", TCP_CLOSE_WAIT],
  ["LAST_ACK", TCP_LAST_ACK], ["LISTEN", TCP_LISTEN], ["CLOSING", TCP_CLOSING],
];
/** A tcpi_state's name, from the TCP_* constants' values ("?" for none). */
export function stateName(s: number): string {
  return STATES.find(([, v]) => v === s)?.[0] ?? "?";
}

function lo4(port: number): sockaddr_in {
  const a = new sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

const sizeof_sockaddr_in = sizeof(sockaddr_in);

function localPort(fd: number): number {
  const a = new sockaddr_in();
  if (getsockname(fd, a, new socklen_t(sizeof_sockaddr_in)) < 0) return -1;
  return ntohs(a.sin_port);
}

/** Close without TIME_WAIT: SO_LINGER { 1, 0 } makes close() send RST. */
function closeRst(fd: number): void {
  const l = new linger({ l_onoff: 1, l_linger: 0 });
  setsockopt(fd, SOL_SOCKET, SO_LINGER, l, sizeof(l));
  close(fd);
}

function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function listener(port: number, backlog: number): number {
  const fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const a = lo4(port);
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1, 4);
  if (bind(fd, a, sizeof_sockaddr_in) < 0 || listen(fd, backlog) < 0) {
    throw new Error(`listener on 127.0.0.1:${port}: ${errname(errno) || errno}`);
  }
  return fd;
}

/** An option the caller checked with available(): never made up when the headers lack it. */
function option(value: number | undefined, name: string): number {
  if (value === undefined) throw new Error(`${name} is not in this platform's headers`);
  return value;
}

/** Whether this platform's headers have the option call c needs; the allocation part leaves out a call they lack. */
function available(c: Call): boolean {
  if (c === "tcp_no_port_connect") return IP_BIND_ADDRESS_NO_PORT !== undefined;
  if (c === "tcp_range_bind" || c === "tcp_range_connect") return IP_LOCAL_PORT_RANGE !== undefined;
  return true;
}

/**
 * One socket that gets a port by call c (connecting to 127.0.0.1:dstPort;
 * the tcp_range_* calls set IP_LOCAL_PORT_RANGE to range first): its
 * descriptor, or -1 with errno set by the call that failed.
 */
function getPort(c: Call, dstPort: number, range: [number, number] = [0, 0]): number {
  const udp = c === "udp_bind" || c === "udp_connect";
  const fd = socket(AF_INET, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const any = lo4(0);
  const dst = lo4(dstPort);
  let r = 0;
  switch (c) {
    case "tcp_bind":
    case "udp_bind":
      r = bind(fd, any, sizeof_sockaddr_in);
      break;
    case "tcp_connect":
    case "udp_connect":
      r = connect(fd, dst, sizeof_sockaddr_in);
      break;
    case "tcp_bind_connect":
      r = bind(fd, any, sizeof_sockaddr_in);
      if (r === 0) r = connect(fd, dst, sizeof_sockaddr_in);
      break;
    case "tcp_no_port_connect":
      setsockopt(fd, IPPROTO_IP, option(IP_BIND_ADDRESS_NO_PORT, "IP_BIND_ADDRESS_NO_PORT"), 1, 4);
      r = bind(fd, any, sizeof_sockaddr_in);
      if (r === 0) r = connect(fd, dst, sizeof_sockaddr_in);
      break;
    case "tcp_range_bind":
    case "tcp_range_connect": {
      const value = new Uint32Array([IP_LOCAL_PORT_RANGE_VALUE(range[0], range[1])]);
      r = setsockopt(fd, IPPROTO_IP, option(IP_LOCAL_PORT_RANGE, "IP_LOCAL_PORT_RANGE"), value, sizeof(value));
      if (r === 0) r = c === "tcp_range_bind" ? bind(fd, any, sizeof_sockaddr_in) : connect(fd, dst, sizeof_sockaddr_in);
      break;
    }
    case "tcp_listen":
      r = listen(fd, 1);
      break;
  }
  if (r < 0) {
    close(fd); // succeeds, so errno stays the failed call's
    return -1;
  }
  return fd;
}

function allocOne(c: Call, k: number, dstPort: number, [lo, hi]: [number, number]): AllocResult {
  const fds: number[] = [];
  const ports: number[] = [];
  const seen = new Set<number>();
  let err = 0;
  let odd = 0;
  let inRange = 0;
  let dup = 0;
  while (fds.length < k) {
    const fd = getPort(c, dstPort, [lo, hi]);
    if (fd < 0) {
      err = errno;
      break;
    }
    fds.push(fd);
    const p = localPort(fd);
    ports.push(p);
    if (p & 1) odd++;
    if (p >= lo && p <= hi) inRange++;
    if (seen.has(p)) dup++;
    seen.add(p);
  }
  for (const fd of fds) closeRst(fd);
  const n = ports.length;
  return {
    exp: "alloc", call: c, count: n, odd, even: n - odd,
    min: n ? Math.min(...ports) : 0, max: n ? Math.max(...ports) : 0,
    in_range: inRange, dup, errno: errname(err), range: [lo, hi], ports,
  };
}

/** The allocation part, in this network namespace (the C probe's `alloc K`). */
export function alloc(k: number, progress?: (done: number, what: string) => void): AllocResult[] {
  const sys = read_ip_local_port_range();
  if (sys === null) throw new Error(`cannot read ip_local_port_range (errno ${errno})`);
  const srv = listener(0, 4096);
  const dst = localPort(srv);
  // The per-socket range of the tcp_range_* calls: the system range's first 4K
  // ports, so bind(0) can have K of its preferred parity even with others in use.
  const narrow: [number, number] = [sys.low, Math.min(sys.low + 4 * k - 1, sys.high)];
  const out: AllocResult[] = [];
  const calls = ALLOC_CALLS.filter(available);
  try {
    calls.forEach((c, i) => {
      progress?.(i / calls.length, c);
      const ranged = c === "tcp_range_bind" || c === "tcp_range_connect";
      out.push(allocOne(c, k, dst, ranged ? narrow : [sys.low, sys.high]));
    });
  } finally {
    close(srv);
  }
  return out;
}

/** The exhaustion part; run only inside a namespace of its own (see netns.ts). */
export function exhaustHere(lo: number, hi: number): ExhaustResult[] {
  const limit = (hi - lo + 1) * 2 + 8;
  // The listener's port is outside the range, so it does not use one up.
  const srv = listener(hi + 1, 64);
  const out: ExhaustResult[] = [];
  for (const c of EXHAUST_CALLS) {
    const fds: number[] = [];
    let err = 0;
    while (fds.length < limit) {
      const fd = getPort(c, hi + 1);
      if (fd < 0) {
        err = errno;
        break;
      }
      fds.push(fd);
    }
    out.push({ exp: "exhaust", call: c, range: [lo, hi], ok: fds.length, errno: errname(err) });
    for (const fd of fds) closeRst(fd);
  }
  close(srv);
  return out;
}

/**
 * Whether this network namespace could reach past the machine: any
 * interface but lo (/proc/net/dev), an IPv4 default route, or an IPv6
 * default route other than the kernel's unreachable one (RTF_REJECT).
 * A namespace fresh from `unshare -n` has none of these.
 */
export function namespaceHasRouteOut(): boolean {
  const devices = readFileSync("/proc/net/dev", "utf8").split("\n").slice(2).map((l) => l.split(":")[0]!.trim());
  if (devices.some((d) => d !== "" && d !== "lo")) return true;
  for (const line of readFileSync("/proc/net/route", "utf8").split("\n").slice(1)) {
    const [iface, dest] = line.trim().split(/\s+/);
    if (iface && iface !== "lo" && dest === "00000000") return true;
  }
  const RTF_REJECT = 0x200;
  for (const line of readFileSync("/proc/net/ipv6_route", "utf8").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (f.length < 10) continue;
    if (f[1] === "00" && f[9] !== "lo" && (parseInt(f[8]!, 16) & RTF_REJECT) === 0) return true;
  }
  return false;
}

/**
 * The exhaustion part, in a new network namespace whose ip_local_port_range
 * is narrowed to lo..hi: a child process runs netns.ts under
 * `unshare -n` (root), or `unshare -rn` (an unprivileged user namespace of
 * its own) where that is refused. Returns the reason instead when neither
 * can be done.
 */
export function exhaust(lo: number, hi: number): { skipped: string | null; results: ExhaustResult[] } {
  const self = fileURLToPath(import.meta.url);
  const ts = self.endsWith(".ts");
  const script = join(dirname(self), ts ? "netns.ts" : "netns.js");
  const args = [...(ts ? ["--import", "tsx"] : []), script, String(lo), String(hi)];
  const failures: string[] = [];
  for (const flags of [["-n"], ["-r", "-n"]]) {
    const r = spawnSync("unshare", [...flags, "--", process.execPath, ...args], { encoding: "utf8", cwd: packageRoot(), timeout: 20_000 });
    if (r.error) return { skipped: `unshare: ${r.error.message}`, results: [] };
    const parsed = r.stdout
      .split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as ExhaustResult | { skipped: string });
    const skip = parsed.find((p): p is { skipped: string } => "skipped" in p);
    if (skip) return { skipped: skip.skipped, results: [] };
    if (r.status === 0 && parsed.length > 0) return { skipped: null, results: parsed as ExhaustResult[] };
    const why = (r.stderr.trim().split("\n").pop() ?? "").trim();
    failures.push(`unshare ${flags.join(" ")}: exit ${r.status}${why ? ` (${why})` : ""}`);
  }
  return { skipped: `no network namespace of its own: ${failures.join("; ")}`, results: [] };
}

/** The installed package's folder (where tsx resolves from, when this runs as TypeScript). */
function packageRoot(): string {
  return dirname(createRequire(import.meta.url).resolve("berkeley-sockets/package.json"));
}

function tcpState(fd: number): number {
  const ti = new tcp_info();
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, ti, new socklen_t(sizeof(ti))) < 0) return -1;
  return ti.tcpi_state;
}

/** TIME_WAIT sockets on a local port, from /proc/net/tcp (state 06). */
export function timeWaitCount(port: number): number {
  let n = 0;
  for (const line of readFileSync("/proc/net/tcp", "utf8").split("\n").slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 4) continue;
    if (parseInt(f[1]!.split(":")[1]!, 16) === port && f[3] === "06") n++;
  }
  return n;
}

/**
 * A server on 127.0.0.1:P accepts one client and closes first (the active
 * close, which leaves TIME_WAIT on P), or with SO_LINGER { 1, 0 } (RST, no
 * TIME_WAIT). Then a new socket binds P, with or without SO_REUSEADDR.
 */
function timeWaitCase(name: string, reuseBefore: boolean, rst: boolean, reuseAfter: boolean): TimeWaitResult {
  const srv = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (reuseBefore) setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, 1, 4);
  bind(srv, lo4(0), sizeof_sockaddr_in);
  listen(srv, 1);
  const port = localPort(srv);
  const cli = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  connect(cli, lo4(port), sizeof_sockaddr_in);
  const acc = accept4(srv, null, null, SOCK_CLOEXEC);
  const before = tcpState(cli);
  if (rst) closeRst(acc);
  else close(acc);
  sleepMs(10);
  const peer = tcpState(cli); // the client saw FIN (CLOSE_WAIT) or RST (CLOSE)
  close(cli);
  close(srv);
  sleepMs(10);
  const tw = timeWaitCount(port);
  const s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (reuseAfter) setsockopt(s, SOL_SOCKET, SO_REUSEADDR, 1, 4);
  const r = bind(s, lo4(port), sizeof_sockaddr_in);
  const e = r < 0 ? errno : 0;
  close(s);
  return { exp: "time_wait", case: name, before: stateName(before), peer: stateName(peer), time_wait: tw, bind: r, errno: errname(e) };
}

/** The TIME_WAIT part (the C probe's `timewait`). */
export function timeWait(): TimeWaitResult[] {
  return [
    timeWaitCase("close", false, false, false),
    timeWaitCase("close_reuseaddr_after", false, false, true),
    timeWaitCase("reuseaddr_close_reuseaddr", true, false, true),
    timeWaitCase("linger_rst", false, true, false),
  ];
}

/** Two sockets with SO_REUSEPORT on one port; n clients; who gets what (the C probe's `reuseport N`). */
export function reuseport(n: number): ReuseportResult[] {
  const out: ReuseportResult[] = [];
  if (SO_REUSEPORT === undefined) return out; // headers older than Linux 3.9: nothing to measure
  const buf = new Uint8Array(8);
  for (const tcp of [false, true]) {
    const type = (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC;
    const s: number[] = [];
    let port = 0;
    for (let i = 0; i < 2; i++) {
      const fd = socket(AF_INET, type | SOCK_NONBLOCK, 0);
      setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, 1, 4);
      if (bind(fd, lo4(port), sizeof_sockaddr_in) < 0) throw new Error(`bind with SO_REUSEPORT: ${errname(errno)}`);
      if (tcp) listen(fd, n);
      port = localPort(fd);
      s.push(fd);
    }
    // A third socket without SO_REUSEPORT is refused.
    const third = socket(AF_INET, type | SOCK_NONBLOCK, 0);
    const a = lo4(port);
    const r = bind(third, a, sizeof_sockaddr_in);
    const e = r < 0 ? errno : 0;
    close(third);
    const got: [number, number] = [0, 0];
    for (let i = 0; i < n; i++) {
      const c = socket(AF_INET, type, 0);
      if (tcp) connect(c, a, sizeof_sockaddr_in);
      else sendto(c, buf, 1, 0, a, sizeof_sockaddr_in);
      for (let j = 0; j < 2; j++) {
        const fd = tcp ? accept4(s[j]!, null, null, SOCK_CLOEXEC) : recv(s[j]!, buf, buf.length, 0);
        if (fd >= 0) {
          got[j]!++;
          if (tcp) closeRst(fd);
        }
      }
      closeRst(c);
    }
    out.push({ exp: "reuseport", proto: tcp ? "tcp" : "udp", n, split: got, third_bind: r, errno: errname(e) });
    close(s[0]!);
    close(s[1]!);
  }
  return out;
}

/** The whole experiment. */
export function runPorts(opts: PortsOptions = {}): PortsReport {
  const t0 = performance.now();
  const count = opts.count ?? 1000;
  const exhaustRange = opts.exhaustRange ?? [40000, 40001];
  const progress = opts.progress ?? (() => {});
  const sys = read_ip_local_port_range();
  const reserved = read_ip_local_reserved_ports();
  const unpriv = read_ip_unprivileged_port_start();
  if (sys === null) throw new Error("cannot read /proc/sys/net/ipv4/ip_local_port_range");
  const allocResults = alloc(count, (d, what) => progress(d * 0.7, what));
  progress(0.7, "exhaustion (own namespace)");
  const ex = exhaust(exhaustRange[0], exhaustRange[1]);
  progress(0.8, "TIME_WAIT");
  const tw = timeWait();
  progress(0.9, "SO_REUSEPORT");
  const rp = reuseport(opts.reuseportClients ?? 200);
  progress(1, "done");
  return {
    kernel: release(),
    sysctl: { ip_local_port_range: sys.text, ip_local_reserved_ports: reserved?.text ?? "", ip_unprivileged_port_start: unpriv?.text ?? "" },
    range: [sys.low, sys.high],
    count,
    alloc: allocResults,
    exhaust: { range: exhaustRange, ...ex },
    time_wait: tw,
    reuseport: rp,
    elapsed_ms: Math.round(performance.now() - t0),
  };
}
