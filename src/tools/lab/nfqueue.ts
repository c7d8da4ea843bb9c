// The kernel's netfilter queue (NFQUEUE, nfnetlink_queue) spoken over this
// package's own sockets: socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER),
// send() and recv(). An iptables rule `-j NFQUEUE --queue-num N` hands each
// packet to the process bound to queue N, which answers with a verdict
// (accept, possibly with new bytes, or drop), whenever it likes: holding the
// verdict is how the lab delays a packet. Message layouts are those of
// <linux/netlink.h>, <linux/netfilter/nfnetlink.h> and
// <linux/netfilter/nfnetlink_queue.h>; the numbers below are theirs.
import {
  AF_NETLINK, EAGAIN, EINTR, ENOBUFS, errno, MSG_DONTWAIT, recv, send, setsockopt, SO_RCVBUFFORCE, SOCK_RAW, socket, SOL_SOCKET, close, strerror,
} from "berkeley-sockets";

const NETLINK_NETFILTER = 12; // <linux/netlink.h>
const NLM_F_REQUEST = 1;
const NLM_F_ACK = 4;
const NLMSG_ERROR = 2;
const NFNL_SUBSYS_QUEUE = 3;
const NFQNL_MSG_PACKET = 0;
const NFQNL_MSG_VERDICT = 1;
const NFQNL_MSG_CONFIG = 2;
const NFQNL_CFG_CMD_BIND = 1;
const NFQNL_COPY_PACKET = 2;
const NFQA_CFG_CMD = 1;
const NFQA_CFG_PARAMS = 2;
const NFQA_CFG_QUEUE_MAXLEN = 3;
const NFQA_PACKET_HDR = 1;
const NFQA_VERDICT_HDR = 2;
const NFQA_IFINDEX_PHYSINDEV = 7;
const NFQA_IFINDEX_PHYSOUTDEV = 8;
const NFQA_HWADDR = 9;
const NFQA_PAYLOAD = 10;
export const NF_DROP = 0;
export const NF_ACCEPT = 1;

/** A packet the kernel is holding for us until we give its verdict. */
export interface QueuedPacket {
  id: number;
  /** The Ethernet type (0x0800 IPv4, 0x86dd IPv6). */
  proto: number;
  /** The bridge ports it came in on and goes out of (0 when not bridged). */
  physin: number;
  physout: number;
  /** The frame's source MAC, when the kernel knows it. */
  hwsrc: Buffer | null;
  /** The IP packet; a view into the receive buffer, valid until the next drain. */
  payload: Buffer;
}

function attr(type: number, data: Buffer): Buffer {
  const b = Buffer.alloc((4 + data.length + 3) & ~3);
  b.writeUInt16LE(4 + data.length, 0);
  b.writeUInt16LE(type, 2);
  data.copy(b, 4);
  return b;
}

/** A queue bound on this process's network namespace. */
export class NfQueue {
  readonly fd: number;
  private seq = 1;
  private readonly rx = Buffer.alloc(256 * 1024);
  private pending: Buffer[] = [];
  /** Packets the kernel dropped because our receive buffer overflowed. */
  overruns = 0;

