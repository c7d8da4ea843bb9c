// berkeley-sockets/promises on real loopback sockets: the try → EAGAIN →
// wait → retry loop, rejections that carry errno/code/syscall, close while
// pending, AbortSignal, worker threads, process exit, net.Socket adoption,
// 10,000 waiters, and the async examples.
import { spawn, spawnSync } from "node:child_process";
import { constants as fsConstants, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import dgram from "node:dgram";
import net from "node:net";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import {
  AF_INET, AI_NUMERICHOST, addrinfo, bind, EAI_NONAME, EBADF, EDESTADDRREQ, EFAULT, ECONNREFUSED, errno, F_GETFL, fcntl, fd_set,
  FD_ISSET, FD_SET, getsockname, listen, NI_NUMERICHOST, NI_NUMERICSERV, O_NONBLOCK, epoll_create1, epoll_ctl, EPOLL_CTL_ADD,
  epoll_event, EPOLLIN, pollfd, POLLIN, POLLOUT, POLLRDNORM, send as sendSync, sendto as sendtoSync, sizeof, SOCK_DGRAM,
  SOCK_STREAM, SOCK_NONBLOCK, EINVAL, EOPNOTSUPP, strerrorname_np, select as selectSync, sockaddr_in, sockaddr_un, AF_UNIX, socket, socklen_t, timeval, close as closeSync, ptr, ntohs, MSG_OOB, connect as connectSync,
} from "../src/index.js";
import { getaddrinfo as getaddrinfoSync } from "../src/index.js";
import { EAGAIN, MSG_DONTWAIT, recv as recvSync, socketpair } from "../src/index.js";
import { cast, CMSG_DATA, CMSG_FIRSTHDR, CMSG_SPACE, in_pktinfo, inet_ntoa, iovec, IP_PKTINFO, IPPROTO_IP, msghdr, setsockopt as setsockoptSync } from "../src/index.js";
import * as P from "../src/promises.js";
import { watchers } from "../src/watch.js";
import { compileC, tcpListener as listener, loopback4, peer, root, sock, track, tsx, udpSocket as udp, untrack } from "./helpers.js";

/** A UDP port nobody uses: bound, then closed. */
function closedUdpPort(): sockaddr_in {
  const fd = socket(AF_INET, SOCK_DGRAM, 0);
  const a = loopback4(0);
  bind(fd, a, sizeof(a));
  getsockname(fd, a, new socklen_t(sizeof(a)));
  closeSync(fd);
  return a;
}

/** A port nobody listens on: bound, then closed. */
function closedPort(): sockaddr_in {
  const fd = socket(AF_INET, SOCK_STREAM, 0);
  const a = loopback4(0);
  bind(fd, a, sizeof(a));
  getsockname(fd, a, new socklen_t(sizeof(a)));
  closeSync(fd);
  return a;
}

const tick = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("bad input", () => {
  it("every call rejects for wrong types and lengths, never throws (fs/promises' rule), with the main module's TypeError/RangeError", async () => {
    const b = Buffer.alloc(4);
    const bad = { signal: {} as AbortSignal };
    const calls: [string, () => Promise<number>, ErrorConstructor][] = [
      ["accept", () => P.accept("3" as unknown as number, null, null), TypeError],
      ["accept4", () => P.accept4(0, null, null, 1.5), TypeError],
      ["connect", () => P.connect(0, new sockaddr_in(), 17), RangeError],
      ["read", () => P.read(0, b, 5), RangeError],
      ["write", () => P.write(0, 42 as unknown as Buffer, 1), TypeError],
      ["recv", () => P.recv("3" as unknown as number, b, 4, 0), TypeError],
      ["recv options", () => P.recv(0, b, 4, 0, bad), TypeError],
      ["send", () => P.send(0, {} as Buffer, 1, 0), TypeError],
      ["sendto", () => P.sendto(0, b, 4, 0, new sockaddr_in(), 99), RangeError],
      ["recvfrom", () => P.recvfrom(0, b, 4, 0, new sockaddr_in(), new socklen_t(99)), RangeError],
      ["sendmsg", () => P.sendmsg(0, null as unknown as msghdr, 0), TypeError],
      ["recvmsg", () => P.recvmsg(0, new msghdr(), "0" as unknown as number), TypeError],
      ["close", () => P.close(undefined as unknown as number), TypeError],
      ["select", () => P.select(2000, null, null, null, null), RangeError],
      ["poll", () => P.poll([new pollfd()], 2, 0), RangeError],
      ["epoll_wait", () => P.epoll_wait(0, [], 1, 0), RangeError],
      ["getaddrinfo", () => P.getaddrinfo(1 as unknown as string, null, null, { value: null }), TypeError],
      ["getnameinfo", () => P.getnameinfo(new sockaddr_in(), 16, Buffer.alloc(4), 8, null, 0, 0), RangeError],
      ["getnameinfo options", () => P.getnameinfo(new sockaddr_in(), 16, null, 0, null, 0, 0, 7 as unknown as P.Options), TypeError],
    ];
    for (const [name, call, type] of calls) {
      let p: Promise<number> | undefined;
      expect(() => (p = call()), name).not.toThrow();
      expect(p, name).toBeInstanceOf(Promise);
      const err = await p!.then(() => null, (e: unknown) => e);
      expect(err, name).toBeInstanceOf(type);
      expect((err as Error).message, name).toMatch(new RegExp(`^${name.split(" ")[0]}: `));
    }
    // A left-out argument is named as missing.
    await expect((P.recv as (...a: unknown[]) => Promise<number>)(0)).rejects.toThrow(new TypeError("recv: len is missing (must be an integer)"));
    // Every export is covered.
    const tested = new Set(calls.map(([n]) => n.split(" ")[0]));
    expect(Object.keys(P).filter((k) => typeof (P as Record<string, unknown>)[k] === "function" && !tested.has(k))).toEqual([]);
    expect(watchers()).toBe(0);
  });

  it("a NULL buffer or address with a length reaches the kernel and rejects with EFAULT, as the sync calls return -1/EFAULT", async () => {
    const [a, addr] = udp();
    const [l, la] = listener();
    const efault = { errno: EFAULT, code: "EFAULT" };
    const [c] = udp();
    expect(connectSync(c, addr, sizeof(addr))).toBe(0);
    await expect(P.write(c, null, 4)).rejects.toMatchObject({ ...efault, syscall: "write" });
    await expect(P.send(c, null, 4, 0)).rejects.toMatchObject({ ...efault, syscall: "send" });
    // sendto ignores a NULL address's length (the kernel skips the copy): unconnected UDP says EDESTADDRREQ, as in C.
    expect(sendtoSync(a, "x", 1, 0, null, 16)).toBe(-1);
    expect(errno).toBe(EDESTADDRREQ);
    await expect(P.sendto(a, "x", 1, 0, null, 16)).rejects.toMatchObject({ errno: EDESTADDRREQ, syscall: "sendto" });
    await expect(P.connect(sock(AF_INET, SOCK_STREAM), null, 16)).rejects.toMatchObject({ ...efault, syscall: "connect" });
    // recv into NULL waits like C, then the kernel refuses to copy the datagram out.
    const [b] = udp();
    const q = P.recv(a, null, 4, 0);
    sendtoSync(b, "data", 4, 0, addr, sizeof(addr));
    await expect(q).rejects.toMatchObject({ ...efault, syscall: "recv" });
    // getnameinfo ignores the length of a NULL host, as libc does.
    const serv = Buffer.alloc(16);
    expect(await P.getnameinfo(la, sizeof(la), null, 1025, serv, 16, NI_NUMERICSERV!)).toBe(0);
    expect(serv.toString("latin1", 0, serv.indexOf(0))).toBe(String(ntohs(la.sin_port)));
    void l;
  });
});

describe("single-descriptor calls", () => {
  it("accept, connect, send, recv: a TCP round trip that waits", async () => {
    const [l, a] = listener();
    const c = sock(AF_INET, SOCK_STREAM);
    const peerAddr = new sockaddr_in();
    const peerLen = new socklen_t(sizeof(peerAddr));
    const accepted = P.accept(l, peerAddr, peerLen);
    expect(await P.connect(c, a, sizeof(a))).toBe(0);
    const s = track(await accepted);
    expect(peerLen.value).toBe(16);
    expect(peerAddr.sin_addr.s_addr).toBe(a.sin_addr.s_addr);
    // Blocking still, as the program made them (test/promises-flags.test.ts).
    expect(fcntl(c, F_GETFL) & O_NONBLOCK!).toBe(0);
    expect(fcntl(l, F_GETFL) & O_NONBLOCK!).toBe(0);
    const buf = Buffer.alloc(16);
    const got = P.recv(s, buf, 16, 0);
    expect(watchers()).toBe(1);
    await tick();
    expect(await P.send(c, "hello", 5, 0)).toBe(5);
    expect(await got).toBe(5);
    expect(buf.subarray(0, 5).toString()).toBe("hello");
    expect(watchers()).toBe(0); // closed when nobody waits
    // read/write, and 0 at end of stream.
    const r = P.read(c, buf, 16);
    expect(await P.write(s, "back", 4)).toBe(4);
    expect(await r).toBe(4);
    const eof = P.read(c, buf, 16);
    await P.close(untrack(s));
    expect(await eof).toBe(0);
  });

  it("send/recv-family calls that complete at once leave the flags alone (MSG_DONTWAIT); so do a wait, read/write and connect once settled", async () => {
    const [a, addr] = udp();
    const [b, baddr] = udp();
    const flags = (fd: number) => fcntl(fd, F_GETFL) & O_NONBLOCK!;
    const buf = Buffer.alloc(8);
    const from = new sockaddr_in();
    expect(await P.sendto(b, "now", 3, 0, addr, sizeof(addr))).toBe(3);
    expect(await P.recvfrom(a, buf, 8, 0, from, new socklen_t(sizeof(from)))).toBe(3);
    expect(from.sin_port).toBe(baddr.sin_port);
    expect([flags(a), flags(b)]).toEqual([0, 0]); // still blocking, as the program made them
    // Nothing queued: a blocking descriptor is not blocked on (the event loop runs), then waits.
    let ticked = false;
    const later = P.recv(a, buf, 8, 0);
    setTimeout(() => {
      ticked = true;
      sendtoSync(b, "wait", 4, 0, addr, sizeof(addr));
    }, 20);
    expect(await later).toBe(4);
    expect(ticked).toBe(true);
    expect(flags(a)).toBe(0); // uv_poll_init set it while the call waited; restored when it settled
    // read and write on a socket are recv and send without flags: tried the same way.
    expect(connectSync(b, addr, sizeof(addr))).toBe(0);
    expect(await P.write(b, "wr", 2)).toBe(2);
    expect(flags(b)).toBe(0);
    // connect has no per-call flag: O_NONBLOCK from the first try until it settles.
    const [l, la] = listener();
    const c = sock(AF_INET, SOCK_STREAM);
    expect(await P.connect(c, la, sizeof(la))).toBe(0);
    expect(flags(c)).toBe(0);
    void l;
  });

  it("send waits for room (POLLOUT) while the peer drains 8 MB slowly; accept4 SOCK_NONBLOCK", async () => {
    const [l, a] = listener();
    const c = sock(AF_INET, SOCK_STREAM);
    const accepted = P.accept4(l, null, null, SOCK_NONBLOCK!);
    await P.connect(c, a, sizeof(a));
    const s = track(await accepted);
    expect(fcntl(s, F_GETFL) & O_NONBLOCK!).toBe(O_NONBLOCK);
    const total = 8 * 2 ** 20;
    const data = Buffer.alloc(total);
    for (let i = 0; i < total; i++) data[i] = (i * 7 + (i >> 12)) & 0xff;
    let partial = 0;
    const sender = (async () => {
      for (let off = 0; off < total; ) {
        const n = await P.send(c, data.subarray(off), Math.min(total - off, 1 << 20), 0);
        if (n < Math.min(total - off, 1 << 20)) partial++;
        off += n;
      }
      await P.close(untrack(c));
    })();
    const got = Buffer.alloc(total + 1); // + 1: room to read the end of stream
    let at = 0;
    for (;;) {
      const n = await P.recv(s, got.subarray(at), Math.min(total + 1 - at, 64 * 1024), 0);
      if (n === 0) break;
      at += n;
      if (at % (1 << 20) < 65536) await tick(1); // drain slowly: the sender's buffer fills
    }
    await sender;
    expect(at).toBe(total);
    expect(got.subarray(0, total).equals(data)).toBe(true);
    expect(partial).toBeGreaterThan(0); // some sends were partial: the socket was full
  });

  it("read and write wait on a descriptor that is not a socket (a FIFO)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bs-fifo-"));
    const path = join(dir, "fifo");
    expect(spawnSync("mkfifo", [path]).status).toBe(0);
    // O_RDWR: Linux opens a FIFO without waiting for the other end.
    const fd = track(openSync(path, fsConstants.O_RDWR));
    const buf = Buffer.alloc(8);
    const r = P.read(fd, buf, 8);
    await tick();
    expect(watchers()).toBe(1);
    expect(await P.write(fd, "fifo", 4)).toBe(4);
    expect(await r).toBe(4);
    expect(buf.subarray(0, 4).toString()).toBe("fifo");
    await P.close(untrack(fd));
    rmSync(dir, { recursive: true });
  });

  it("recvfrom/sendto on UDP, with the source address filled in", async () => {
    const [a, addr] = udp();
    const [b, baddr] = udp();
    const buf = Buffer.alloc(32);
    const from = new sockaddr_in();
    const fromlen = new socklen_t(sizeof(from));
    const got = P.recvfrom(a, buf, 32, 0, from, fromlen);
    await tick();
    expect(await P.sendto(b, "dgram", 5, 0, addr, sizeof(addr))).toBe(5);
    expect(await got).toBe(5);
    expect(from.sin_port).toBe(baddr.sin_port);
  });

  it("recvmsg waits for a datagram and fills name, iovecs, control and flags; sendmsg sends it", async () => {
    const [srv, saddr] = udp();
    const [cli] = udp();
    const on = new Int32Array([1]);
    expect(setsockoptSync(srv, IPPROTO_IP, IP_PKTINFO, on, sizeof(on))).toBe(0);
    const from = new sockaddr_in();
    const head = Buffer.alloc(3);
    const tail = Buffer.alloc(16);
    const control = Buffer.alloc(CMSG_SPACE(sizeof(in_pktinfo)));
    const msg = new msghdr({
      msg_name: from, msg_namelen: sizeof(from),
      msg_iov: [new iovec({ iov_base: head, iov_len: head.length }), new iovec({ iov_base: tail, iov_len: tail.length })], msg_iovlen: 2,
      msg_control: control, msg_controllen: control.length,
    });
    const pending = P.recvmsg(srv, msg, 0);
    await new Promise((r) => setTimeout(r, 20));
    const out = new msghdr({ msg_name: saddr, msg_namelen: sizeof(saddr), msg_iov: [new iovec({ iov_base: Buffer.from("hello world"), iov_len: 11 })], msg_iovlen: 1 });
    expect(await P.sendmsg(cli, out, 0)).toBe(11);
    expect(await pending).toBe(11);
    expect(head.toString() + tail.subarray(0, 8).toString()).toBe("hello world");
    expect(msg.msg_namelen).toBe(16);
    expect(from.sin_port).not.toBe(0);
    const c = CMSG_FIRSTHDR(msg)!;
    expect([c.cmsg_level, c.cmsg_type]).toEqual([IPPROTO_IP, IP_PKTINFO]);
    expect(inet_ntoa(cast(in_pktinfo, CMSG_DATA(c)).ipi_addr)).toBe("127.0.0.1");
    expect(msg.msg_flags).toBe(0);
  });

  it("rejects with errno, code and syscall, and leaves the live errno alone", async () => {
    const c = sock(AF_INET, SOCK_STREAM);
    const before = errno;
    const a = closedPort();
    const err = await P.connect(c, a, sizeof(a)).catch((e: P.SocketError) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ errno: ECONNREFUSED, code: "ECONNREFUSED", syscall: "connect" });
    expect((err as Error).message).toBe("ECONNREFUSED: Connection refused, connect");
    expect(errno).toBe(before);
    const fresh = sock(AF_INET, SOCK_STREAM);
    await expect(P.send(fresh, "x", 1, 0)).rejects.toMatchObject({ code: "EPIPE", syscall: "send" });
    await expect(P.accept(9999, null, null)).rejects.toMatchObject({ errno: EBADF, code: "EBADF", syscall: "accept", message: "EBADF: Bad file descriptor, accept" });
    await expect(P.accept4(9999, null, null, 0)).rejects.toMatchObject({ errno: EBADF, syscall: "accept4" });
  });

  it("code is the errno's C name, as strerrorname_np gives it (EOPNOTSUPP, not libuv's ENOTSUP)", async () => {
    const [u] = udp();
    await expect(P.accept(u, null, null)).rejects.toMatchObject({ errno: EOPNOTSUPP, code: "EOPNOTSUPP" });
    expect(strerrorname_np(EOPNOTSUPP)).toBe("EOPNOTSUPP");
  });

  it("connect rejects with EAGAIN when an AF_UNIX listener's backlog is full, as C reports it", async () => {
    const l = sock(AF_UNIX!, SOCK_STREAM);
    const addr = new sockaddr_un();
    addr.sun_family = AF_UNIX!;
    addr.sun_path = `\0berkeley-sockets-backlog-${process.pid}`; // abstract: no file
    expect(bind(l, addr, sizeof(addr))).toBe(0);
    expect(listen(l, 0)).toBe(0);
    let refused: unknown = null;
    for (let i = 0; i < 20 && refused === null; i++) {
      const c = sock(AF_UNIX!, SOCK_STREAM);
      refused = await P.connect(c, addr, sizeof(addr)).then(() => null, (e: unknown) => e);
    }
    expect(refused).toMatchObject({ code: "EAGAIN", syscall: "connect" });
    expect(watchers()).toBe(0);
  });

  it("attributes each failure to its own call when many run at once", async () => {
    const [l, good] = listener();
    const bad = closedPort();
    const fds = Array.from({ length: 40 }, () => sock(AF_INET, SOCK_STREAM));
    const acceptAll = Array.from({ length: 20 }, () => P.accept(l, null, null).then(track));
    const results = await Promise.allSettled(fds.map((fd, i) => (i % 2 ? P.connect(fd, bad, sizeof(bad)) : P.connect(fd, good, sizeof(good)))));
    results.forEach((r, i) => {
      if (i % 2) expect(r).toMatchObject({ status: "rejected", reason: { code: "ECONNREFUSED", syscall: "connect" } });
      else expect(r).toEqual({ status: "fulfilled", value: 0 });
    });
    expect((await Promise.all(acceptAll)).length).toBe(20);
  });

  it("serves many concurrent waiters on one descriptor in order", async () => {
    const [a, addr] = udp();
    const [b] = udp();
    const bufs = Array.from({ length: 5 }, () => Buffer.alloc(8));
    const all = bufs.map((buf) => P.recv(a, buf, 8, 0));
    await tick();
    for (let i = 0; i < 5; i++) sendtoSync(b, `d${i}`, 2, 0, addr, sizeof(addr));
    expect(await Promise.all(all)).toEqual([2, 2, 2, 2, 2]);
    expect(bufs.map((x) => x.subarray(0, 2).toString())).toEqual(["d0", "d1", "d2", "d3", "d4"]);
  });
});

