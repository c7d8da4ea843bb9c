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
// next Lab (their owner's pid is gone).
import { spawn, spawnSync, type ChildProcess, type SpawnOptions, type SpawnSyncReturns } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
}

interface Iface {
  segment: string;
  ifname: string;
  addr4: string;
  addr6: string;
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

/** Whether smcroute's daemon is installed (scripts/deps.sh installs it). */
export function hasSmcroute(): boolean {
  return !run("smcrouted", ["-v"]).error;
}

/**
 * Deletes namespaces left by labs whose process is gone (killed before its
 * teardown ran). Returns the names it deleted.
 */
export function sweep(): string[] {
  const gone: string[] = [];
  for (const ns of namespaces()) {
    const m = /^bsl-(\d+)-/.exec(ns);
    if (!m || alive(Number(m[1]))) continue;
    removeNamespace(ns);
    gone.push(ns);
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
  private readonly hostsState = new Map<string, HostState>();
  private readonly switches = new Map<string, string>();
  private readonly children = new Set<ChildProcess>();
  private readonly tmp: string;
  private destroyed = false;

  /** Builds the namespaces, bridges, veth pairs, addresses and routes of spec. */
  constructor(spec: LabSpec) {
    const why = labUnavailable();
    if (why !== null) throw new Error(`lab: ${why}`);
    sweep();
    this.spec = spec;
    this.prefix = `${LAB_PREFIX}${process.pid}-${randomBytes(3).toString("hex")}-`;
    this.tmp = mkdtempSync(join(tmpdir(), "bsl-"));
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
    segments.forEach((seg) => {
      const ns = `${this.prefix}sw-${seg}`;
      must("ip", ["netns", "add", ns]);
      this.switches.set(seg, ns);
      // No snooping: with no querier on the segment, the bridge floods multicast like a hub.
      must("ip", ["-n", ns, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0"]);
      must("ip", ["-n", ns, "link", "set", "br0", "up"]);
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
        const addr4 = `10.200.${s + 1}.${index + 10}`;
        const addr6 = `fd00:bc:${s + 1}::${index + 10}`;
        must("ip", ["-n", ns, "addr", "add", `${addr4}/24`, "brd", "+", "dev", ifname]);
        must("ip", ["-n", ns, "-6", "addr", "add", `${addr6}/64`, "dev", ifname, "nodad"]);
        must("ip", ["-n", ns, "link", "set", ifname, "up"]);
        ifaces.push({ segment: seg, ifname, addr4, addr6 });
      });
      // Multicast leaves through the first interface unless a program picks another.
      if (ifaces.length > 0) must("ip", ["-n", ns, "route", "add", "224.0.0.0/4", "dev", "eth0"]);
      this.hostsState.set(name, { ns, index, ifaces });
    });
    if (router !== undefined) this.route(router);
    for (const name of this.hostsState.keys()) this.verify(name);
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
      spawnSync("sleep", ["0.05"]);
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

  /** Runs cmd on host (ip netns exec); the child is killed when the lab is destroyed. */
  spawn(host: string, cmd: string, args: string[], opts: SpawnOptions = {}): ChildProcess {
    const child = spawn("ip", ["netns", "exec", this.ns(host), cmd, ...args], opts);
    this.children.add(child);
    child.on("exit", () => this.children.delete(child));
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

  /** Kills every program started on the lab's hosts and deletes every namespace (and so every link) it made. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const c of this.children) c.kill("SIGKILL");
    for (const ns of namespaces()) if (ns.startsWith(this.prefix)) removeNamespace(ns);
    rmSync(this.tmp, { recursive: true, force: true });
    live.delete(this);
    if (live.size === 0) unhook();
  }
}

/** n hosts h1..hn on one segment "lan". */
export function flatLab(n: number): Lab {
  const hosts: Record<string, string[]> = {};
  for (let i = 1; i <= n; i++) hosts[`h${i}`] = ["lan"];
  return new Lab({ segments: ["lan"], hosts });
}
