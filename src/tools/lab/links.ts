// The lab's links as the kernel sees them, and what can be done to them:
// impairments (an engine per segment fed by an NFQUEUE rule, tbf for rate),
// partitions (iptables rules in the switches) and a link pulled out (the
// switch port down). Everything is done inside the lab's own namespaces, so
// it all goes when they go.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AF_UNIX, close, errno, recv, send, setsockopt, SO_RCVTIMEO, SOCK_SEQPACKET, socketpair, SOL_SOCKET, strerror, timeval,
} from "berkeley-sockets";
import { type Direction, type Group, formatNetem, groupOf, type Impairment, merge } from "./impairment.js";

/** One host's interface on one segment, with both ends of its veth. */
export interface Link {
  host: string;
  segment: string;
  /** The host's namespace and interface (eth0, eth1, ...). */
  ns: string;
  ifname: string;
  /** The switch's namespace and the bridge port at the other end. */
  sw: string;
  port: string;
  /** The port's interface index inside the switch namespace (what NFQUEUE and captures report). */
  ifindex: number;
  /** The MAC address of the host's interface. */
  mac: string;
  addr4: string;
  addr6: string;
}

/** What the lab lends this module: its links, a checked command runner, and a tethered spawn. */
export interface LinkHost {
  links(): Link[];
  switchNs(segment: string): string;
  segments(): string[];
  /** Runs a command inside one of the lab's namespaces; throws on failure. */
  nsRun(ns: string, cmd: string, args: string[], input?: string): string;
  /** Starts a helper inside a lab namespace; it dies with the lab process. */
  nsSpawn(ns: string, cmd: string, args: string[], stdio: ("ignore" | "pipe" | number)[]): ChildProcess;
  tmp: string;
}

const here = fileURLToPath(new URL(".", import.meta.url));

/** The engine's JavaScript: beside this file once built; from src/ (tests under tsx/vitest), in dist/. */
function enginePath(): string {
  const built = join(here, "engine.js");
  if (existsSync(built)) return built;
  return join(here, "..", "..", "..", "dist", "tools", "lab", "engine.js");
}

/** iptables through nf_tables where installed under that name (the legacy backend may be missing from the kernel). */
const nftNamed = ((): boolean => !spawnSync("iptables-nft", ["-V"]).error)();

export function iptables(v6: boolean): string {
  return `${v6 ? "ip6tables" : "iptables"}${nftNamed ? "-nft" : ""}`;
}

/** Whether chrt can give a process real-time priority here (root, CAP_SYS_NICE, util-linux). */
const realtime = ((): boolean => spawnSync("chrt", ["-f", "10", "true"]).status === 0)();

/** A segment's engine process, spoken to over a SOCK_SEQPACKET pair, synchronously. */
class Engine {
  private readonly fd: number;
  private readonly child: ChildProcess;
  private readonly buf = Buffer.alloc(64 * 1024);

  constructor(host: LinkHost, readonly segment: string) {
    const sv = new Int32Array(2);
    if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) < 0) throw new Error(`lab: socketpair: ${strerror(errno)}`);
    this.fd = sv[0]!;
    // A hung engine must not hang the lab: every answer comes within 10 s or the call fails.
    setsockopt(this.fd, SOL_SOCKET, SO_RCVTIMEO, new timeval({ tv_sec: 10, tv_usec: 0 }), 16);
    const log = openSync(join(host.tmp, `engine-${segment}.log`), "a");
    try {
      // Real-time priority where allowed: netem does this work in the kernel's softirq, ahead of
      // every process; a busy machine must not stretch a 50 ms delay by its scheduling latency.
      const argv = [process.execPath, enginePath(), "0"];
      if (realtime) argv.unshift("chrt", "-f", "10");
      this.child = host.nsSpawn(host.switchNs(segment), argv[0]!, argv.slice(1), ["ignore", log, log, sv[1]!]);
    } finally {
      close(sv[1]!);
      closeSync(log);
    }
    this.call(null);
    this.call({ op: "ports", ports: host.links().filter((l) => l.segment === segment).map((l) => ({ ifindex: l.ifindex, mac: l.mac })) });
  }

  /** Sends a message (or none) and waits for the answer. */
  call(msg: object | null): Record<string, unknown> {
    if (msg !== null) {
      const b = Buffer.from(JSON.stringify(msg));
      if (send(this.fd, b, b.length, 0) < 0) throw new Error(`lab: engine for ${this.segment}: ${strerror(errno)}`);
    }
    const n = recv(this.fd, this.buf, this.buf.length, 0);
    if (n <= 0) throw new Error(`lab: engine for ${this.segment} did not answer: ${n === 0 ? "it exited" : strerror(errno)}`);
    const r = JSON.parse(this.buf.toString("utf8", 0, n)) as Record<string, unknown>;
    if (r.error !== undefined) throw new Error(`lab: engine for ${this.segment}: ${String(r.error)}`);
    return r;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  close(): void {
    close(this.fd); // the engine sees the end of its control socket and exits
  }
}