describe("two waits for different events on one descriptor", () => {
  it("the watcher listens for both, then for the one still wanted", async () => {
    const sv = new Int32Array(2);
    expect(socketpair(AF_UNIX!, SOCK_STREAM, 0, sv)).toBe(0);
    const [a, b] = [track(sv[0]!), track(sv[1]!)];
    const chunk = Buffer.alloc(65536, 0x61);
    while (sendSync(a, chunk, chunk.length, MSG_DONTWAIT!) > 0); // until a's send buffer is full
    expect(errno).toBe(EAGAIN);
    const inbuf = Buffer.alloc(8);
    const reading = P.recv(a, inbuf, 8, 0); // POLLIN
    await tick();
    const writing = P.send(a, "more", 4, 0); // POLLOUT: the same watcher, re-armed for both
    await tick();
    expect(watchers()).toBe(1);
    const drain = Buffer.alloc(1 << 20);
    while (recvSync(b, drain, drain.length, MSG_DONTWAIT!) > 0); // room again: the send completes
    expect(await writing).toBe(4);
    expect(watchers()).toBe(1); // re-armed for POLLIN alone: the recv still waits
    expect(sendSync(b, "back", 4, 0)).toBe(4);
    expect(await reading).toBe(4);
    expect(inbuf.subarray(0, 4).toString()).toBe("back");
    expect(watchers()).toBe(0);
  });
});

