// berkeley-sockets in the benchmark: bench/bench.c ported line by line (sync),
// and the same workloads awaited through berkeley-sockets/promises.
// Usage: node --import tsx bench/sockets.ts <workload> <n> sync|promises
// Prints {"ops":n,"seconds":s}. Loopback only.
import {
  accept, AF_INET, bind, close, connect, getsockname, getsockopt, htonl, INADDR_LOOPBACK, IPPROTO_TCP, iovec, linger, listen, mmsghdr,
  MSG_DONTWAIT, msghdr, perror, read, recvfrom, recvmmsg, sendmmsg, sendto, setsockopt, sizeof, SO_LINGER, SO_RCVBUF, SO_SNDBUF, SO_TYPE,
  SOCK_DGRAM, SOCK_STREAM, sockaddr_in, socket, socklen_t, SOL_SOCKET, TCP_NODELAY, write,
} from "../dist/index.js";
import * as P from "../dist/promises.js";
import { measure, type Workload } from "./measure.js";

const MSG = 64;
const CHUNK = 65536;
const BATCH = 32;

function die(what: string): never {
  perror(what);
  process.exit(1);
}

function bound(type: number, addr: sockaddr_in): number {
  const fd = socket(AF_INET, type, 0);
  if (fd < 0) die("socket");
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, addr, sizeof(addr)) < 0) die("bind");
  getsockname(fd, addr, new socklen_t(sizeof(addr)));
  return fd;
}

function readall(fd: number, buf: Uint8Array, n: number): void {
  let got = 0;
  while (got < n) {
    const r = read(fd, buf.subarray(got), n - got);
    if (r <= 0) die("read");
    got += r;
  }
}

async function readallAsync(fd: number, buf: Uint8Array, n: number): Promise<void> {
  let got = 0;
  while (got < n) {
    const r = await P.read(fd, buf.subarray(got), n - got);
    if (r === 0) die("read");
    got += r;
  }
}

/** Two UDP sockets on loopback, b's address, and room for a source address. */
function udpPair(): { a: number; b: number; bAddr: sockaddr_in; from: sockaddr_in; fromlen: socklen_t } {
  const bAddr = new sockaddr_in();
  const a = bound(SOCK_DGRAM, new sockaddr_in());
  const b = bound(SOCK_DGRAM, bAddr);
  return { a, b, bAddr, from: new sockaddr_in(), fromlen: new socklen_t() };
}

/** A connected TCP pair: [client end, accepted end]. */
function tcpPair(): [number, number] {
  const addr = new sockaddr_in();
  const l = bound(SOCK_STREAM, addr);
  if (listen(l, 1) < 0) die("listen");
  const c = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(c, addr, sizeof(addr)) < 0) die("connect");
  const s = accept(l, null, null);
  if (s < 0) die("accept");
  close(l);
  return [c, s];
}

const buf = new Uint8Array(CHUNK);
const data = new Uint8Array(CHUNK).fill(0x78);