/** A scope key of the engine: the segment, or a port's outgoing or incoming side. */
type Key = "seg" | `out:${number}` | `in:${number}`;

/** Where an impairment applies, resolved: a segment and the keys in it. */
interface Place {
  segment: string;
  key: Key;
}

export class Links {
  private readonly engines = new Map<string, Engine>();
  private readonly settings = new Map<string, Map<Key, Impairment>>();
  private readonly rates = new Map<string, number>(); // "ns dev" -> bit/s applied
  private readonly partitions = new Map<number, string[][]>();
  private nextPartition = 1;
  private readonly downed = new Set<string>(); // "segment host"
  private partitionChains = false;

  constructor(private readonly host: LinkHost) {}

  private link(host: string, segment?: string): Link[] {
    const ls = this.host.links().filter((l) => l.host === host && (segment === undefined || l.segment === segment));
    if (ls.length === 0) throw new Error(`lab: no ${segment === undefined ? "host" : `link of host ${host} on segment`} ${segment ?? host}`);
    return ls;
  }

  /** A target is a segment name, a host name (all its links), or "*" (every segment). */
  private places(target: string, dir: Direction): Place[] {
    const segs = this.host.segments();
    if (target === "*") return segs.map((segment) => ({ segment, key: "seg" as Key }));
    if (segs.includes(target)) return [{ segment: target, key: "seg" }];
    const keys = (l: Link): Key[] => (dir === "out" ? [`out:${l.ifindex}`] : dir === "in" ? [`in:${l.ifindex}`] : [`out:${l.ifindex}`, `in:${l.ifindex}`]);
    return this.link(target).flatMap((l) => keys(l).map((key) => ({ segment: l.segment, key })));
  }

  private engine(segment: string): Engine {
    let e = this.engines.get(segment);
    if (e !== undefined) return e;
    e = new Engine(this.host, segment);
    this.engines.set(segment, e);
    // From now on every frame the switch forwards passes the engine; with
    // --queue-bypass a frame goes through untouched if the engine is gone.
    const sw = this.host.switchNs(segment);
    this.host.nsRun(sw, "ip", ["link", "set", "br0", "type", "bridge", "nf_call_iptables", "1", "nf_call_ip6tables", "1"]);
    for (const v6 of [false, true]) this.host.nsRun(sw, iptables(v6), ["-A", "FORWARD", "-j", "NFQUEUE", "--queue-num", "0", "--queue-bypass"]);
    return e;
  }

  /** Sets the fields of imp on target (keeping its other fields), in place, without a gap. */
  impair(target: string, imp: Impairment, dir: Direction): void {
    for (const p of this.places(target, dir)) {
      const seg = this.settings.get(p.segment) ?? new Map<Key, Impairment>();
      this.settings.set(p.segment, seg);
      const next = merge(seg.get(p.key) ?? {}, imp);
      seg.set(p.key, next);
      this.push(p.segment, p.key, next);
    }
    this.applyRates();
  }

  /** Removes every impairment of target (all of them without one). */
  clear(target?: string, dir: Direction = "both"): void {
    const places = target === undefined ? [...this.settings].flatMap(([segment, m]) => [...m.keys()].map((key) => ({ segment, key }))) : this.places(target, dir);
    for (const p of places) {
      if (this.settings.get(p.segment)?.delete(p.key)) this.push(p.segment, p.key, undefined);
    }
    this.applyRates();
  }

