// Reading what tcpdump wrote: the pcap file format (pcap-savefile(5)) with
// Ethernet (DLT_EN10MB) or Linux cooked v2 (DLT_LINUX_SLL2, what `tcpdump -i
// any` records) frames, decoded to one summary a packet: who sent it to whom,
// the protocol and ports, its length, and for IGMP and MLD the groups each
// report joins or leaves.

/** An IGMP or MLD record: a host joining or leaving a group, or a querier asking. */
export interface GroupRecord {
  kind: "join" | "leave" | "query";
  group: string;
  /** Source-specific records name their sources. */
  sources?: string[];
}

/** One captured packet, decoded: who sent it to whom, how, how long; for IGMP and MLD, the groups. */
export interface PacketSummary {
  /** Seconds since the epoch, to the microsecond. */
  time: number;
  /** The lab host whose link the frame was on ("?" when unknown). */
  link: string;
  /** From that host's point of view: "out" it sent it, "in" it was delivered to it. */
  dir: "out" | "in";
  src: string;
  dst: string;
  proto: "udp" | "tcp" | "icmp" | "icmp6" | "igmp" | "mld" | "arp" | string;
  sport?: number;
  dport?: number;
  /** The IP packet's length (the frame's, for non-IP). */
  length: number;
  /** TCP flags as tcpdump prints them (S, F, R, P, .), for TCP. */
  flags?: string;
  /** For UDP and TCP: the first bytes of the payload (up to 64). */
  payload?: Buffer;
  /** For IGMP and MLD. */
  groups?: GroupRecord[];
}

/** How to name links: bridge port ifindex → host (SLL2 captures), MAC → host (Ethernet captures). */
export interface LinkNames {
  ports: Map<number, string>;
  macs: Map<string, string>;
  /** The host an Ethernet capture was taken on, if only one. */
  host?: string;
}

const DLT_EN10MB = 1;
const DLT_LINUX_SLL2 = 276;
const PACKET_OUTGOING = 4;

const mac = (b: Buffer, o: number): string => [...b.subarray(o, o + 6)].map((x) => x.toString(16).padStart(2, "0")).join(":");
const ip4 = (b: Buffer, o: number): string => `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`;

function ip6(b: Buffer, o: number): string {
  const w: string[] = [];
  for (let i = 0; i < 16; i += 2) w.push(b.readUInt16BE(o + i).toString(16));
  // The longest run of zero words becomes "::", as inet_ntop writes it.
  let best = -1, bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (w[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && w[j] === "0") j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j;
  }
  if (best < 0) return w.join(":");
  return `${w.slice(0, best).join(":")}::${w.slice(best + bestLen).join(":")}`;
}

const TCP_FLAGS: [number, string][] = [[0x02, "S"], [0x01, "F"], [0x04, "R"], [0x08, "P"], [0x10, "."]];

/** IGMPv3 / MLDv2 record types (RFC 3376, RFC 3810). */
function recordKind(type: number, nsrc: number): "join" | "leave" | null {
  switch (type) {
    case 2: // MODE_IS_EXCLUDE
    case 4: // CHANGE_TO_EXCLUDE_MODE: any-source join (with no sources)
      return "join";
    case 1: // MODE_IS_INCLUDE
    case 5: // ALLOW_NEW_SOURCES: source-specific join
      return nsrc > 0 ? "join" : null;
    case 3: // CHANGE_TO_INCLUDE_MODE: no sources left is a leave
      return nsrc === 0 ? "leave" : "join";
    case 6: // BLOCK_OLD_SOURCES
      return "leave";
    default:
      return null;
  }
}

/**
 * The group records of an IGMPv3 or MLDv2 report at o (the count at o + 6,
 * records from o + 8): type, aux length, source count, then the group and
 * its sources, each alen bytes long.
 */
