/**
 * Several hosts on one machine, for multicast and broadcast experiments: each
 * host is a Linux network namespace and each segment a bridge in a namespace
 * of its own, joined by veth pairs, so nothing is ever added to the machine's
 * own network namespace, and a host with a default route is refused. Needs
 * root and iproute2 (labUnavailable says what is missing), and smcroute to
 * route multicast between segments. The berkeley-sockets-lab command runs
 * programs on its hosts.
 *
 * @packageDocumentation
 */

// berkeley-sockets/lab: several hosts on one machine, for multicast and
// broadcast experiments. Each host is a Linux network namespace; each segment
// is a bridge inside a namespace of its own (the "switch"), joined to the
// hosts by veth pairs created directly inside the namespaces, so nothing is
// ever added to the machine's own network namespace. A router host can join
// two segments and forward multicast with smcroute (static routes).
//
// Safety: every namespace name carries a per-run prefix (bsl-<pid>-<random>-);
// before a program runs on a host, the lab checks that the host's namespace
// has no default route and no interface it did not create, and refuses
// otherwise. Teardown runs on destroy(), on process exit and on SIGINT/SIGTERM/
// SIGHUP; namespaces left by a run that was killed outright are swept by the
// next Lab (their owner's pid is gone), and so is its temporary directory.
// The lab's own helpers (the link engines, tcpdump, smcrouted) and the
// programs it starts on hosts get SIGKILL (tcpdump SIGTERM) from the kernel
// when the lab's process dies, however it dies (setpriv --pdeathsig).
//
// Faults (see docs/lab.md): impairments of links and segments (./links.ts,
// ./engine.ts), partitions and pulled links, frozen and crashed hosts, fault
// presets by duration (./faults.ts), packet captures (./capture.ts) and the
// bridges' IGMP/MLD snooping; a control socket carries the same commands from
// programs inside the lab (./control.ts).
import { spawn, spawnSync, type ChildProcess, type SpawnOptions, type SpawnSyncReturns, type StdioOptions } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Capture, exited, hasTcpdump, pause } from "./capture.js";
import { runCommand } from "./control.js";
import { Fault, type FaultAction, type FaultKind, type FaultTiming } from "./faults.js";
import { checkImpairment, type Direction, type Impairment } from "./impairment.js";
import { iptables, type Link, Links } from "./links.js";
import type { PacketSummary } from "./pcap.js";

export { control } from "./control.js";
export type { FaultAction, FaultKind, FaultTiming } from "./faults.js";
export { Fault } from "./faults.js";
export type { Direction, GeModel, Impairment } from "./impairment.js";
export { formatNetem, parseNetem } from "./impairment.js";
export type { Link } from "./links.js";
export type { GroupRecord, PacketSummary } from "./pcap.js";
export { formatSummary } from "./pcap.js";
export { Capture } from "./capture.js";

/** The prefix of every namespace a lab creates. */
export const LAB_PREFIX = "bsl-";

/** What a Lab builds: its segments, its hosts and their interfaces, and the routing between them. */
export interface LabSpec {
  /** Segment names; segment k (0-based) is 10.200.(k+1).0/24 and fd00:bc:(k+1)::/64. */
  segments: string[];
  /** Hosts in order, each with the segments it has an interface on (eth0, eth1, ... in that order). */
  hosts: Record<string, string[]>;
  /** A host that forwards unicast between its segments; the others get routes to the other segments through it. */
  router?: string;
  /** Static multicast routes for smcroute on the router: a group sent on segment `from` is forwarded to `to`. */
  mroutes?: { from: string; group: string; to: string[] }[];
  /**
   * IGMP/MLD snooping on every segment's bridge (default off: the bridge
   * floods multicast like a hub). On, the bridge is also the querier and a
   * group's traffic goes only to the ports of hosts that joined it (and the router's).
   */
  snooping?: boolean;
}

/** One entry of a bridge's multicast group table (bridge mdb). */
export interface MdbEntry {
  segment: string;
  group: string;
  /** The host behind the port (or the port's name). */
  host: string;
  port: string;
  /** temp (learnt from a report, times out) or permanent. */
  state: string;
}

/** A process that crash() killed, as restart() will start it again. */
export interface Crashed {
  pid: number;
  argv: string[];
}

interface Iface {
  segment: string;
  ifname: string;
  addr4: string;
  addr6: string;
  /** The bridge port at the switch end, its index there, and the MAC of our end. */
  port: string;
  portIndex: number;
  mac: string;
}

/** How to start a killed process again. */
interface Restartable extends Crashed {
  host: string;
  start: () => ChildProcess;
}

interface HostState {
  ns: string;
  index: number;
  ifaces: Iface[];
}

function run(cmd: string, args: string[], input?: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { encoding: "utf8", input, timeout: 20_000 });
}