  /** What target's keys hold now, for restore() (a fault's end puts back what was there). */
  snapshot(target: string, dir: Direction): { segment: string; key: Key; imp: Impairment | undefined }[] {
    return this.places(target, dir).map((p) => ({ ...p, imp: this.settings.get(p.segment)?.get(p.key) }));
  }

  restore(snap: { segment: string; key: Key; imp: Impairment | undefined }[]): void {
    for (const s of snap) {
      const m = this.settings.get(s.segment) ?? new Map<Key, Impairment>();
      this.settings.set(s.segment, m);
      if (s.imp === undefined) m.delete(s.key);
      else m.set(s.key, s.imp);
      this.push(s.segment, s.key, s.imp);
    }
    this.applyRates();
  }

  /** Sends a key's engine-side impairment (everything but rate) to its segment's engine. */
  private push(segment: string, key: Key, imp: Impairment | undefined): void {
    const { rate: _rate, ...rest } = imp ?? {};
    const engineSide = Object.keys(rest).length > 0 ? rest : undefined;
    if (engineSide === undefined && !this.engines.has(segment)) return;
    this.engine(segment).call({ op: "set", key, imp: engineSide ?? null });
  }

  /**
   * Puts a tbf qdisc wherever a rate is set: a host's outgoing rate on its
   * own interface, an incoming rate (or the segment's) on the switch port
   * toward it. `tc qdisc replace` changes a qdisc in place.
   */
  private applyRates(): void {
    const want = new Map<string, number>();
    for (const l of this.host.links()) {
      const m = this.settings.get(l.segment);
      const out = m?.get(`out:${l.ifindex}`)?.rate;
      const inn = m?.get(`in:${l.ifindex}`)?.rate ?? m?.get("seg")?.rate;
      if (out !== undefined) want.set(`${l.ns} ${l.ifname}`, out);
      if (inn !== undefined) want.set(`${l.sw} ${l.port}`, inn);
    }
    for (const [dev, rate] of want) {
      if (this.rates.get(dev) === rate) continue;
      const [ns, name] = dev.split(" ") as [string, string];
      // Burst: at least two full frames, or 5 ms at the rate; the queue holds up to a second of it.
      const burst = Math.max(3200, Math.ceil(rate / 8 / 200));
      this.host.nsRun(ns, "tc", ["qdisc", "replace", "dev", name, "root", "tbf", "rate", `${rate}bit`, "burst", String(burst), "latency", "1s"]);
      this.rates.set(dev, rate);
    }
    for (const dev of [...this.rates.keys()]) {
      if (want.has(dev)) continue;
      const [ns, name] = dev.split(" ") as [string, string];
      this.host.nsRun(ns, "tc", ["qdisc", "del", "dev", name, "root"]);
      this.rates.delete(dev);
    }
  }

  /** What is set now: one entry a target and direction. */
  impairments(): { target: string; direction: Direction | "segment"; impairment: Impairment; netem: string }[] {
    const out: { target: string; direction: Direction | "segment"; impairment: Impairment; netem: string }[] = [];
    const rank = (k: Key): number => (k === "seg" ? -1 : Number(k.split(":")[1]) * 2 + (k.startsWith("in") ? 1 : 0));
    for (const segment of this.host.segments()) {
      const m = this.settings.get(segment);
      if (m === undefined) continue;
      for (const [key, imp] of [...m].sort((a, b) => rank(a[0]) - rank(b[0]))) {
        if (key === "seg") {
          out.push({ target: segment, direction: "segment", impairment: imp, netem: formatNetem(imp) });
          continue;
        }
        const [dir, ix] = key.split(":") as ["out" | "in", string];
        const l = this.host.links().find((x) => x.segment === segment && x.ifindex === Number(ix))!;
        out.push({ target: `${l.host}@${segment}`, direction: dir, impairment: imp, netem: formatNetem(imp) });
      }
    }
    return out;
  }

  /** The engine's counters on a segment (null when it has none running). */
  stats(segment: string): Record<string, number> | null {
    const e = this.engines.get(segment);
    if (e === undefined) return null;
    const { ok: _ok, ...s } = e.call({ op: "stats" });
    return s as Record<string, number>;
  }

