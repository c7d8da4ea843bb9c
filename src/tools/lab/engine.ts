// The lab's link-impairment engine: one process per segment, running inside
// the segment's switch namespace as `node engine.js QUEUE` with a
// SOCK_SEQPACKET control socket on descriptor 3. iptables rules in the
// switch's FORWARD chain (bridged traffic passes it, br_netfilter) hand every
// frame that crosses the switch to queue QUEUE; the engine decides its fate
// (lost, duplicated, corrupted, held for a delay) from the impairments of the
// segment, the sender's link (the bridge port it came in on) and the
// receiver's link (the port it leaves by), and gives the verdict when its
// time comes. It does what tc-netem does on a kernel that has netem; this
// kernel has not (CONFIG_NET_SCH_NETEM unset), see docs/lab.md.
//
// Control messages (JSON, one per datagram), each answered {ok:true,...} or {error}:
//   {op:"ports", ports:[{ifindex, mac}]}   the switch's ports and the MAC of the host behind each
//   {op:"set", key:"seg"|"out:<ifindex>"|"in:<ifindex>", imp: Impairment | null}
//   {op:"stats"}
// When the control socket closes (the lab is gone, even killed), the engine exits.
import {
  AF_PACKET, EINTR, errno, FD_ISSET, FD_SET, FD_ZERO, fd_set, recv, select, send, sendto, SOCK_RAW, socket, strerror, timeval,
} from "berkeley-sockets";
import { fate, groupOf, type Impairment, LossProcess, type Stages } from "./impairment.js";
import { NF_ACCEPT, NF_DROP, NfQueue, type QueuedPacket } from "./nfqueue.js";

const CTL = 3;

interface Scope {
  imp: Impairment;
  loss: LossProcess;
}

/** A copy waiting for its time: the original's verdict, or a duplicate frame to send. */
interface Held {
  at: number;
  seq: number;
  id: number;
  payload?: Buffer;
  frame?: Buffer;
  ifindex?: number;
}