const sync: Record<string, Workload> = {
  calls(n) {
    const addr = new sockaddr_in();
    const fd = bound(SOCK_DGRAM, addr);
    const type = new Int32Array(1);
    const len = new socklen_t();
    for (let i = 0; i < n; i++) {
      len.value = sizeof(type);
      if (getsockopt(fd, SOL_SOCKET, SO_TYPE, type, len) < 0) die("getsockopt");
    }
    close(fd);
  },
  udp(n) {
    const { a, b, bAddr, from, fromlen } = udpPair();
    for (let i = 0; i < n; i++) {
      sendto(a, data, MSG, 0, bAddr, sizeof(bAddr));
      fromlen.value = sizeof(from);
      if (recvfrom(b, buf, buf.length, 0, from, fromlen) !== MSG) die("recvfrom");
      sendto(b, buf, MSG, 0, from, fromlen.value);
      fromlen.value = sizeof(from);
      if (recvfrom(a, buf, buf.length, 0, from, fromlen) !== MSG) die("recvfrom");
    }
    close(a);
    close(b);
  },
  tcp(n) {
    const [c, s] = tcpPair();
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, 1, sizeof(1));
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, 1, sizeof(1));
    for (let i = 0; i < n; i++) {
      if (write(c, data, MSG) !== MSG) die("write");
      readall(s, buf, MSG);
      if (write(s, buf, MSG) !== MSG) die("write");
      readall(c, buf, MSG);
    }
    close(c);
    close(s);
  },
  stream(n) {
    const [c, s] = tcpPair();
    // A send buffer that holds a whole chunk: the blocking write never waits for the read.
    setsockopt(c, SOL_SOCKET, SO_SNDBUF, 1 << 20, sizeof(1));
    for (let i = 0; i < n; i++) {
      if (write(c, data, CHUNK) !== CHUNK) die("write");
      readall(s, buf, CHUNK);
    }
    close(c);
    close(s);
  },
  connect(n) {
    const addr = new sockaddr_in();
    const l = bound(SOCK_STREAM, addr);
    const rst = new linger({ l_onoff: 1, l_linger: 0 });
    if (listen(l, 128) < 0) die("listen");
    for (let i = 0; i < n; i++) {
      const c = socket(AF_INET, SOCK_STREAM, 0);
      if (connect(c, addr, sizeof(addr)) < 0) die("connect");
      const s = accept(l, null, null);
      if (s < 0) die("accept");
      setsockopt(c, SOL_SOCKET, SO_LINGER, rst, sizeof(rst));
      close(c);
      close(s);
    }
    close(l);
  },
  mmsg(n) {
    const rxAddr = new sockaddr_in();
    const txAddr = new sockaddr_in();
    const rx = bound(SOCK_DGRAM, rxAddr);
    const tx = bound(SOCK_DGRAM, txAddr);
    setsockopt(rx, SOL_SOCKET, SO_RCVBUF, 1 << 22, sizeof(1));
    const payload = data.subarray(0, MSG);
    const out = Array.from({ length: BATCH }, () => new mmsghdr({ msg_hdr: new msghdr({ msg_name: rxAddr, msg_namelen: sizeof(rxAddr), msg_iov: [new iovec({ iov_base: payload, iov_len: MSG })], msg_iovlen: 1 }) }));
    const inn = Array.from({ length: BATCH }, () => new mmsghdr({ msg_hdr: new msghdr({ msg_iov: [new iovec({ iov_base: new Uint8Array(2048), iov_len: 2048 })], msg_iovlen: 1 }) }));
    for (let i = 0; i < n; i++) {
      if (sendmmsg(tx, out, BATCH, 0) !== BATCH) die("sendmmsg");
      if (recvmmsg(rx, inn, BATCH, MSG_DONTWAIT, null) !== BATCH) die("recvmmsg");
    }
    close(rx);
    close(tx);
  },
};

// The promises entry point: each call awaited, as an async program writes it.
const promises: Record<string, Workload> = {
  async udp(n) {
    const { a, b, bAddr, from, fromlen } = udpPair();
    for (let i = 0; i < n; i++) {
      await P.sendto(a, data, MSG, 0, bAddr, sizeof(bAddr));
      fromlen.value = sizeof(from);
      if ((await P.recvfrom(b, buf, buf.length, 0, from, fromlen)) !== MSG) die("recvfrom");
      await P.sendto(b, buf, MSG, 0, from, fromlen.value);
      fromlen.value = sizeof(from);
      if ((await P.recvfrom(a, buf, buf.length, 0, from, fromlen)) !== MSG) die("recvfrom");
    }
    close(a);
    close(b);
  },
  async tcp(n) {
    const [c, s] = tcpPair();
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, 1, sizeof(1));
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, 1, sizeof(1));
    for (let i = 0; i < n; i++) {
      if ((await P.write(c, data, MSG)) !== MSG) die("write");
      await readallAsync(s, buf, MSG);
      if ((await P.write(s, buf, MSG)) !== MSG) die("write");
      await readallAsync(c, buf, MSG);
    }
    close(c);
    close(s);
  },
  async stream(n) {
    const [c, s] = tcpPair();
    setsockopt(c, SOL_SOCKET, SO_SNDBUF, 1 << 20, sizeof(1));
    for (let i = 0; i < n; i++) {
      if ((await P.write(c, data, CHUNK)) !== CHUNK) die("write");
      await readallAsync(s, buf, CHUNK);
    }
    close(c);
    close(s);
  },
  async connect(n) {
    const addr = new sockaddr_in();
    const l = bound(SOCK_STREAM, addr);
    const rst = new linger({ l_onoff: 1, l_linger: 0 });
    if (listen(l, 128) < 0) die("listen");
    for (let i = 0; i < n; i++) {
      const c = socket(AF_INET, SOCK_STREAM, 0);
      await P.connect(c, addr, sizeof(addr));
      const s = await P.accept(l, null, null);
      setsockopt(c, SOL_SOCKET, SO_LINGER, rst, sizeof(rst));
      close(c);
      close(s);
    }
    close(l);
  },
};

const [workload, count, mode = "sync"] = process.argv.slice(2);
await measure(`bench/sockets.ts (${mode})`, mode === "promises" ? promises : sync, workload, count);