function must(cmd: string, args: string[]): string {
  const r = run(cmd, args);
  if (r.status !== 0) throw new Error(`lab: ${cmd} ${args.join(" ")} failed: ${(r.stderr || r.error?.message || "").trim()}`);
  return r.stdout;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The names of every network namespace `ip netns` knows. */
function namespaces(): string[] {
  const r = run("ip", ["netns", "list"]);
  if (r.status !== 0) return [];
  return r.stdout
    .split("\n")
    .map((l) => l.split(" ")[0]!)
    .filter((n) => n.length > 0);
}

/** Kills the processes still inside a namespace (ours: it carries our prefix), then deletes it. */
function removeNamespace(ns: string): void {
  if (!ns.startsWith(LAB_PREFIX)) throw new Error(`lab: refusing to delete namespace ${ns}`);
  const pids = run("ip", ["netns", "pids", ns]);
  for (const p of pids.stdout.split("\n").filter(Boolean)) {
    try {
      process.kill(Number(p), "SIGKILL");
    } catch {
      // already gone
    }
  }
  run("ip", ["netns", "del", ns]);
}

/**
 * Why the lab cannot run here (not root, no iproute2, namespaces not
 * permitted), or null when it can.
 */
export function labUnavailable(): string | null {
  if (process.platform !== "linux") return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return "the lab needs root (ip netns add) and this process is not root";
  const v = run("ip", ["-V"]);
  if (v.error || v.status !== 0) return "iproute2's ip command is missing (scripts/deps.sh installs it)";
  const probe = `${LAB_PREFIX}${process.pid}-probe${randomBytes(2).toString("hex")}`;
  const r = run("ip", ["netns", "add", probe]);
  if (r.status !== 0) return `ip netns add is not permitted here: ${r.stderr.trim()}`;
  run("ip", ["netns", "del", probe]);
  return null;
}

/**
 * Why the lab's faults cannot run here (the lab cannot, or iptables cannot
 * queue packets to a program: the NFQUEUE target of iptables-extensions(8)),
 * or null when they can. Tried in a scratch
 * namespace, which is deleted at once.
 */
export function faultsUnavailable(): string | null {
  const why = labUnavailable();
  if (why !== null) return why;
  const ipt = iptables(false);
  if (run(ipt, ["-V"]).error) return "iptables is missing (scripts/deps.sh installs it)";
  if (run("setpriv", ["--version"]).error) return "setpriv is missing (util-linux; scripts/deps.sh installs it)";
  const probe = `${LAB_PREFIX}${process.pid}-probe${randomBytes(2).toString("hex")}`;
  if (run("ip", ["netns", "add", probe]).status !== 0) return "ip netns add failed";
  try {
    const r = run("ip", ["netns", "exec", probe, ipt, "-A", "FORWARD", "-j", "NFQUEUE", "--queue-num", "0", "--queue-bypass"]);
    if (r.status !== 0) return `the kernel cannot queue packets to a program (iptables -j NFQUEUE: ${r.stderr.trim()})`;
  } finally {
    run("ip", ["netns", "del", probe]);
  }
  return null;
}

/** Whether smcroute's daemon is installed (scripts/deps.sh installs it). */
export function hasSmcroute(): boolean {
  return !run("smcrouted", ["-v"]).error;
}

/** Whether setpriv can tie a helper's life to ours (util-linux; scripts/deps.sh). */
const tether = ((): boolean => !run("setpriv", ["--version"]).error)();

/**
 * Deletes namespaces left by labs whose process is gone (killed before its
 * teardown ran), with every process still in them, and those labs'
 * temporary directories (captures, logs). Returns what it deleted.
 */
export function sweep(): string[] {
  const gone: string[] = [];
  for (const ns of namespaces()) {
    const m = /^bsl-(\d+)-/.exec(ns);
    if (!m || alive(Number(m[1]))) continue;
    removeNamespace(ns);
    gone.push(ns);
  }
  for (const d of readdirSync(tmpdir())) {
    const m = /^bsl-(\d+)-/.exec(d);
    if (!m || alive(Number(m[1]))) continue;
    rmSync(join(tmpdir(), d), { recursive: true, force: true });
    gone.push(join(tmpdir(), d));
  }
  return gone;
}

const live = new Set<Lab>();
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function onExit(): void {
  for (const lab of [...live]) lab.destroy();
}

function onSignal(sig: NodeJS.Signals): void {
  onExit();
  unhook();
  // Die of the signal as the program would have, unless it handles the signal itself.
  if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
}

function hook(): void {
  if (live.size !== 1) return;
  process.on("exit", onExit);
  for (const s of SIGNALS) process.on(s, onSignal);
}

function unhook(): void {
  process.off("exit", onExit);
  for (const s of SIGNALS) process.off(s, onSignal);
}

/**
 * A running lab: the namespaces, bridges, veth pairs, addresses and routes
 * of a LabSpec, built by the constructor and removed by destroy() (or at
 * exit, or on SIGINT/SIGTERM/SIGHUP). Segment k (0-based) is 10.200.(k+1).0/24
 * and fd00:bc:(k+1)::/64; host i (1-based) is .(i+10) on each of its segments.
 */
export class Lab {
  /** This run's namespace prefix: bsl-<pid>-<random>-. */
  readonly prefix: string;
  /** The spec the lab was built from. */
  readonly spec: LabSpec;
  /** This run's temporary directory (bsl-<pid>-...): configuration, logs, captures; removed with the lab. */
  readonly tmp: string;
  private readonly hostsState = new Map<string, HostState>();
  private readonly switches = new Map<string, string>();
  private readonly children = new Set<ChildProcess>();
  /** How each child that spawn() started was started, so that restart() can do it again. */
  private readonly started = new Map<number, { host: string; cmd: string; args: string[]; opts: SpawnOptions }>();
  private readonly crashed = new Map<string, Restartable[]>();
  private readonly captures: Capture[] = [];
  private readonly faults = new Set<Fault>();
  private readonly net: Links;
  private server: Server | null = null;
  private destroyed = false;

  /** Builds the namespaces, bridges, veth pairs, addresses and routes of spec. */
  constructor(spec: LabSpec) {
    const why = labUnavailable();
    if (why !== null) throw new Error(`lab: ${why}`);
    sweep();
    this.spec = spec;
    this.prefix = `${LAB_PREFIX}${process.pid}-${randomBytes(3).toString("hex")}-`;
    this.tmp = mkdtempSync(join(tmpdir(), `${LAB_PREFIX}${process.pid}-`));
    this.net = new Links({
      links: () => this.links(),
      segments: () => this.spec.segments,
      switchNs: (seg) => this.switchNs(seg),
      nsRun: (ns, cmd, args, input) => this.nsRun(ns, cmd, args, input),
      nsSpawn: (ns, cmd, args, stdio) => this.nsSpawn(ns, cmd, args, stdio),
      tmp: this.tmp,
    });
    live.add(this);
    hook();
    try {
      this.build();
    } catch (e) {
      this.destroy();
      throw e;
    }
  }

  private build(): void {
    const { segments, hosts, router } = this.spec;
    const snoop = this.spec.snooping === true;
    const built = Date.now();
    segments.forEach((seg) => {
      const ns = `${this.prefix}sw-${seg}`;
      must("ip", ["netns", "add", ns]);
      this.switches.set(seg, ns);
      // Snooping off: the bridge floods multicast like a hub. On: it is its own
      // querier (asking every second, so membership settles fast) and forwards a
      // group only to ports whose hosts reported it.
      must("ip", ["-n", ns, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0"]);
      must("ip", ["-n", ns, "link", "set", "br0", "up"]);
      if (snoop) this.snoopOn(ns);
    });
    Object.entries(hosts).forEach(([name, segs], i) => {
      const index = i + 1;
      const ns = `${this.prefix}${name}`;
      must("ip", ["netns", "add", ns]);
      must("ip", ["-n", ns, "link", "set", "lo", "up"]);
      const ifaces: Iface[] = [];
      segs.forEach((seg, k) => {
        const s = segments.indexOf(seg);
        if (s < 0) throw new Error(`lab: host ${name} names unknown segment ${seg}`);
        const sw = this.switches.get(seg)!;
        const ifname = `eth${k}`;
        const port = `h${index}p${k}`;
        must("ip", ["link", "add", ifname, "netns", ns, "type", "veth", "peer", "name", port, "netns", sw]);
        must("ip", ["-n", sw, "link", "set", port, "master", "br0", "up"]);
        // The router's ports get every group: smcroute forwards what arrives there.
        if (name === router) must("bridge", ["-n", sw, "link", "set", "dev", port, "mcast_router", "2"]);
        const addr4 = `10.200.${s + 1}.${index + 10}`;
        const addr6 = `fd00:bc:${s + 1}::${index + 10}`;
        must("ip", ["-n", ns, "addr", "add", `${addr4}/24`, "brd", "+", "dev", ifname]);
        must("ip", ["-n", ns, "-6", "addr", "add", `${addr6}/64`, "dev", ifname, "nodad"]);
        must("ip", ["-n", ns, "link", "set", ifname, "up"]);
        const mac = (JSON.parse(must("ip", ["-n", ns, "-j", "link", "show", "dev", ifname])) as { address: string }[])[0]!.address;
        const portIndex = (JSON.parse(must("ip", ["-n", sw, "-j", "link", "show", "dev", port])) as { ifindex: number }[])[0]!.ifindex;
        ifaces.push({ segment: seg, ifname, addr4, addr6, port, portIndex, mac });
      });
      // Multicast leaves through the first interface unless a program picks another.
      if (ifaces.length > 0) must("ip", ["-n", ns, "route", "add", "224.0.0.0/4", "dev", "eth0"]);
      this.hostsState.set(name, { ns, index, ifaces });
    });
    if (router !== undefined) this.route(router);
    for (const name of this.hostsState.keys()) this.verify(name);
    // A bridge counts a querier present only a response interval after it starts asking.
    if (snoop) pause(Math.max(0, built + SNOOP_SETTLE_MS - Date.now()));
  }

  /**
   * Snooping on, with the bridge as its own querier (asking twice a second apart, then
   * every 10 s): the
   * intervals go first, so that the wait before the bridge counts its querier
   * present (one response interval) is already short when the querier starts.
   */
  private snoopOn(sw: string): void {
    this.nsRun(sw, "ip", ["link", "set", "br0", "type", "bridge", "mcast_query_interval", "1000", "mcast_query_response_interval", "100", "mcast_startup_query_interval", "100"]);
    this.nsRun(sw, "ip", ["link", "set", "br0", "type", "bridge", "mcast_snooping", "1", "mcast_querier", "1"]);
  }

  private route(router: string): void {
    const r = this.state(router);
    this.sysctl(router, "net.ipv4.ip_forward", "1");
    this.sysctl(router, "net.ipv6.conf.all.forwarding", "1");
    for (const [name, h] of this.hostsState) {
      if (name === router) continue;
      const via = r.ifaces.find((f) => f.segment === h.ifaces[0]?.segment);
      if (via === undefined) continue;
      for (const f of r.ifaces) {
        if (h.ifaces.some((g) => g.segment === f.segment)) continue;
        const s = this.spec.segments.indexOf(f.segment) + 1;
        must("ip", ["-n", h.ns, "route", "add", `10.200.${s}.0/24`, "via", via.addr4]);
        must("ip", ["-n", h.ns, "-6", "route", "add", `fd00:bc:${s}::/64`, "via", via.addr6]);
      }
    }
    const mroutes = this.spec.mroutes ?? [];
    if (mroutes.length === 0) return;
    if (!hasSmcroute()) throw new Error("lab: smcroute is not installed (scripts/deps.sh installs it)");
    const conf = [
      ...r.ifaces.map((f) => `phyint ${f.ifname} enable`),
      ...mroutes.map((m) => `mroute from ${this.ifname(router, m.from)} group ${m.group} to ${m.to.map((t) => this.ifname(router, t)).join(" ")}`),
    ].join("\n");
    const file = join(this.tmp, "smcroute.conf");
    writeFileSync(file, `${conf}\n`);
    const pidfile = join(this.tmp, "smcroute.pid");
    const ident = `bsl${process.pid}${randomBytes(2).toString("hex")}`;
    const daemon = this.spawn(router, "smcrouted", ["-n", "-N", "-f", file, "-i", ident, "-u", join(this.tmp, "smcroute.sock"), "-P", pidfile, "-l", "info"], {
      stdio: "ignore",
    });
    // smcrouted writes its pid file once the configuration (VIFs, routes) is loaded.
    const deadline = Date.now() + 10_000;
    while (!existsSync(pidfile)) {
      if (Date.now() > deadline) throw new Error(`lab: smcrouted did not start (pid ${daemon.pid})`);
      pause(50);
    }
  }

  private state(host: string): HostState {
    const h = this.hostsState.get(host);
    if (h === undefined) throw new Error(`lab: no host ${host}`);
    return h;
  }

  private iface(host: string, segment: string): Iface {
    const f = this.state(host).ifaces.find((x) => x.segment === segment);
    if (f === undefined) throw new Error(`lab: host ${host} has no interface on segment ${segment}`);
    return f;
  }

  private switchNs(segment: string): string {
    const ns = this.switches.get(segment);
    if (ns === undefined) throw new Error(`lab: no segment ${segment}`);
    return ns;
  }

  /** Runs a command inside one of this lab's namespaces (never anywhere else); throws on failure. */
  private nsRun(ns: string, cmd: string, args: string[], input?: string): string {
    if (this.destroyed) throw new Error("lab: destroyed");
    if (!ns.startsWith(this.prefix)) throw new Error(`lab: refusing to run ${cmd} outside the lab (${ns})`);
    const r = run("ip", ["netns", "exec", ns, cmd, ...args], input);
    if (r.status !== 0) throw new Error(`lab: ${cmd} ${args.join(" ")} in ${ns} failed: ${(r.stderr || r.error?.message || "").trim()}`);
    return r.stdout;
  }

  /** The command line that runs cmd in ns and makes it die with this process. */
  private nsArgv(ns: string, cmd: string, args: string[], signal = "KILL"): string[] {
    return ["netns", "exec", ns, ...(tether ? ["setpriv", "--pdeathsig", signal] : []), cmd, ...args];
  }

  /** Starts one of the lab's helpers in one of its namespaces. */
  private nsSpawn(ns: string, cmd: string, args: string[], stdio: StdioOptions, signal = "KILL"): ChildProcess {
    if (!ns.startsWith(this.prefix)) throw new Error(`lab: refusing to start ${cmd} outside the lab (${ns})`);
    const child = spawn("ip", this.nsArgv(ns, cmd, args, signal), { stdio });
    this.children.add(child);
    child.on("exit", () => this.children.delete(child));
    return child;
  }

  /** Every host interface with both ends of its link. */
  links(): Link[] {
    const out: Link[] = [];
    for (const [host, h] of this.hostsState) {
      for (const f of h.ifaces) {
        out.push({ host, segment: f.segment, ns: h.ns, ifname: f.ifname, sw: this.switchNs(f.segment), port: f.port, ifindex: f.portIndex, mac: f.mac, addr4: f.addr4, addr6: f.addr6 });
      }
    }
    return out;
  }

  /** The host's IPv4 address on a segment. */
  addr(host: string, segment: string): string {
    return this.iface(host, segment).addr4;
  }

  /** The host's IPv6 address on a segment. */
  addr6(host: string, segment: string): string {
    return this.iface(host, segment).addr6;
  }

  /** The host's interface name on a segment (eth0, eth1, ...). */
  ifname(host: string, segment: string): string {
    return this.iface(host, segment).ifname;
  }

  /** The subnet broadcast address of a segment. */
  broadcast(segment: string): string {
    return `10.200.${this.spec.segments.indexOf(segment) + 1}.255`;
  }

  /** The host's namespace name, after checking it is still safe to use. */
  ns(host: string): string {
    this.verify(host);
    return this.state(host).ns;
  }

  /**
   * Refuses a namespace that has a default route or an interface the lab did
   * not create: a packet sent there could leave the machine.
   */
  verify(host: string): void {
    if (this.destroyed) throw new Error("lab: destroyed");
    const h = this.state(host);
    for (const fam of ["-4", "-6"]) {
      const routes = must("ip", ["-n", h.ns, fam, "route", "show", "default"]).trim();
      if (routes !== "") throw new Error(`lab: refusing to use ${h.ns}: it has a default route (${routes})`);
    }
    const expected = new Set(["lo", ...h.ifaces.map((f) => f.ifname)]);
    // Each of ours is a veth whose peer sits in one of this lab's switch namespaces.
    const strangers = must("ip", ["-n", h.ns, "-o", "link", "show"])
      .split("\n")
      .filter(Boolean)
      .filter((l) => {
        const name = l.split(":")[1]!.trim().split("@")[0]!;
        if (!expected.has(name)) return true;
        return name !== "lo" && !l.includes(`link-netns ${this.prefix}sw-`);
      })
      .map((l) => l.split(":")[1]!.trim().split("@")[0]!);
    if (strangers.length > 0) throw new Error(`lab: refusing to use ${h.ns}: interfaces the lab did not create: ${strangers.join(", ")}`);
  }

  /** Sets a sysctl inside the host's namespace. */
  sysctl(host: string, key: string, value: string): void {
    must("ip", ["netns", "exec", this.state(host).ns, "sysctl", "-qw", `${key}=${value}`]);
  }

  /**
   * Runs cmd on host (ip netns exec); the child is killed when the lab is
   * destroyed, and by the kernel if the lab's process dies first.
   */
  spawn(host: string, cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
    const child = spawn("ip", this.nsArgv(this.ns(host), cmd, args), opts);
    this.children.add(child);
    if (child.pid !== undefined) this.started.set(child.pid, { host, cmd, args, opts });
    child.on("exit", () => {
      this.children.delete(child);
      if (child.pid !== undefined) this.started.delete(child.pid);
    });
    return child;
  }

  /** Runs cmd on host to completion. */
  exec(host: string, cmd: string, args: string[], timeoutMs = 20_000): SpawnSyncReturns<string> {
    return spawnSync("ip", ["netns", "exec", this.ns(host), cmd, ...args], { encoding: "utf8", timeout: timeoutMs });
  }

  /** The index of the host's interface on a segment (as if_nametoindex reports it there). */
  ifindex(host: string, segment: string): number {
    const out = must("ip", ["-n", this.state(host).ns, "-o", "link", "show", "dev", this.ifname(host, segment)]);
    return Number(out.split(":")[0]);
  }

  // ---- Impairments ----

  /**
   * Impairs a link or a segment, in place: the fields given change, the others
   * stay, and nothing is torn down (packets held for a delay keep their time).
   * target: a host (its links; direction "out" is what it sends, "in" what it
   * receives, "both" the default), a segment (every frame crossing it, unless
   * a host's own setting of the same kind applies), or "*" (every segment).
   * Percentages and milliseconds: lab.impair("h2", { loss: 10, delay: 20 }).
   */
  impair(target: string, imp: Impairment, direction: Direction = "both"): void {
    if (this.destroyed) throw new Error("lab: destroyed");
    if (direction !== "out" && direction !== "in" && direction !== "both") throw new TypeError(`impair: direction must be "out", "in" or "both", got ${String(direction)}`);
    this.net.impair(target, checkImpairment(imp), direction);
  }

  /** Takes a target's impairments away (every impairment, without a target). */
  clear(target?: string, direction: Direction = "both"): void {
    if (this.destroyed) throw new Error("lab: destroyed");
    this.net.clear(target, direction);
  }

  /** The impairments set now, each with its target, direction and netem spelling. */
  impairments(): ReturnType<Links["impairments"]> {
    return this.net.impairments();
  }

  /** A segment's engine counters (packets seen, lost, duplicated, corrupted, delayed, held now), or null before any impairment. */
  engineStats(segment: string): Record<string, number> | null {
    this.switchNs(segment);
    return this.net.stats(segment);
  }

  // ---- Partitions and links ----

  /**
   * Splits the network: no packet from a host of one group reaches a host of
   * another, directly or through a router, until heal(). Hosts in no group
   * are not affected; a single group is cut from every other host. Returns
   * the partition's id.
   */
  partition(...groups: string[][]): number {
    if (this.destroyed) throw new Error("lab: destroyed");
    if (groups.length === 0 || !groups.every((g) => Array.isArray(g) && g.length > 0 && g.every((h) => typeof h === "string"))) {
      throw new TypeError("partition: give groups of host names, like partition([\"h1\"], [\"h2\", \"h3\"])");
    }
    return this.net.partition(groups);
  }

  /** Ends every partition and brings every link taken down back up. */
  heal(): void {
    if (this.destroyed) throw new Error("lab: destroyed");
    this.net.heal();
  }

  /** The partitions in force. */
  partitions(): string[][][] {
    return this.net.partitioned;
  }

  /** Takes a host's link down at the switch, as if its cable were pulled (the host sees no carrier). */
  down(host: string, segment?: string): void {
    this.net.setLink(host, segment, false);
  }

  /** Brings a host's link back up. */
  up(host: string, segment?: string): void {
    this.net.setLink(host, segment, true);
  }

  // ---- Hosts: freeze, thaw, crash, restart ----

  /** The processes running on a host (in its namespace). */
  pids(host: string): number[] {
    const r = run("ip", ["netns", "pids", this.state(host).ns]);
    return r.stdout.split("\n").filter(Boolean).map(Number);
  }

  private signal(host: string, sig: NodeJS.Signals): number[] {
    const pids = this.pids(host);
    for (const p of pids) {
      try {
        process.kill(p, sig);
      } catch {
        // gone meanwhile
      }
    }
    return pids;
  }

  /** Stops every process on a host (SIGSTOP). Its kernel still answers: TCP acks, ARP, queued datagrams. */
  freeze(host: string): number[] {
    return this.signal(host, "SIGSTOP");
  }

  /** Lets a frozen host's processes run again (SIGCONT). */
  thaw(host: string): number[] {
    return this.signal(host, "SIGCONT");
  }

  /**
   * Kills every process on a host (SIGKILL): its sockets are closed by the
   * kernel, as when a machine's programs crash. Returns what was killed;
   * restart() starts the same programs again.
   */
  crash(host: string): Crashed[] {
    const pids = this.pids(host);
    const set = new Set(pids);
    const parent = (p: number): number => Number(readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
    const roots: Restartable[] = [];
    for (const p of pids) {
      try {
        if (set.has(parent(p))) continue; // its parent is killed too and starts it again, if it did
        roots.push(this.restartable(host, p));
      } catch {
        // gone meanwhile
      }
    }
    this.signal(host, "SIGKILL");
    for (const p of pids) {
      const deadline = Date.now() + 2_000;
      while (!exited(p) && Date.now() < deadline) pause(5);
    }
    this.crashed.set(host, [...(this.crashed.get(host) ?? []), ...roots]);
    return roots.map(({ pid, argv }) => ({ pid, argv }));
  }

  /** How to start process p again: as spawn() started it, or from what /proc says of it. */
  private restartable(host: string, p: number): Restartable {
    const mine = this.started.get(p);
    if (mine !== undefined) {
      return { host, pid: p, argv: [mine.cmd, ...mine.args], start: () => this.spawn(host, mine.cmd, mine.args, mine.opts) };
    }
    const argv = readFileSync(`/proc/${p}/cmdline`, "utf8").split("\0").slice(0, -1);
    const cwd = readlinkSync(`/proc/${p}/cwd`);
    const env = Object.fromEntries(
      readFileSync(`/proc/${p}/environ`, "utf8").split("\0").filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
    );
    // Its standard streams, reopened now (a terminal, a file, a pipe), before the kill closes them.
    const stdio = [0, 1, 2].map((fd) => {
      try {
        return openSync(`/proc/${p}/fd/${fd}`, fd === 0 ? "r" : "a");
      } catch {
        return "ignore" as const;
      }
    });
    return {
      host,
      pid: p,
      argv,
      start: () => {
        try {
          return this.spawn(host, argv[0]!, argv.slice(1), { cwd, env, stdio });
        } finally {
          for (const fd of stdio) if (typeof fd === "number") closeSync(fd);
        }
      },
    };
  }

  /** Starts again what crash() killed on a host; returns the new processes. */
  restart(host: string): ChildProcess[] {
    this.state(host);
    const todo = this.crashed.get(host) ?? [];
    this.crashed.delete(host);
    return todo.map((r) => r.start());
  }

  // ---- Fault presets ----

  /**
   * Runs a fault on a schedule: transient (once, at `at` for `duration` ms),
   * intermittent (`on` ms faulty, `off` ms healthy, `count` times or until
   * stop()), permanent (from `at` on, until stop()). The action is a
   * partition, a link down, a frozen or crashed host, or an impairment.
   */
  fault(kind: FaultKind, action: FaultAction, timing: FaultTiming = {}): Fault {
    if (this.destroyed) throw new Error("lab: destroyed");
    const f = new Fault(kind, action, timing, (a) => this.applyFault(a));
    this.faults.add(f);
    void f.done.then(() => {
      if (kind !== "permanent") this.faults.delete(f);
    });
    return f;
  }

  private applyFault(a: FaultAction): () => void {
    if (this.destroyed) return () => {};
    // The repair, unless the lab is gone by then.
    const repair = (f: () => void) => (): void => {
      if (!this.destroyed) f();
    };
    if ("partition" in a) {
      const id = this.partition(...a.partition);
      return repair(() => this.net.unpartition(id));
    }
    if ("down" in a) {
      this.down(a.down);
      return repair(() => this.up(a.down));
    }
    if ("freeze" in a) {
      this.freeze(a.freeze);
      return repair(() => this.thaw(a.freeze));
    }
    if ("crash" in a) {
      this.crash(a.crash);
      return repair(() => void this.restart(a.crash));
    }
    const before = this.net.snapshot(a.impair, a.direction ?? "both");
    this.impair(a.impair, a.with, a.direction);
    return repair(() => this.net.restore(before));
  }


  // ---- Seeing packets ----

  /**
   * Starts tcpdump on a segment (every port: each frame seen leaving its
   * sender and arriving at each receiver) or on a host's link ("h2", or
   * "r@b" for one link of a host on several segments). It writes file (a
   * temporary file that goes with the lab when none is given).
   */
  startCapture(target: string = this.spec.segments[0]!, file?: string): Capture {
    if (this.destroyed) throw new Error("lab: destroyed");
    if (!hasTcpdump()) throw new Error("lab: tcpdump is not installed (scripts/deps.sh installs it)");
    const links = this.links();
    const ports = new Map(links.map((l) => [l.ifindex, l.host] as [number, string]));
    const macs = new Map(links.map((l) => [l.mac, l.host] as [string, string]));
    let sw: string, iface: string, host: string | undefined;
    if (this.spec.segments.includes(target)) {
      sw = this.switchNs(target);
      iface = "any";
      // Port indexes are per switch: name only this segment's.
      for (const l of links) if (l.segment !== target) ports.delete(l.ifindex);
      for (const l of links) if (l.segment === target) ports.set(l.ifindex, l.host);
    } else {
      const [h, seg] = target.split("@") as [string, string | undefined];
      const l = links.find((x) => x.host === h && (seg === undefined || x.segment === seg));
      if (l === undefined) throw new Error(`lab: nothing to capture called ${target} (a segment, a host, or host@segment)`);
      [sw, iface, host] = [l.sw, l.port, h];
    }
    const n = this.captures.length;
    const out = file ?? join(this.tmp, `capture-${n}-${target.replace(/[^\w@-]/g, "_")}.pcap`);
    const cap = new Capture(target, out, { ports, macs, host }, (args, err) => this.nsSpawn(sw, "tcpdump", args, ["ignore", "ignore", err], "TERM"), iface, join(this.tmp, `capture-${n}.log`));
    this.captures.push(cap);
    return cap;
  }

  /**
   * What the capture on target (the latest one started there; a segment by
   * default) has seen so far, one decoded summary a packet.
   */
  capture(target: string = this.spec.segments[0]!): PacketSummary[] {
    const c = [...this.captures].reverse().find((x) => x.target === target);
    if (c === undefined) throw new Error(`lab: no capture on ${target} (start one with startCapture or --capture)`);
    return c.packets();
  }

  /** Turns IGMP/MLD snooping on or off on a segment's bridge (every segment by default), in place. */
  snooping(on: boolean, segment?: string): void {
    if (this.destroyed) throw new Error("lab: destroyed");
    const segs = segment === undefined ? this.spec.segments : [segment];
    for (const s of segs) {
      if (on) this.snoopOn(this.switchNs(s));
      else this.nsRun(this.switchNs(s), "ip", ["link", "set", "br0", "type", "bridge", "mcast_snooping", "0", "mcast_querier", "0"]);
    }
    // Membership is learnt again from the reports that answer the querier's first queries.
    if (on) pause(SNOOP_SETTLE_MS);
  }

  /** The bridges' multicast group tables: which host's port each group goes to. */
  mdb(segment?: string): MdbEntry[] {
    const segs = segment === undefined ? this.spec.segments : [segment];
    const links = this.links();
    const out: MdbEntry[] = [];
    for (const s of segs) {
      const j = JSON.parse(this.nsRun(this.switchNs(s), "bridge", ["-j", "mdb", "show"]) || "[]") as { mdb?: { port: string; grp: string; state: string }[] }[];
      for (const e of j.flatMap((x) => x.mdb ?? [])) {
        const host = links.find((l) => l.segment === s && l.port === e.port)?.host ?? e.port;
        out.push({ segment: s, group: e.grp, host, port: e.port, state: e.state });
      }
    }
    return out;
  }

  // ---- Control ----

  /** Runs one line of the control language (see control.ts, docs/lab.md); returns its output. */
  command(line: string): string {
    return runCommand(this, line);
  }

  /**
   * Listens on a UNIX socket for control lines (one a connection, or several,
   * one a line), answering "ok" and the output, or "error: ..." — what
   * `berkeley-sockets-lab ctl` and control() speak. Returns the socket's path.
   * The server does not keep the process alive.
   */
  serve(): string {
    const path = join(this.tmp, "control.sock");
    if (this.server !== null) return path;
    if (existsSync(path)) unlinkSync(path);
    this.server = createServer((c) => {
      let buf = "";
      c.setEncoding("utf8");
      const answer = (line: string): void => {
        try {
          const out = this.command(line);
          c.write(`ok\n${out}${out === "" ? "" : "\n"}`);
        } catch (e) {
          c.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
        }
      };
      c.on("data", (d: string) => {
        buf += d;
        for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
          answer(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
      c.on("end", () => {
        if (buf.trim() !== "") answer(buf);
        c.end();
      });
      c.on("error", () => {});
    });
    this.server.listen(path);
    this.server.unref();
    return path;
  }

  /** Kills every program started on the lab's hosts and deletes every namespace (and so every link) it made. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    // Cancel the schedules; their repairs do nothing now (the namespaces go anyway).
    for (const f of this.faults) f.stop();
    this.faults.clear();
    for (const c of this.captures) c.stop();
    this.net.close();
    this.server?.close();
    for (const c of this.children) c.kill("SIGKILL");
    for (const ns of namespaces()) if (ns.startsWith(this.prefix)) removeNamespace(ns);
    rmSync(this.tmp, { recursive: true, force: true });
    live.delete(this);
    if (live.size === 0) unhook();
  }
}

/** How long a snooping bridge takes to count its own querier present and learn members again. */
const SNOOP_SETTLE_MS = 1200;

/** n hosts h1..hn on one segment "lan". */
export function flatLab(n: number, opts: Pick<LabSpec, "snooping"> = {}): Lab {
  const hosts: Record<string, string[]> = {};
  for (let i = 1; i <= n; i++) hosts[`h${i}`] = ["lan"];
  return new Lab({ segments: ["lan"], hosts, ...opts });
}

/**
 * Two segments joined by a router: a (h1..hn), b (b1..bn), router r on both,
 * smcrouted(8) forwarding each group in groups from a to b. What
 * `berkeley-sockets-lab --routed` builds.
 */
export function routedLab(n: number, opts: Pick<LabSpec, "snooping"> & { groups?: string[] } = {}): Lab {
  const hosts: Record<string, string[]> = {};
  for (let i = 1; i <= n; i++) hosts[`h${i}`] = ["a"];
  hosts.r = ["a", "b"];
  for (let i = 1; i <= n; i++) hosts[`b${i}`] = ["b"];
  const mroutes = (opts.groups ?? ["239.1.1.1"]).map((group) => ({ from: "a", group, to: ["b"] }));
  return new Lab({ segments: ["a", "b"], hosts, router: "r", mroutes, snooping: opts.snooping });
}
