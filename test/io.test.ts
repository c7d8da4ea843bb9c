// read/write/send/recv/sendto/recvfrom on real loopback sockets: any
// ArrayBufferView or struct as the buffer, strings as C string literals,
// subarrays as C's buf + off, and EPIPE instead of SIGPIPE.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import * as S from "../src/index.js";
import { loopback4, root, sock, track } from "./helpers.js";

const {
  bind, connect, getsockname, read, recv, recvfrom, send, sendto, write, sizeof, socketpair, socklen_t, sockaddr_in, ntohs, timeval,
  setsockopt, close, linger, accept, listen,
  AF_INET, AF_UNIX, SOCK_DGRAM, SOCK_STREAM, MSG_PEEK, MSG_TRUNC, MSG_DONTWAIT, EPIPE, EAGAIN, ECONNRESET, EDESTADDRREQ, EMSGSIZE,
  SOL_SOCKET, SO_RCVTIMEO, SO_LINGER, EFAULT,
} = S;

function pair(type = SOCK_STREAM): [number, number] {
  const sv = new Int32Array(2);
  expect(socketpair(AF_UNIX, type, 0, sv)).toBe(0);
  return [track(sv[0]!), track(sv[1]!)];
}

/** A UDP socket bound to 127.0.0.1 at an ephemeral port, and its address. */
function udp(): [number, InstanceType<typeof sockaddr_in>] {
  const fd = sock(AF_INET, SOCK_DGRAM);
  const a = loopback4(0);
  expect(bind(fd, a, sizeof(a))).toBe(0);
  expect(getsockname(fd, a, new socklen_t(sizeof(a)))).toBe(0);
  return [fd, a];
}

describe("bad input", () => {
  it("buffers must be views or structs; lengths may not pass them", () => {
    const [a] = pair();
    expect(() => read(a, "text" as never, 4)).toThrow(/read: buf must be an ArrayBufferView or a struct/);
    expect(() => recv(a, [1, 2, 3] as never, 3, 0)).toThrow(TypeError);
    expect(() => write(a, Buffer.alloc(4), 5)).toThrow(RangeError);
    expect(() => read(a, Buffer.alloc(4), 5)).toThrow(RangeError);
    expect(() => send(a, new Uint8Array(8).subarray(6), 3, 0)).toThrow(/larger than the 2 bytes/);
    expect(() => recvfrom(a, Buffer.alloc(4), 4, 0, new sockaddr_in(), new socklen_t(64))).toThrow(RangeError);
    expect(() => sendto(a, "x", 1, 0, new sockaddr_in(), 17)).toThrow(RangeError);
    expect(() => send(a, 42 as never, 1, 0)).toThrow(TypeError);
  });

  it("a NULL buffer with a length is EFAULT from the kernel, as in C", () => {
    const [a] = pair();
    expect(write(a, null, 4)).toBe(-1);
    expect(S.errno).toBe(EFAULT);
  });
});

