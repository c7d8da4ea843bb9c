// SOL_SOCKET buffer and timeout options, and the one-byte forms of the IPv4
// multicast options: set/get round trip and effect on real traffic (loopback
// unicast and AF_UNIX only: no multicast leaves this namespace).
import { describe, expect, it } from "vitest";
import {
  AF_INET, AF_UNIX, bind, EAGAIN, errno, getsockname, getsockopt, IP_MULTICAST_LOOP, IP_MULTICAST_TTL, IPPROTO_IP, MSG_DONTWAIT, recv,
  send, sendto, setsockopt, SO_RCVBUF, SO_RCVTIMEO, SO_SNDBUF, SO_SNDTIMEO, SOCK_DGRAM, SOCK_STREAM, sockaddr_in, socketpair, socklen_t,
  SOL_SOCKET, sizeof, timeval,
} from "../src/index.js";
import { loopback4, sock, track } from "./helpers.js";

function getInt(fd: number, level: number, opt: number): number {
  const v = new Int32Array(1);
  const l = new socklen_t(sizeof(v));
  expect(getsockopt(fd, level, opt, v, l)).toBe(0);
  expect(l.value).toBe(4);
  return v[0]!;
}

function udpPair(): [number, number, sockaddr_in] {
  const rx = sock(AF_INET, SOCK_DGRAM);
  expect(bind(rx, loopback4(0), sizeof(sockaddr_in))).toBe(0);
  const a = new sockaddr_in();
  expect(getsockname(rx, a, new socklen_t(sizeof(a)))).toBe(0);
  return [rx, sock(AF_INET, SOCK_DGRAM), a];
}

/** How many of n datagrams of size bytes the receiver holds when none is read before all are sent. */
function held(rcvbuf: number | null, n: number, size: number): number {
  const [rx, tx, a] = udpPair();
  if (rcvbuf !== null) expect(setsockopt(rx, SOL_SOCKET, SO_RCVBUF, rcvbuf, sizeof(rcvbuf))).toBe(0);
  const payload = Buffer.alloc(size, 0x61);
  for (let k = 0; k < n; k++) expect(sendto(tx, payload, size, 0, a, sizeof(a))).toBe(size);
  let got = 0;
  while (recv(rx, payload, size, MSG_DONTWAIT) === size) got++;
  expect(errno).toBe(EAGAIN);
  return got;
}

/** Bytes a non-blocking AF_UNIX stream accepts before EAGAIN, with the given SO_SNDBUF. */
function accepted(sndbuf: number): number {
  const sv = new Int32Array(2);
  expect(socketpair(AF_UNIX, SOCK_STREAM, 0, sv)).toBe(0);
  track(sv[0]!);
  track(sv[1]!);
  expect(setsockopt(sv[0]!, SOL_SOCKET, SO_SNDBUF, sndbuf, sizeof(sndbuf))).toBe(0);
  expect(setsockopt(sv[1]!, SOL_SOCKET, SO_RCVBUF, 4096, sizeof(4096))).toBe(0);
  const chunk = Buffer.alloc(1024);
  let total = 0;
  for (;;) {
    const r = send(sv[0]!, chunk, chunk.length, MSG_DONTWAIT);
    if (r < 0) break;
    total += r;
  }
  expect(errno).toBe(EAGAIN);
  return total;
}