  /** The group settings of one key, for tests and the show command. */
  setting(segment: string, key: Key, g: Group): Impairment | undefined {
    return groupOf(this.settings.get(segment)?.get(key), g);
  }

  /**
   * Cuts the network between groups of hosts: no IP packet from a host of
   * one group reaches a host of another, on any segment, directly or through
   * a router. Hosts named in no group keep talking to everyone. One group
   * alone is cut from every other host.
   */
  partition(groups: string[][]): number {
    const all = [...new Set(this.host.links().map((l) => l.host))];
    for (const g of groups) for (const h of g) if (!all.includes(h)) throw new Error(`lab: partition names unknown host ${h}`);
    const gs = groups.length === 1 ? [groups[0]!, all.filter((h) => !groups[0]!.includes(h))] : groups;
    const seen = new Set<string>();
    for (const h of gs.flat()) {
      if (seen.has(h)) throw new Error(`lab: partition names ${h} in two groups`);
      seen.add(h);
    }
    const id = this.nextPartition++;
    this.partitions.set(id, gs);
    this.writePartitions();
    return id;
  }

  /** Undoes every partition and brings every pulled link back up. */
  heal(): void {
    this.partitions.clear();
    this.writePartitions();
    for (const k of [...this.downed]) {
      const [segment, host] = k.split(" ") as [string, string];
      this.setLink(host, segment, true);
    }
  }

  /** Removes one partition (a fault's end), leaving the others. */
  unpartition(id: number): void {
    if (this.partitions.delete(id)) this.writePartitions();
  }

  /** The partitions in force, each as its groups. */
  get partitioned(): string[][][] {
    return [...this.partitions.values()].map((p) => p.map((g) => [...g]));
  }

  private writePartitions(): void {
    if (this.partitions.size === 0 && !this.partitionChains) return;
    const links = this.host.links();
    for (const segment of this.host.segments()) {
      const sw = this.host.switchNs(segment);
      for (const v6 of [false, true]) {
        const lines = ["*filter"];
        if (!this.partitionChains) lines.push(":LAB-PART - [0:0]", "-I FORWARD 1 -j LAB-PART");
        lines.push("-F LAB-PART");
        [...this.partitions].forEach(([pi, gs]) => {
          gs.forEach((g, gi) => {
            const chain = `LAB-P${pi}-${gi}`;
            lines.push(`:${chain} - [0:0]`, `-F ${chain}`);
            // Where a packet of this group may not go: the ports and addresses of the other groups' hosts.
            for (const other of gs.filter((_, j) => j !== gi).flat()) {
              for (const l of links.filter((x) => x.host === other)) {
                if (l.segment === segment) lines.push(`-A ${chain} -m physdev --physdev-out ${l.port} -j DROP`);
                lines.push(`-A ${chain} -d ${v6 ? l.addr6 : l.addr4} -j DROP`);
              }
            }
            // What a packet of this group looks like: from its hosts' ports, or with their addresses (routed).
            for (const h of g) {
              for (const l of links.filter((x) => x.host === h)) {
                if (l.segment === segment) lines.push(`-A LAB-PART -m physdev --physdev-in ${l.port} -j ${chain}`);
                lines.push(`-A LAB-PART -s ${v6 ? l.addr6 : l.addr4} -j ${chain}`);
              }
            }
          });
        });
        lines.push("COMMIT", "");
        this.host.nsRun(sw, `${iptables(v6)}-restore`, ["--noflush"], lines.join("\n"));
      }
    }
    this.partitionChains = true;
  }

  /** Takes a host's link(s) down at the switch (the cable pulled) or back up. */
  setLink(host: string, segment: string | undefined, up: boolean): void {
    for (const l of this.link(host, segment)) {
      this.host.nsRun(l.sw, "ip", ["link", "set", l.port, up ? "up" : "down"]);
      if (up) this.downed.delete(`${l.segment} ${host}`);
      else this.downed.add(`${l.segment} ${host}`);
    }
  }

  /** The engines' process ids (they run in the switch namespaces). */
  enginePids(): number[] {
    return [...this.engines.values()].map((e) => e.pid).filter((p): p is number => p !== undefined);
  }

  close(): void {
    for (const e of this.engines.values()) e.close();
    this.engines.clear();
  }
}