describe("stream I/O", () => {
  it("writes and reads every kind of view, at offsets (C's buf + off)", () => {
    const [a, b] = pair();
    const src = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(write(a, src.subarray(3), 4)).toBe(4);
    const dst = new Uint8Array(10);
    expect(read(b, dst.subarray(5), 5)).toBe(4);
    expect([...dst]).toEqual([0, 0, 0, 0, 0, 3, 4, 5, 6, 0]);
    const i32 = new Int32Array([0x01020304]);
    expect(send(a, i32, sizeof(i32), 0)).toBe(4);
    const dv = new DataView(new ArrayBuffer(8), 2, 4);
    expect(recv(b, dv, 4, 0)).toBe(4);
    expect(dv.getInt32(0, true)).toBe(0x01020304);
  });

  it("a string is a C string literal: strlen bytes, or sizeof including the NUL", () => {
    const [a, b] = pair();
    expect(write(a, "héllo", 6)).toBe(6);
    expect(write(a, "!", sizeof("!"))).toBe(2);
    const buf = Buffer.alloc(16);
    expect(read(b, buf, 16)).toBe(8);
    expect(buf.subarray(0, 8).toString("utf8")).toBe("héllo!\0");
  });

  it("a struct is sent as its bytes (C's &s) and received into in place", () => {
    const [a, b] = pair();
    const t = new timeval({ tv_sec: 12, tv_usec: 34 });
    expect(send(a, t, sizeof(t), 0)).toBe(16);
    const u = new timeval();
    expect(recv(b, u, sizeof(u), 0)).toBe(16);
    expect([u.tv_sec, u.tv_usec]).toEqual([12, 34]);
  });

  it("MSG_PEEK leaves data queued; MSG_DONTWAIT gives EAGAIN", () => {
    const [a, b] = pair();
    write(a, "peek", 4);
    const buf = Buffer.alloc(4);
    expect(recv(b, buf, 4, MSG_PEEK)).toBe(4);
    expect(recv(b, buf, 4, 0)).toBe(4);
    expect(recv(b, buf, 4, MSG_DONTWAIT)).toBe(-1);
    expect(S.errno).toBe(EAGAIN);
  });

  it("SO_RCVTIMEO makes a blocking recv return -1/EAGAIN after the timeout", () => {
    const [, b] = pair();
    expect(setsockopt(b, SOL_SOCKET, SO_RCVTIMEO, new timeval({ tv_sec: 0, tv_usec: 100_000 }), sizeof(timeval))).toBe(0);
    const t0 = performance.now();
    expect(recv(b, Buffer.alloc(1), 1, 0)).toBe(-1);
    expect(S.errno).toBe(EAGAIN);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(90);
  });

  it("writing to a closed peer is -1/EPIPE, and a reset peer is ECONNRESET", () => {
    const [a, b] = pair();
    close(b);
    expect(write(a, "x", 1)).toBe(-1);
    expect(S.errno).toBe(EPIPE);
    expect(send(a, "x", 1, 0)).toBe(-1);
    expect(S.errno).toBe(EPIPE);

    const l = sock(AF_INET, SOCK_STREAM);
    const addr = loopback4(0);
    bind(l, addr, sizeof(addr));
    listen(l, 1);
    getsockname(l, addr, new socklen_t(16));
    const c = sock(AF_INET, SOCK_STREAM);
    connect(c, addr, sizeof(addr));
    const s = accept(l, null, null);
    setsockopt(s, SOL_SOCKET, SO_LINGER, new linger({ l_onoff: 1, l_linger: 0 }), sizeof(linger));
    close(s); // RST
    expect(recv(c, Buffer.alloc(1), 1, 0)).toBe(-1);
    expect(S.errno).toBe(ECONNRESET);
  });

  it("EPIPE never kills the process, even after a SIGPIPE listener came and went", () => {
    const script = `
      import * as S from ${JSON.stringify(`${root}/src/index.ts`)};
      const l = () => {}; process.on("SIGPIPE", l); process.off("SIGPIPE", l);
      const sv = new Int32Array(2); S.socketpair(S.AF_UNIX, S.SOCK_STREAM, 0, sv); S.close(sv[1]);
      const r1 = S.write(sv[0], "x", 1), e1 = S.errno;
      const r2 = S.send(sv[0], "x", 1, 0), e2 = S.errno;
      console.log(JSON.stringify([r1, e1, r2, e2]));`;
    const r = spawnSync(`${root}/node_modules/.bin/tsx`, ["--eval", script], { encoding: "utf8" });
    expect(r.signal).toBe(null);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([-1, EPIPE, -1, EPIPE]);
  });
});

describe("datagrams", () => {
  it("sendto/recvfrom carry the sender's address; MSG_TRUNC reports the real size", () => {
    const [srv, saddr] = udp();
    const [cli, caddr] = udp();
    expect(sendto(cli, "hello", 5, 0, saddr, sizeof(saddr))).toBe(5);
    const from = new sockaddr_in();
    const fromlen = new socklen_t(sizeof(from));
    const buf = Buffer.alloc(64);
    expect(recvfrom(srv, buf, buf.length, 0, from, fromlen)).toBe(5);
    expect(buf.subarray(0, 5).toString()).toBe("hello");
    expect(fromlen.value).toBe(16);
    expect(ntohs(from.sin_port)).toBe(ntohs(caddr.sin_port));
    expect(S.inet_ntoa(from.sin_addr)).toBe("127.0.0.1");

    expect(sendto(cli, Buffer.alloc(100, 7), 100, 0, saddr, sizeof(saddr))).toBe(100);
    expect(recvfrom(srv, buf.subarray(0, 10), 10, MSG_TRUNC, null, null)).toBe(100);
  });

  it("unconnected send is EDESTADDRREQ; oversized datagram is EMSGSIZE", () => {
    const [cli] = udp();
    expect(send(cli, "x", 1, 0)).toBe(-1);
    expect(S.errno).toBe(EDESTADDRREQ);
    const [, saddr] = udp();
    const big = Buffer.alloc(70_000);
    expect(sendto(cli, big, big.length, 0, saddr, sizeof(saddr))).toBe(-1);
    expect(S.errno).toBe(EMSGSIZE);
  });

  it("connect() on UDP fixes the peer for send/recv", () => {
    const [srv, saddr] = udp();
    const [cli, caddr] = udp();
    expect(connect(cli, saddr, sizeof(saddr))).toBe(0);
    expect(send(cli, "c", 1, 0)).toBe(1);
    const b = Buffer.alloc(1);
    expect(recvfrom(srv, b, 1, 0, null, null)).toBe(1);
    expect(sendto(srv, "r", 1, 0, caddr, sizeof(caddr))).toBe(1);
    expect(recv(cli, b, 1, 0)).toBe(1);
    expect(b.toString()).toBe("r");
  });
});