describe("SO_RCVBUF / SO_SNDBUF", () => {
  it("round trip: Linux doubles the value it is given (socket(7)), with a floor", () => {
    const fd = sock(AF_INET, SOCK_DGRAM);
    expect(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, 65536, sizeof(65536))).toBe(0);
    expect(getInt(fd, SOL_SOCKET, SO_RCVBUF)).toBe(131072);
    expect(setsockopt(fd, SOL_SOCKET, SO_SNDBUF, 65536, sizeof(65536))).toBe(0);
    expect(getInt(fd, SOL_SOCKET, SO_SNDBUF)).toBe(131072);
    expect(setsockopt(fd, SOL_SOCKET, SO_RCVBUF, 1, sizeof(1))).toBe(0);
    expect(getInt(fd, SOL_SOCKET, SO_RCVBUF)).toBeGreaterThan(1); // SOCK_MIN_RCVBUF
  });

  it("effect: a small SO_RCVBUF drops datagrams the default one holds", () => {
    const small = held(1, 50, 500);
    const dflt = held(null, 50, 500);
    expect(dflt).toBe(50);
    expect(small).toBeLessThan(10);
  });

  it("effect: a small SO_SNDBUF accepts fewer bytes before EAGAIN", () => {
    const small = accepted(4096);
    const large = accepted(1 << 20);
    expect(small).toBeLessThan(large);
  });
});

describe("SO_RCVTIMEO / SO_SNDTIMEO", () => {
  it("round trip with a timeval", () => {
    const fd = sock(AF_INET, SOCK_DGRAM);
    for (const opt of [SO_RCVTIMEO, SO_SNDTIMEO]) {
      const tv = new timeval({ tv_sec: 2, tv_usec: 500000 });
      expect(setsockopt(fd, SOL_SOCKET, opt, tv, sizeof(tv))).toBe(0);
      const out = new timeval();
      const l = new socklen_t(sizeof(out));
      expect(getsockopt(fd, SOL_SOCKET, opt, out, l)).toBe(0);
      expect([out.tv_sec, out.tv_usec, l.value]).toEqual([2, 500000, sizeof(timeval)]);
    }
  });

  it("effect: a blocking recv gives up with EAGAIN after SO_RCVTIMEO", () => {
    const [rx] = udpPair();
    const tv = new timeval({ tv_sec: 0, tv_usec: 200000 });
    expect(setsockopt(rx, SOL_SOCKET, SO_RCVTIMEO, tv, sizeof(tv))).toBe(0);
    const t0 = performance.now();
    expect(recv(rx, Buffer.alloc(8), 8, 0)).toBe(-1);
    const dt = performance.now() - t0;
    expect(errno).toBe(EAGAIN);
    expect(dt).toBeGreaterThanOrEqual(190);
    expect(dt).toBeLessThan(2000);
  });

  it("effect: a blocking send on a full stream gives up with EAGAIN after SO_SNDTIMEO", () => {
    const sv = new Int32Array(2);
    expect(socketpair(AF_UNIX, SOCK_STREAM, 0, sv)).toBe(0);
    track(sv[0]!);
    track(sv[1]!);
    const chunk = Buffer.alloc(4096);
    while (send(sv[0]!, chunk, chunk.length, MSG_DONTWAIT) > 0);
    const tv = new timeval({ tv_sec: 0, tv_usec: 200000 });
    expect(setsockopt(sv[0]!, SOL_SOCKET, SO_SNDTIMEO, tv, sizeof(tv))).toBe(0);
    const t0 = performance.now();
    expect(send(sv[0]!, chunk, chunk.length, 0)).toBe(-1);
    expect(errno).toBe(EAGAIN);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
  });
});

describe("IPv4 multicast options in their one-byte form", () => {
  it("IP_MULTICAST_TTL and IP_MULTICAST_LOOP take an unsigned char as well as an int", () => {
    const fd = sock(AF_INET, SOCK_DGRAM);
    expect(setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, Uint8Array.of(9), 1)).toBe(0);
    expect(getInt(fd, IPPROTO_IP, IP_MULTICAST_TTL)).toBe(9);
    const b = new Uint8Array(1);
    const l = new socklen_t(1);
    expect(getsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, b, l)).toBe(0);
    expect([b[0], l.value]).toEqual([9, 1]);
    expect(setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, Uint8Array.of(0), 1)).toBe(0);
    expect(getInt(fd, IPPROTO_IP, IP_MULTICAST_LOOP)).toBe(0);
  });
});
