// Node's own dgram and net in the benchmark: the same workloads as
// bench/bench.c, written the way a Node program does them (events, callbacks).
// Usage: node --import tsx bench/node.ts <workload> <n>
// Prints {"ops":n,"seconds":s}. Loopback only. No "calls" (Node has no
// getsockopt) and no batching call: "mmsg" sends 32 datagrams, then awaits 32.
import dgram from "node:dgram";
import { once } from "node:events";
import net from "node:net";
import { measure, type Workload } from "./measure.js";

const MSG = 64;
const CHUNK = 65536;
const BATCH = 32;
const data = Buffer.alloc(CHUNK, 0x78);
const payload = data.subarray(0, MSG);

async function udpSocket(): Promise<dgram.Socket> {
  const s = dgram.createSocket("udp4");
  s.bind(0, "127.0.0.1");
  await once(s, "listening");
  return s;
}

/** A connected TCP pair: [client end, accepted end]. */
async function tcpPair(): Promise<[net.Socket, net.Socket, net.Server]> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as net.AddressInfo).port;
  const accepted = once(server, "connection");
  const c = net.connect(port, "127.0.0.1");
  await once(c, "connect");
  const [s] = (await accepted) as [net.Socket];
  return [c, s, server];
}

/** Resolves after `bytes` bytes have arrived on sock (a stream in flowing mode). */
function receiver(sock: net.Socket): (bytes: number) => Promise<void> {
  let pending = 0;
  let wake: (() => void) | null = null;
  sock.on("data", (chunk: Buffer) => {
    pending -= chunk.length;
    if (pending <= 0 && wake) {
      const w = wake;
      wake = null;
      w();
    }
  });
  return (bytes) =>
    new Promise<void>((resolve) => {
      pending += bytes;
      if (pending <= 0) resolve();
      else wake = resolve;
    });
}

const workloads: Record<string, Workload> = {
  async udp(n) {
    const a = await udpSocket();
    const b = await udpSocket();
    const bPort = b.address().port;
    b.on("message", (msg, rinfo) => b.send(msg, rinfo.port, rinfo.address));
    await new Promise<void>((resolve) => {
      let i = 0;
      a.on("message", () => {
        if (++i === n) resolve();
        else a.send(payload, bPort, "127.0.0.1");
      });
      a.send(payload, bPort, "127.0.0.1");
    });
    a.close();
    b.close();
  },
  async tcp(n) {
    const [c, s, server] = await tcpPair();
    c.setNoDelay(true);
    s.setNoDelay(true);
    const atServer = receiver(s);
    const atClient = receiver(c);
    for (let i = 0; i < n; i++) {
      c.write(payload);
      await atServer(MSG);
      s.write(payload);
      await atClient(MSG);
    }
    c.destroy();
    s.destroy();
    server.close();
  },
  async stream(n) {
    const [c, s, server] = await tcpPair();
    const atServer = receiver(s);
    for (let i = 0; i < n; i++) {
      c.write(data);
      await atServer(CHUNK);
    }
    c.destroy();
    s.destroy();
    server.close();
  },
  async connect(n) {
    const server = net.createServer((s) => s.destroy());
    server.listen(0, "127.0.0.1", 128);
    await once(server, "listening");
    const port = (server.address() as net.AddressInfo).port;
    for (let i = 0; i < n; i++) {
      const accepted = once(server, "connection");
      const c = net.connect(port, "127.0.0.1");
      await once(c, "connect");
      await accepted;
      c.resetAndDestroy(); // SO_LINGER {1, 0}, as the C baseline closes
    }
    server.close();
  },
  async mmsg(n) {
    const rx = await udpSocket();
    const tx = await udpSocket();
    rx.setRecvBufferSize(1 << 22);
    const port = rx.address().port;
    let got = 0;
    let wake: (() => void) | null = null;
    rx.on("message", () => {
      if (++got === BATCH && wake) wake();
    });
    for (let i = 0; i < n; i++) {
      got = 0;
      const batch = new Promise<void>((resolve) => (wake = resolve));
      for (let j = 0; j < BATCH; j++) tx.send(payload, port, "127.0.0.1");
      await batch;
    }
    rx.close();
    tx.close();
  },
};

const [workload, count] = process.argv.slice(2);
await measure("bench/node.ts", workloads, workload, count);