/** A binary heap ordered by time, then arrival (so equal delays keep their order). */
class Heap {
  private a: Held[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): Held | undefined {
    return this.a[0];
  }
  private less(i: number, j: number): boolean {
    const x = this.a[i]!, y = this.a[j]!;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }
  push(h: Held): void {
    const a = this.a;
    a.push(h);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): Held {
    const a = this.a;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && this.less(l, m)) m = l;
        if (r < a.length && this.less(r, m)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

const queueNum = Number(process.argv[2]);
if (!Number.isInteger(queueNum) || queueNum < 0 || queueNum > 65535) {
  console.error("usage: engine.js QUEUE (with a control socket on fd 3)");
  process.exit(2);
}

const scopes = new Map<string, Scope>();
const macs = new Map<number, Buffer>();
const stageCache = new Map<string, Stages>();
const stats = { seen: 0, lost: 0, duplicated: 0, corrupted: 0, delayed: 0, held: 0, overruns: 0 };
const heap = new Heap();
let seq = 0;

const nfq = new NfQueue(queueNum, 10_000);
const raw = socket(AF_PACKET, SOCK_RAW, 0);
if (raw < 0) throw new Error(`engine: socket(AF_PACKET): ${strerror(errno)}`);

/** The stages a frame from port physin to port physout meets: a link's own setting of a group replaces the segment's. */
function stagesFor(physin: number, physout: number): Stages {
  const key = `${physin}>${physout}`;
  let st = stageCache.get(key);
  if (st !== undefined) return st;
  const own = [scopes.get(`out:${physin}`), scopes.get(`in:${physout}`)].filter((s): s is Scope => s !== undefined);
  const seg = scopes.get("seg");
  const pick = (g: "duplicate" | "loss" | "corrupt" | "delay"): Scope[] => {
    const mine = own.filter((s) => groupOf(s.imp, g) !== undefined);
    return mine.length > 0 ? mine : seg !== undefined && groupOf(seg.imp, g) !== undefined ? [seg] : [];
  };
  st = {
    duplicate: pick("duplicate").map((s) => s.imp),
    loss: pick("loss").map((s) => s.loss),
    corrupt: pick("corrupt").map((s) => s.imp),
    delay: pick("delay").map((s) => s.imp),
  };
  stageCache.set(key, st);
  return st;
}

/** Flips one random bit, as netem's corrupt does. */
function corrupted(payload: Buffer): Buffer {
  const b = Buffer.from(payload);
  if (b.length > 0) b[Math.floor(Math.random() * b.length)]! ^= 1 << Math.floor(Math.random() * 8);
  stats.corrupted++;
  return b;
}

/** The destination MAC a copy of this packet needs when sent straight out of port physout. */
function dstMac(p: QueuedPacket): Buffer | undefined {
  const d = p.payload;
  if (p.proto === 0x0800 && d.length >= 20) {
    if (d[16]! >= 224 && d[16]! <= 239) return Buffer.from([0x01, 0x00, 0x5e, d[17]! & 0x7f, d[18]!, d[19]!]);
    if (d[19] === 255) return Buffer.alloc(6, 0xff); // the lab's /24 broadcast, or 255.255.255.255
  } else if (p.proto === 0x86dd && d.length >= 40 && d[24] === 0xff) {
    return Buffer.from([0x33, 0x33, d[36]!, d[37]!, d[38]!, d[39]!]);
  }
  return macs.get(p.physout);
}

function onPacket(p: QueuedPacket): void {
  stats.seen++;
  const st = stagesFor(p.physin, p.physout);
  if (st.duplicate.length + st.loss.length + st.corrupt.length + st.delay.length === 0) {
    nfq.verdict(p.id, NF_ACCEPT);
    return;
  }
  const copies = fate(st, Math.random);
  if (copies.length === 0) {
    stats.lost++;
    nfq.verdict(p.id, NF_DROP);
    return;
  }
  const now = performance.now();
  copies.forEach((c, i) => {
    const payload = c.corrupt ? corrupted(p.payload) : undefined;
    if (c.delay > 0) stats.delayed++;
    if (i === 0) {
      if (c.delay <= 0) nfq.verdict(p.id, NF_ACCEPT, payload);
      else heap.push({ at: now + c.delay, seq: seq++, id: p.id, payload });
      return;
    }
    // A duplicate: a frame of our own, sent straight out of the receiver's port.
    const dst = dstMac(p);
    const src = p.hwsrc ?? macs.get(p.physin);
    if (p.physout === 0 || dst === undefined || src === undefined) return;
    const eth = Buffer.alloc(14);
    dst.copy(eth, 0);
    src.copy(eth, 6, 0, 6);
    eth.writeUInt16BE(p.proto, 12);
    stats.duplicated++;
    heap.push({ at: now + c.delay, seq: seq++, id: -1, frame: Buffer.concat([eth, payload ?? p.payload]), ifindex: p.physout });
  });
}

/** sockaddr_ll for sendto on an AF_PACKET socket: family and interface index are what a raw send needs. */
function sockaddrLl(ifindex: number): Buffer {
  const a = Buffer.alloc(20);
  a.writeUInt16LE(AF_PACKET, 0);
  a.writeInt32LE(ifindex, 4);
  return a;
}

function release(now: number): void {
  while (heap.size > 0 && heap.peek()!.at <= now) {
    const h = heap.pop();
    if (h.frame !== undefined) sendto(raw, h.frame, h.frame.length, 0, sockaddrLl(h.ifindex!), 20);
    else nfq.verdict(h.id, NF_ACCEPT, h.payload);
  }
  nfq.flush();
}

const ctlBuf = Buffer.alloc(64 * 1024);

function reply(o: object): void {
  const b = Buffer.from(JSON.stringify(o));
  send(CTL, b, b.length, 0);
}

function control(): boolean {
  const n = recv(CTL, ctlBuf, ctlBuf.length, 0);
  if (n === 0) return false;
  if (n < 0) return errno === EINTR;
  let m: { op: string; key?: string; imp?: Impairment | null; ports?: { ifindex: number; mac: string }[] };
  try {
    m = JSON.parse(ctlBuf.toString("utf8", 0, n));
  } catch (e) {
    reply({ error: `bad control message: ${(e as Error).message}` });
    return true;
  }
  if (m.op === "ports") {
    for (const p of m.ports ?? []) macs.set(p.ifindex, Buffer.from(p.mac.split(":").map((x) => parseInt(x, 16))));
    reply({ ok: true });
  } else if (m.op === "set" && typeof m.key === "string") {
    const old = scopes.get(m.key);
    if (m.imp === null || m.imp === undefined) scopes.delete(m.key);
    else if (old !== undefined) {
      // In place: the loss process keeps its state (a burst in progress goes on).
      old.imp = m.imp;
      old.loss.imp = m.imp;
    } else scopes.set(m.key, { imp: m.imp, loss: new LossProcess(m.imp) });
    stageCache.clear();
    reply({ ok: true });
  } else if (m.op === "stats") {
    reply({ ok: true, ...stats, held: heap.size, overruns: nfq.overruns });
  } else reply({ error: `unknown op ${m.op}` });
  return true;
}

const rset = new fd_set();
const tv = new timeval();
const nfds = Math.max(CTL, nfq.fd) + 1;
reply({ ok: true, ready: true, pid: process.pid });
for (;;) {
  const now = performance.now();
  release(now);
  FD_ZERO(rset);
  FD_SET(CTL, rset);
  FD_SET(nfq.fd, rset);
  let timeout: timeval | null = null;
  if (heap.size > 0) {
    const us = Math.max(0, Math.ceil((heap.peek()!.at - now) * 1000));
    tv.tv_sec = Math.floor(us / 1e6);
    tv.tv_usec = us % 1e6;
    timeout = tv;
  }
  const r = select(nfds, rset, null, null, timeout);
  if (r < 0) {
    if (errno === EINTR) continue;
    throw new Error(`engine: select: ${strerror(errno)}`);
  }
  if (r === 0) continue;
  if (FD_ISSET(CTL, rset) && !control()) break;
  if (FD_ISSET(nfq.fd, rset)) nfq.drain(onPacket);
}
nfq.close();
process.exit(0);