function records(b: Buffer, o: number, end: number, alen: 4 | 16): GroupRecord[] {
  const addr = alen === 4 ? ip4 : ip6;
  const out: GroupRecord[] = [];
  let r = o + 8;
  for (let n = b.readUInt16BE(o + 6); n > 0 && r + 4 + alen <= end; n--) {
    const nsrc = b.readUInt16BE(r + 2);
    const kind = recordKind(b[r]!, nsrc);
    const sources = Array.from({ length: nsrc }, (_, i) => addr(b, r + 4 + alen + alen * i));
    if (kind) out.push({ kind, group: addr(b, r + 4), ...(nsrc > 0 ? { sources } : {}) });
    r += 4 + alen + alen * nsrc + 4 * b[r + 1]!;
  }
  return out;
}

function igmp(b: Buffer, o: number, end: number): GroupRecord[] {
  const type = b[o]!;
  if (type === 0x11) return [{ kind: "query", group: ip4(b, o + 4) }];
  if (type === 0x12 || type === 0x16) return [{ kind: "join", group: ip4(b, o + 4) }];
  if (type === 0x17) return [{ kind: "leave", group: ip4(b, o + 4) }];
  return type === 0x22 ? records(b, o, end, 4) : [];
}

/** MLD's messages are ICMPv6 types 130-132 and 143; null for any other ICMPv6. */
function mld(b: Buffer, o: number, end: number): GroupRecord[] | null {
  const type = b[o]!;
  if (type === 130) return [{ kind: "query", group: ip6(b, o + 8) }];
  if (type === 131) return [{ kind: "join", group: ip6(b, o + 8) }];
  if (type === 132) return [{ kind: "leave", group: ip6(b, o + 8) }];
  return type === 143 ? records(b, o, end, 16) : null;
}

/** Fills ports, flags and payload from a UDP or TCP header at o. */
function transport(s: PacketSummary, b: Buffer, proto: number, o: number, end: number): void {
  if (proto === 17 && o + 8 <= end) {
    s.proto = "udp";
    s.sport = b.readUInt16BE(o);
    s.dport = b.readUInt16BE(o + 2);
    s.payload = Buffer.from(b.subarray(o + 8, Math.min(end, o + 8 + 64)));
  } else if (proto === 6 && o + 20 <= end) {
    s.proto = "tcp";
    s.sport = b.readUInt16BE(o);
    s.dport = b.readUInt16BE(o + 2);
    s.flags = TCP_FLAGS.filter(([m]) => b[o + 13]! & m).map(([, c]) => c).join("");
    s.payload = Buffer.from(b.subarray(o + (b[o + 12]! >> 4) * 4, Math.min(end, o + (b[o + 12]! >> 4) * 4 + 64)));
  } else if (proto === 1) s.proto = "icmp";
}

/** Decodes the network layer at o (ethertype proto) into s. */
function network(s: PacketSummary, b: Buffer, proto: number, o: number): void {
  if (proto === 0x0800 && o + 20 <= b.length) {
    const hl = (b[o]! & 0x0f) * 4;
    const total = b.readUInt16BE(o + 2);
    const end = Math.min(b.length, o + total);
    s.src = ip4(b, o + 12);
    s.dst = ip4(b, o + 16);
    s.length = total;
    const p = b[o + 9]!;
    s.proto = String(p);
    if (p === 2) {
      s.proto = "igmp";
      s.groups = igmp(b, o + hl, end);
    } else transport(s, b, p, o + hl, end);
  } else if (proto === 0x86dd && o + 40 <= b.length) {
    s.src = ip6(b, o + 8);
    s.dst = ip6(b, o + 24);
    s.length = 40 + b.readUInt16BE(o + 4);
    const end = Math.min(b.length, o + s.length);
    let next = b[o + 6]!;
    let p = o + 40;
    // Hop-by-hop (MLD's router alert), routing, fragment and destination options.
    while ((next === 0 || next === 43 || next === 44 || next === 60) && p + 8 <= end) {
      const len = next === 44 ? 8 : (b[p + 1]! + 1) * 8;
      next = b[p]!;
      p += len;
    }
    s.proto = String(next);
    if (next === 58) {
      const g = mld(b, p, end);
      if (g !== null) {
        s.proto = "mld";
        s.groups = g;
      } else s.proto = "icmp6";
    } else transport(s, b, next, p, end);
  } else if (proto === 0x0806) {
    s.proto = "arp";
    if (o + 28 <= b.length) {
      s.src = ip4(b, o + 14);
      s.dst = ip4(b, o + 24);
    }
  } else s.proto = `0x${proto.toString(16).padStart(4, "0")}`;
}