describe("close while pending", () => {
  it("promises close settles the waiters with EBADF and frees the watcher before reuse", async () => {
    const [a, addr] = udp();
    const pending = [P.recv(a, Buffer.alloc(4), 4, 0), P.recvfrom(a, Buffer.alloc(4), 4, 0, null, null)];
    const pfd = new pollfd({ fd: a, events: POLLIN });
    const polling = P.poll(pfd, 1, -1);
    expect(watchers()).toBe(1);
    const settled = Promise.allSettled([...pending, polling]);
    expect(await P.close(untrack(a))).toBe(0);
    expect(watchers()).toBe(0);
    const results = await settled;
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
    expect(results.map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(["EBADF", "EBADF", "EBADF"]);
    // The number is reused by the next socket: no callback of the old waits fires for it.
    const [n, naddr] = udp();
    expect(n).toBe(a);
    const buf = Buffer.alloc(4);
    const fresh = P.recv(n, buf, 4, 0);
    const [s] = udp();
    sendtoSync(s, "new", 3, 0, naddr, sizeof(naddr));
    expect(await fresh).toBe(3);
    expect(addr.sin_port).not.toBe(naddr.sin_port);
  });

  it("the main module's close does the same", async () => {
    const [a] = udp();
    const p = P.recv(a, Buffer.alloc(4), 4, 0);
    expect(closeSync(untrack(a))).toBe(0);
    await expect(p).rejects.toMatchObject({ errno: EBADF, code: "EBADF", syscall: "recv" });
    expect(watchers()).toBe(0);
  });
});

describe("AbortSignal", () => {
  it("aborting stops the wait and rejects with AbortError; the descriptor stays usable", async () => {
    const [a, addr] = udp();
    const ac = new AbortController();
    const p = P.recv(a, Buffer.alloc(4), 4, 0, { signal: ac.signal });
    expect(watchers()).toBe(1);
    ac.abort(new Error("enough"));
    await expect(p).rejects.toMatchObject({ name: "AbortError", code: "ABORT_ERR", cause: { message: "enough" } });
    expect(watchers()).toBe(0);
    await expect(P.accept(a, null, null, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
    const [b] = udp();
    const buf = Buffer.alloc(4);
    const q = P.recv(a, buf, 4, 0, { signal: AbortSignal.timeout(5000) });
    sendtoSync(b, "ok", 2, 0, addr, sizeof(addr));
    expect(await q).toBe(2);
  });

  it("AbortSignal.timeout cancels a poll", async () => {
    const [a] = udp();
    const t0 = performance.now();
    await expect(P.poll([new pollfd({ fd: a, events: POLLIN })], 1, -1, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ name: "AbortError" });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(40);
    expect(watchers()).toBe(0);
  });
});

describe("multiplexers", () => {
  it("poll waits for data, and times out with 0", async () => {
    const [a, addr] = udp();
    const [b] = udp();
    const fds = [new pollfd({ fd: a, events: POLLIN }), new pollfd({ fd: b, events: POLLIN })];
    const p = P.poll(fds, 2, 5000);
    setTimeout(() => sendtoSync(b, "x", 1, 0, addr, sizeof(addr)), 30);
    expect(await p).toBe(1);
    expect(fds.map((f) => f.revents)).toEqual([POLLIN, 0]);
    const t0 = performance.now();
    expect(await P.poll(fds[1]!, 1, 60)).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    expect(await P.poll([new pollfd({ fd: b, events: POLLOUT })], 1, 0)).toBe(1);
    // POLLRDNORM alone is watched as readability too.
    const norm = new pollfd({ fd: b, events: POLLRDNORM! });
    const q = P.poll(norm, 1, 5000);
    const [c] = udp();
    const baddr = new sockaddr_in();
    getsockname(b, baddr, new socklen_t(sizeof(baddr)));
    setTimeout(() => sendtoSync(c, "y", 1, 0, baddr, sizeof(baddr)), 30);
    expect(await q).toBe(1);
    expect(norm.revents).toBe(POLLRDNORM);
  });

  it("select rewrites the sets and the time left", async () => {
    const [a, addr] = udp();
    const [b] = udp();
    const rset = new fd_set();
    FD_SET(a, rset);
    FD_SET(b, rset);
    const tv = new timeval({ tv_sec: 5, tv_usec: 0 });
    const p = P.select(Math.max(a, b) + 1, rset, null, null, tv);
    setTimeout(() => sendtoSync(b, "x", 1, 0, addr, sizeof(addr)), 30);
    expect(await p).toBe(1);
    expect([FD_ISSET(a, rset), FD_ISSET(b, rset)]).toEqual([1, 0]);
    const left = tv.tv_sec * 1e6 + tv.tv_usec;
    expect(left).toBeLessThan(5e6 - 20e3);
    expect(left).toBeGreaterThan(3e6);
    const empty = new fd_set();
    FD_SET(b, empty);
    const tv2 = new timeval({ tv_sec: 0, tv_usec: 50_000 });
    expect(await P.select(b + 1, empty, null, null, tv2)).toBe(0);
    expect(FD_ISSET(b, empty)).toBe(0);
    expect([tv2.tv_sec, tv2.tv_usec]).toEqual([0, 0]);
  });

  it("select waits for urgent data in exceptfds (POLLPRI underneath)", async () => {
    const [l, a] = listener();
    const c = sock(AF_INET, SOCK_STREAM);
    const accepted = P.accept(l, null, null);
    await P.connect(c, a, sizeof(a));
    const s = track(await accepted);
    const eset = new fd_set();
    FD_SET(s, eset);
    const p = P.select(s + 1, null, null, eset, null);
    setTimeout(() => sendSync(c, "!", 1, MSG_OOB!), 30);
    expect(await p).toBe(1);
    expect(FD_ISSET(s, eset)).toBe(1);
  });

  // Found while fuzzing the promises entry point: a negative timeval waited forever (no watcher, no timer: never settled).
  it("select with a negative timeval rejects with EINVAL, as the sync select returns -1/EINVAL", async () => {
    const [a] = udp();
    const cases: [number, number][] = [[-1, 0], [0, -1], [0, -1_000_000], [1, -1_000_001], [-5, 999_999]];
    for (const [sec, usec] of cases) {
      const set = new fd_set();
      FD_SET(a, set);
      expect(selectSync(a + 1, set, null, null, new timeval({ tv_sec: sec, tv_usec: usec })), `${sec}, ${usec}`).toBe(-1);
      expect(errno).toBe(EINVAL);
      FD_SET(a, set);
      await expect(P.select(a + 1, set, null, null, new timeval({ tv_sec: sec, tv_usec: usec }))).rejects.toMatchObject({ errno: EINVAL, code: "EINVAL", syscall: "select" });
      await expect(P.select(0, null, null, null, new timeval({ tv_sec: sec, tv_usec: usec }))).rejects.toMatchObject({ errno: EINVAL });
    }
    // tv_usec carried into tv_sec: 1 s - 1,000,000 us is a zero timeout, not an error.
    expect(await P.select(0, null, null, null, new timeval({ tv_sec: 1, tv_usec: -1_000_000 }))).toBe(0);
    expect(watchers()).toBe(0);
  });

  // Found while fuzzing the promises entry point: past setTimeout's limit (2^31-1 ms) the timer fired after 1 ms.
  it("select with a timeout beyond 24.8 days waits (does not time out at once)", async () => {
    const ac = new AbortController();
    const tv = new timeval({ tv_sec: 2 ** 32, tv_usec: 0 });
    let settled = false;
    const p = P.select(0, null, null, null, tv, { signal: ac.signal }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(settled).toBe(false);
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: "AbortError", code: "ABORT_ERR" });
    expect(watchers()).toBe(0);
  });

  it("a connected UDP socket's ICMP error reaches a waiting recv as ECONNREFUSED", async () => {
    const [a] = udp();
    const gone = closedUdpPort();
    expect(connectSync(a, gone, sizeof(gone))).toBe(0);
    const p = P.recv(a, Buffer.alloc(4), 4, 0);
    await tick();
    sendSync(a, "x", 1, 0);
    await expect(p).rejects.toMatchObject({ errno: ECONNREFUSED, code: "ECONNREFUSED", syscall: "recv" });
  });

  it("epoll_wait waits on the epoll descriptor", async () => {
    const [a, addr] = udp();
    const [b] = udp();
    const ep = track(epoll_create1(0));
    const ev = new epoll_event({ events: EPOLLIN });
    ev.data.fd = a;
    epoll_ctl(ep, EPOLL_CTL_ADD, a, ev);
    const events = [new epoll_event(), new epoll_event()];
    const p = P.epoll_wait(ep, events, 2, -1);
    setTimeout(() => sendtoSync(b, "x", 1, 0, addr, sizeof(addr)), 30);
    expect(await p).toBe(1);
    expect(events[0]!.data.fd).toBe(a);
    expect(events[0]!.events).toBe(EPOLLIN);
    expect(await P.epoll_wait(ep, events, 2, 30)).toBe(1); // level-triggered: still readable
  });
});

describe("name services on the threadpool", () => {
  it("getaddrinfo and getnameinfo resolve; failures carry the EAI code", async () => {
    const res = new ptr<addrinfo>();
    const hints = new addrinfo({ ai_family: AF_INET, ai_socktype: SOCK_STREAM, ai_flags: AI_NUMERICHOST! });
    expect(await P.getaddrinfo("127.0.0.1", "8080", hints, res)).toBe(0);
    const sa = res.value!.ai_addr as sockaddr_in;
    expect(ntohs(sa.sin_port)).toBe(8080);
    const host = Buffer.alloc(64);
    const serv = Buffer.alloc(16);
    expect(await P.getnameinfo(sa, sizeof(sa), host, 64, serv, 16, NI_NUMERICHOST! | NI_NUMERICSERV!)).toBe(0);
    expect(host.toString("latin1", 0, host.indexOf(0))).toBe("127.0.0.1");
    expect(serv.toString("latin1", 0, serv.indexOf(0))).toBe("8080");
    await expect(P.getaddrinfo("not an address", null, hints, res)).rejects.toMatchObject({ errno: EAI_NONAME, code: "EAI_NONAME", syscall: "getaddrinfo" });
  });
});

describe("name services: a res box that cannot take the list", () => {
  // Found by the fuzzer (seed 99, path p149803): a getter-only res.value made
  // the promise reject with a TypeError after the lookup, not at the call.
  it("getaddrinfo refuses a getter-only, read-only or frozen res before the lookup: TypeError (sync throws, promises reject)", async () => {
    const hints = new addrinfo({ ai_family: AF_INET, ai_socktype: SOCK_STREAM, ai_flags: AI_NUMERICHOST! });
    const boxes: [string, unknown][] = [
      ["getter-only", { get value() { return null; } }],
      ["read-only", Object.defineProperty({}, "value", { value: null, writable: false })],
      ["frozen", Object.freeze(new ptr<addrinfo>())],
      ["non-extensible without value", Object.preventExtensions({})],
    ];
    for (const [what, res] of boxes) {
      await expect(P.getaddrinfo("127.0.0.1", "80", hints, res as ptr<addrinfo>), what).rejects.toThrow(TypeError);
      expect(() => getaddrinfoSync("127.0.0.1", "80", hints, res as ptr<addrinfo>), what).toThrow(TypeError);
    }
    // A setter, an inherited writable value and a plain object still take it.
    let got: unknown = undefined;
    const withSetter = { set value(v: unknown) { got = v; } };
    expect(getaddrinfoSync("127.0.0.1", "80", hints, withSetter as unknown as ptr<addrinfo>)).toBe(0);
    expect(got).toBeInstanceOf(addrinfo);
    const plain: { value: addrinfo | null } = Object.create({ value: null }) as { value: addrinfo | null };
    expect(getaddrinfoSync("127.0.0.1", "80", hints, plain)).toBe(0);
    expect(plain.value).toBeInstanceOf(addrinfo);
  });
});

describe("worker threads and process lifetime", () => {
  const boot = `${root}/test/fixtures/worker-boot.mjs`;
  it("works inside a worker thread, on the worker's own loop", async () => {
    const w = new Worker(boot, { workerData: { mode: "echo" } });
    const [msg] = (await once(w, "message")) as [{ text: string; watchers: number }];
    expect(msg).toEqual({ text: "from a worker", watchers: 0 });
    expect((await once(w, "exit"))[0]).toBe(0);
  });

  it("a worker terminated with a pending wait tears down cleanly", async () => {
    const w = new Worker(boot, { workerData: { mode: "hang" } });
    const [msg] = (await once(w, "message")) as [{ waiting: number }];
    expect(msg.waiting).toBe(1);
    expect(await w.terminate()).toBe(1);
    // The main thread's loop is unaffected.
    const [a, addr] = udp();
    const p = P.recv(a, Buffer.alloc(2), 2, 0);
    sendtoSync(a, "ok", 2, 0, addr, sizeof(addr));
    expect(await p).toBe(2);
  });

  it("a worker calling process.exit from a resumed wait tears down cleanly", async () => {
    const w = new Worker(boot, { workerData: { mode: "exit" } });
    expect((await once(w, "exit"))[0]).toBe(3);
  });

  for (const [mode, out] of [["done", "got 2"], ["pending", ""], ["close", "rejected EBADF"], ["inside", "exiting inside"]] as const) {
    it(`the process exits normally (${mode})`, async () => {
      const child = peer(process.execPath, ["--import", "tsx", `${root}/test/fixtures/exit.ts`, mode]);
      const timer = setTimeout(() => child.child.kill("SIGKILL"), 15_000);
      const r = await child.exit();
      clearTimeout(timer);
      expect(r.signal).toBe(null);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(out);
      expect(r.stderr).toBe("");
    });
  }
});

describe("handing descriptors to Node", () => {
  it("new net.Socket({ fd }) adopts a connected TCP descriptor, also after promises used it", async () => {
    const [l, a] = listener();
    const c = socket(AF_INET, SOCK_STREAM, 0);
    const accepted = P.accept(l, null, null);
    await P.connect(c, a, sizeof(a));
    const s = track(await accepted);
    // A wait on c came and went: its watcher must be gone before libuv adopts c.
    const ac = new AbortController();
    const pending = P.recv(c, Buffer.alloc(1), 1, 0, { signal: ac.signal });
    ac.abort();
    await pending.catch(() => undefined);
    const ns = new net.Socket({ fd: c, readable: true, writable: true });
    const data = once(ns, "data");
    sendSync(s, "to node", 7, 0);
    expect(String((await data)[0])).toBe("to node");
    await new Promise<void>((r) => ns.write("from node", () => r()));
    const buf = Buffer.alloc(16);
    const n = await P.recv(s, buf, 16, 0);
    expect(buf.subarray(0, n).toString()).toBe("from node");
    ns.destroy(); // Node owns c now and closes it
    await once(ns, "close");
    expect(await P.recv(s, buf, 16, 0)).toBe(0);
  });

  it("a UDP descriptor is handed over with dgram's bind({ fd })", async () => {
    const fd = socket(AF_INET, SOCK_DGRAM, 0);
    const a = loopback4(0);
    bind(fd, a, sizeof(a));
    getsockname(fd, a, new socklen_t(sizeof(a)));
    const [b] = udp();
    const ds = dgram.createSocket("udp4");
    await new Promise<void>((r) => ds.bind({ fd }, r));
    expect(ds.address().port).toBe(ntohs(a.sin_port));
    const msg = once(ds, "message");
    sendtoSync(b, "to dgram", 8, 0, a, sizeof(a));
    const [data, rinfo] = (await msg) as [Buffer, dgram.RemoteInfo];
    expect(data.toString()).toBe("to dgram");
    expect(rinfo.address).toBe("127.0.0.1");
    await new Promise<void>((r) => ds.close(r)); // dgram owns fd now and closes it
  });

  it("a descriptor Node is watching is refused with EEXIST, not corrupted", async () => {
    const [l, a] = listener();
    const c = socket(AF_INET, SOCK_STREAM, 0);
    const accepted = P.accept(l, null, null);
    await P.connect(c, a, sizeof(a));
    track(await accepted);
    const ns = new net.Socket({ fd: c, readable: true, writable: true });
    ns.resume();
    await tick();
    await expect(P.recv(c, Buffer.alloc(1), 1, 0)).rejects.toMatchObject({ code: "EEXIST" });
    ns.destroy();
    await once(ns, "close");
  });
});

describe("stress", () => {
  it("random waits, datagrams, aborts and closes: every promise settles, no watcher leaks", async () => {
    let seed = 12345;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const socks: [number, sockaddr_in][] = Array.from({ length: 64 }, () => {
      const fd = socket(AF_INET, SOCK_DGRAM, 0);
      const a = loopback4(0);
      bind(fd, a, sizeof(a));
      getsockname(fd, a, new socklen_t(sizeof(a)));
      return [fd, a];
    });
    const [sender] = udp();
    const all: Promise<number>[] = [];
    // Rejections are checked at the end; mark them handled now.
    const keep = (p: Promise<number>): void => {
      p.catch(() => undefined);
      all.push(p);
    };
    const controllers: AbortController[] = [];
    for (let i = 0; i < 3000; i++) {
      const k = rnd(socks.length);
      const [fd, a] = socks[k]!;
      switch (rnd(6)) {
        case 0: {
          const ac = new AbortController();
          controllers.push(ac);
          keep(P.recv(fd, Buffer.alloc(8), 8, 0, { signal: ac.signal }));
          break;
        }
        case 1:
          keep(P.recvfrom(fd, Buffer.alloc(8), 8, 0, null, null));
          break;
        case 2:
          sendtoSync(sender, "d", 1, 0, a, sizeof(a));
          break;
        case 3:
          controllers.splice(rnd(controllers.length + 1), 1)[0]?.abort();
          break;
        case 4: {
          // Close (either module) and replace: the number is likely reused at once.
          if (rnd(2)) closeSync(fd);
          else await P.close(fd);
          const nfd = socket(AF_INET, SOCK_DGRAM, 0);
          const na = loopback4(0);
          bind(nfd, na, sizeof(na));
          getsockname(nfd, na, new socklen_t(sizeof(na)));
          socks[k] = [nfd, na];
          break;
        }
        default: {
          const fds = [0, 1, 2].map(() => new pollfd({ fd: socks[rnd(socks.length)]![0], events: POLLIN }));
          keep(P.poll(fds, 3, rnd(3) * 5));
        }
      }
      if (i % 50 === 0) await new Promise((r) => setImmediate(r));
    }
    for (const [fd, a] of socks) sendtoSync(sender, "z", 1, 0, a, sizeof(a));
    await tick(50);
    for (const [fd] of socks) await P.close(fd);
    const results = await Promise.race([Promise.allSettled(all), tick(10_000).then(() => "hung" as const)]);
    expect(results).not.toBe("hung");
    const seen = new Map<string, number>();
    for (const r of results as PromiseSettledResult<number>[]) {
      if (r.status === "fulfilled") expect(r.value).toBeGreaterThanOrEqual(0);
      else expect(["EBADF", "ABORT_ERR"]).toContain((r.reason as { code: string }).code);
      const k = r.status === "fulfilled" ? "ok" : (r.reason as { code: string }).code;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    // All three outcomes happened.
    expect([...seen.keys()].sort()).toEqual(["ABORT_ERR", "EBADF", "ok"]);
    expect(watchers()).toBe(0);
  }, 60_000);
});

describe("10,000 pending operations", () => {
  it("wait on 10,000 sockets while timers fire and fs.readFile completes", async () => {
    // Needs ~10,030 descriptors: raise the soft RLIMIT_NOFILE to the hard limit for the child.
    const script = `${root}/test/fixtures/waiters.ts`;
    const cmd = `ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "${process.execPath}" --expose-gc --import tsx "${script}" 10000 1000`;
    // One threadpool thread: had any waiter held it, fs.readFile could not complete.
    const env = { ...process.env, UV_THREADPOOL_SIZE: "1" };
    const child = spawn("sh", ["-c", cmd], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (err += d));
    const [code] = (await once(child, "close")) as [number];
    expect(err).toBe("");
    expect(code).toBe(0);
    const m = JSON.parse(out) as {
      n: number; watching: number; settledDuringWait: number; ticks: number; readFileMs: number; readFileLaterMedianMs: number; readFileOk: boolean;
      waitDelay: { p50: number; p99: number; max: number }; correct: number; watchersAfter: number; rssGrowthMB: number; bytesPerWaiter: number;
    };
    console.log("10,000 waiters:", JSON.stringify(m));
    expect(m.watching).toBe(10000);
    expect(m.settledDuringWait).toBe(0);
    expect(m.correct).toBe(10000);
    expect(m.watchersAfter).toBe(0);
    expect(m.readFileOk).toBe(true);
    expect(m.readFileMs).toBeLessThan(1000);
    expect(m.readFileLaterMedianMs).toBeLessThan(200);
    // A 10 ms interval over 1 s: at least half its ticks even on a loaded machine.
    expect(m.ticks).toBeGreaterThanOrEqual(50);
    expect(m.waitDelay.p50).toBeLessThan(50);
    expect(m.rssGrowthMB).toBeLessThan(200);
  }, 120_000);
});

describe("examples", () => {
  it("async_echo_server.ts serves 50 concurrent C clients", async () => {
    const server = peer(tsx, [`${root}/examples/async_echo_server.ts`]);
    try {
      const [, port] = await server.line(/listening on (\d+)/);
      const client = compileC("examples/echo_client.c");
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => peer(client, [port!, String(i), "20"]).exit()));
      results.forEach((r, i) => expect([r.code, r.stdout.trim()]).toEqual([0, `ok ${i}`]));
    } finally {
      server.child.kill();
      await server.exit();
    }
  }, 60_000);

  it("async_udp.ts runs a UDP server and client in one process", async () => {
    const r = await peer(tsx, [`${root}/examples/async_udp.ts`, "3"]).exit();
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/server on 127\.0\.0\.1:\d+\nreply: HELLO 0\nreply: HELLO 1\nreply: HELLO 2\ndone\n/);
  });
});