  constructor(readonly queue: number, maxlen: number) {
    const fd = socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER);
    if (fd < 0) throw new Error(`nfqueue: socket(AF_NETLINK): ${strerror(errno)}`);
    this.fd = fd;
    // Room for bursts: a packet whose message cannot be queued to us is dropped by the kernel.
    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, 16 << 20, 4);
    const cmd = Buffer.from([NFQNL_CFG_CMD_BIND, 0, 0, 0]);
    this.config([attr(NFQA_CFG_CMD, cmd)]);
    const params = Buffer.alloc(5);
    params.writeUInt32BE(0xffff, 0);
    params[4] = NFQNL_COPY_PACKET;
    const len = Buffer.alloc(4);
    len.writeUInt32BE(maxlen, 0);
    this.config([attr(NFQA_CFG_PARAMS, params), attr(NFQA_CFG_QUEUE_MAXLEN, len)]);
  }

  private message(type: number, flags: number, attrs: Buffer[]): Buffer {
    const body = Buffer.concat([Buffer.from([0, 0, this.queue >> 8, this.queue & 0xff]), ...attrs]);
    const h = Buffer.alloc(16);
    h.writeUInt32LE(16 + body.length, 0);
    h.writeUInt16LE((NFNL_SUBSYS_QUEUE << 8) | type, 4);
    h.writeUInt16LE(NLM_F_REQUEST | flags, 6);
    h.writeUInt32LE(this.seq++, 8);
    return Buffer.concat([h, body]);
  }

  /** Sends a configuration message and waits for the kernel's answer. */
  private config(attrs: Buffer[]): void {
    const m = this.message(NFQNL_MSG_CONFIG, NLM_F_ACK, attrs);
    if (send(this.fd, m, m.length, 0) < 0) throw new Error(`nfqueue: send: ${strerror(errno)}`);
    for (;;) {
      const n = recv(this.fd, this.rx, this.rx.length, 0);
      if (n < 0) throw new Error(`nfqueue: recv: ${strerror(errno)}`);
      if (this.rx.readUInt16LE(4) !== NLMSG_ERROR) continue; // a packet that came first; the rule is not in yet
      const err = -this.rx.readInt32LE(16);
      if (err !== 0) throw new Error(`nfqueue: configuring queue ${this.queue}: ${strerror(err)}`);
      return;
    }
  }

  /** Reads every message waiting, without blocking, and hands each packet to onPacket. */
  drain(onPacket: (p: QueuedPacket) => void): void {
    for (;;) {
      const n = recv(this.fd, this.rx, this.rx.length, MSG_DONTWAIT);
      if (n < 0) {
        if (errno === EAGAIN || errno === EINTR) return;
        if (errno === ENOBUFS) {
          this.overruns++;
          continue;
        }
        throw new Error(`nfqueue: recv: ${strerror(errno)}`);
      }
      for (let off = 0; off + 16 <= n; ) {
        const len = this.rx.readUInt32LE(off);
        if (len < 16 || off + len > n) break;
        if (this.rx.readUInt16LE(off + 4) === ((NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET)) onPacket(this.parse(off + 20, off + len));
        off += (len + 3) & ~3;
      }
    }
  }

  private parse(a: number, end: number): QueuedPacket {
    const rx = this.rx;
    const p: QueuedPacket = { id: 0, proto: 0, physin: 0, physout: 0, hwsrc: null, payload: rx.subarray(0, 0) };
    while (a + 4 <= end) {
      const al = rx.readUInt16LE(a);
      if (al < 4) break;
      const at = rx.readUInt16LE(a + 2) & 0x3fff;
      const v = a + 4;
      if (at === NFQA_PACKET_HDR) {
        p.id = rx.readUInt32BE(v);
        p.proto = rx.readUInt16BE(v + 4);
      } else if (at === NFQA_IFINDEX_PHYSINDEV) p.physin = rx.readUInt32BE(v);
      else if (at === NFQA_IFINDEX_PHYSOUTDEV) p.physout = rx.readUInt32BE(v);
      else if (at === NFQA_HWADDR) p.hwsrc = Buffer.from(rx.subarray(v + 4, v + 4 + rx.readUInt16BE(v)));
      else if (at === NFQA_PAYLOAD) p.payload = rx.subarray(v, a + al);
      a += (al + 3) & ~3;
    }
    return p;
  }

  /** Queues a verdict (with replacement bytes when given); flush() sends them. */
  verdict(id: number, verdict: number, payload?: Buffer): void {
    const v = Buffer.alloc(8);
    v.writeUInt32BE(verdict, 0);
    v.writeUInt32BE(id, 4);
    const attrs = [attr(NFQA_VERDICT_HDR, v)];
    if (payload !== undefined) attrs.push(attr(NFQA_PAYLOAD, payload));
    this.pending.push(this.message(NFQNL_MSG_VERDICT, 0, attrs));
  }

  /** Sends the queued verdicts, many netlink messages to one send(). */
  flush(): void {
    while (this.pending.length > 0) {
      // Stay well under the socket's send limit per call.
      const batch = this.pending.splice(0, 64);
      const m = Buffer.concat(batch);
      if (send(this.fd, m, m.length, 0) < 0 && errno !== EINTR) throw new Error(`nfqueue: send verdicts: ${strerror(errno)}`);
    }
  }

  close(): void {
    close(this.fd);
  }
}