/**
 * Decodes a pcap file's bytes. A record cut short at the end (tcpdump still
 * writing) is left out.
 */
export function decodePcap(file: Buffer, names: LinkNames): PacketSummary[] {
  if (file.length < 24) return [];
  const magic = file.readUInt32LE(0);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  if (!le && file.readUInt32BE(0) !== 0xa1b2c3d4 && file.readUInt32BE(0) !== 0xa1b23c4d) throw new Error("pcap: not a pcap file");
  const u32 = (o: number): number => (le ? file.readUInt32LE(o) : file.readUInt32BE(o));
  const nano = (le ? magic : file.readUInt32BE(0)) === 0xa1b23c4d;
  const linktype = u32(20) & 0x0fffffff;
  if (linktype !== DLT_EN10MB && linktype !== DLT_LINUX_SLL2) throw new Error(`pcap: link type ${linktype} is not Ethernet or Linux cooked v2`);
  const out: PacketSummary[] = [];
  for (let o = 24; o + 16 <= file.length; ) {
    const incl = u32(o + 8);
    if (o + 16 + incl > file.length) break;
    const b = file.subarray(o + 16, o + 16 + incl);
    const s: PacketSummary = { time: u32(o) + u32(o + 4) / (nano ? 1e9 : 1e6), link: "?", dir: "out", src: "", dst: "", proto: "", length: incl };
    o += 16 + incl;
    let proto: number, net: number;
    if (linktype === DLT_LINUX_SLL2) {
      if (b.length < 20) continue;
      proto = b.readUInt16BE(0);
      const ifindex = b.readUInt32BE(4);
      const host = names.ports.get(ifindex);
      if (host === undefined) continue; // the bridge's own copy of a flooded frame: on no link
      s.link = host;
      // Captured on the switch's port: leaving the port is arriving at the host.
      s.dir = b[10] === PACKET_OUTGOING ? "in" : "out";
      s.src = mac(b, 12);
      net = 20;
    } else {
      if (b.length < 14) continue;
      proto = b.readUInt16BE(12);
      const from = names.macs.get(mac(b, 6));
      s.link = names.host ?? from ?? "?";
      s.dir = names.host === undefined || from === names.host ? "out" : "in";
      s.src = mac(b, 6);
      s.dst = mac(b, 0);
      net = 14;
    }
    s.length = b.length - net;
    network(s, b, proto, net);
    out.push(s);
  }
  return out;
}

/** One line a packet, like tcpdump(8)'s: time, link and direction, addresses, protocol, length. */
export function formatSummary(s: PacketSummary, t0 = 0): string {
  const at = (s.time - t0).toFixed(6);
  const ends = s.sport !== undefined ? `${s.src}.${s.sport} > ${s.dst}.${s.dport}` : `${s.src} > ${s.dst}`;
  const g = s.groups?.map((r) => `${r.kind} ${r.group}${r.sources ? ` from ${r.sources.join(",")}` : ""}`).join(", ");
  return `${at} ${s.link} ${s.dir === "out" ? "->" : "<-"} ${ends} ${s.proto}${s.flags ? ` [${s.flags}]` : ""} ${s.length}${g ? ` (${g})` : ""}`;
}

/** The IGMP and MLD joins and leaves a capture saw, by group: which host, when. */
export function groupReports(packets: PacketSummary[]): Map<string, { time: number; host: string; kind: "join" | "leave" }[]> {
  const m = new Map<string, { time: number; host: string; kind: "join" | "leave" }[]>();
  for (const p of packets) {
    if (p.dir !== "out") continue; // a report flooded to other hosts is the same report
    for (const r of p.groups ?? []) {
      if (r.kind === "query") continue;
      const l = m.get(r.group) ?? [];
      l.push({ time: p.time, host: p.link, kind: r.kind });
      m.set(r.group, l);
    }
  }
  return m;
}
