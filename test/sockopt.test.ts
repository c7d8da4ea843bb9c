// setsockopt/getsockopt, table-driven: every row sets a value, reads it back
// through the C-style out-parameters, and states the platform's expectation
// (Linux doubles SO_RCVBUF/SO_SNDBUF, for instance).
import { describe, expect, it } from "vitest";
import * as S from "../src/index.js";
import { closeNow, loopback4, sock, track } from "./helpers.js";

const {
  getsockopt, setsockopt, sizeof, socklen_t, timeval, linger, bind, connect, listen, accept, getsockname, close,
  AF_INET, AF_INET6, SOCK_STREAM, SOCK_DGRAM, SOL_SOCKET, IPPROTO_TCP, IPPROTO_IP, IPPROTO_IPV6,
  SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_BROADCAST, SO_RCVBUF, SO_SNDBUF, SO_TYPE, SO_ERROR, SO_LINGER, SO_RCVTIMEO,
  SO_SNDTIMEO, SO_DOMAIN, SO_PROTOCOL, SO_ACCEPTCONN, SO_OOBINLINE, TCP_NODELAY, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT,
  TCP_USER_TIMEOUT, IP_TTL, IP_TOS, IPV6_V6ONLY, IPV6_UNICAST_HOPS, ENOPROTOOPT, EBADF, EINVAL, EADDRINUSE, ECONNREFUSED,
} = S;

interface IntRow {
  name: string;
  family: number;
  type: number;
  level: number;
  opt: number;
  set: number;
  /** What getsockopt returns after setting `set` on Linux. */
  expect: number | ((v: number) => boolean);
}

const intRows: IntRow[] = [
  { name: "SO_REUSEADDR", family: AF_INET, type: SOCK_STREAM, level: SOL_SOCKET, opt: SO_REUSEADDR, set: 1, expect: 1 },
  { name: "SO_REUSEPORT", family: AF_INET, type: SOCK_DGRAM, level: SOL_SOCKET, opt: SO_REUSEPORT!, set: 1, expect: 1 },
  { name: "SO_KEEPALIVE", family: AF_INET, type: SOCK_STREAM, level: SOL_SOCKET, opt: SO_KEEPALIVE, set: 1, expect: 1 },
  { name: "SO_BROADCAST", family: AF_INET, type: SOCK_DGRAM, level: SOL_SOCKET, opt: SO_BROADCAST, set: 1, expect: 1 },
  { name: "SO_OOBINLINE", family: AF_INET, type: SOCK_STREAM, level: SOL_SOCKET, opt: SO_OOBINLINE, set: 1, expect: 1 },
  // Linux doubles the buffer sizes to leave room for bookkeeping (socket(7)).
  { name: "SO_RCVBUF (Linux doubles)", family: AF_INET, type: SOCK_DGRAM, level: SOL_SOCKET, opt: SO_RCVBUF, set: 65536, expect: 131072 },
  { name: "SO_SNDBUF (Linux doubles)", family: AF_INET, type: SOCK_DGRAM, level: SOL_SOCKET, opt: SO_SNDBUF, set: 65536, expect: 131072 },
  { name: "TCP_NODELAY", family: AF_INET, type: SOCK_STREAM, level: IPPROTO_TCP, opt: TCP_NODELAY, set: 1, expect: 1 },
  { name: "TCP_KEEPIDLE", family: AF_INET, type: SOCK_STREAM, level: IPPROTO_TCP, opt: TCP_KEEPIDLE, set: 30, expect: 30 },
  { name: "TCP_KEEPINTVL", family: AF_INET, type: SOCK_STREAM, level: IPPROTO_TCP, opt: TCP_KEEPINTVL, set: 5, expect: 5 },
  { name: "TCP_KEEPCNT", family: AF_INET, type: SOCK_STREAM, level: IPPROTO_TCP, opt: TCP_KEEPCNT, set: 3, expect: 3 },
  { name: "TCP_USER_TIMEOUT", family: AF_INET, type: SOCK_STREAM, level: IPPROTO_TCP, opt: TCP_USER_TIMEOUT!, set: 1500, expect: 1500 },
  { name: "IP_TTL", family: AF_INET, type: SOCK_DGRAM, level: IPPROTO_IP, opt: IP_TTL, set: 7, expect: 7 },
  // The kernel masks the ECN bits off IP_TOS for TCP only; UDP keeps the value.
  { name: "IP_TOS", family: AF_INET, type: SOCK_DGRAM, level: IPPROTO_IP, opt: IP_TOS, set: 0x10, expect: 0x10 },
  { name: "IPV6_V6ONLY", family: AF_INET6, type: SOCK_STREAM, level: IPPROTO_IPV6, opt: IPV6_V6ONLY, set: 1, expect: 1 },
  { name: "IPV6_UNICAST_HOPS", family: AF_INET6, type: SOCK_DGRAM, level: IPPROTO_IPV6, opt: IPV6_UNICAST_HOPS, set: 9, expect: 9 },
];

describe("bad input", () => {
  it("optval types and optlen bounds", () => {
    const fd = sock(AF_INET, SOCK_STREAM);
    expect(() => setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, true as never, 4)).toThrow(TypeError);
    expect(() => setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, "1" as never, 4)).toThrow(TypeError);
    expect(() => setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, 1, 8)).toThrow(RangeError);
    expect(() => setsockopt(fd, SOL_SOCKET, SO_LINGER, new linger(), sizeof(linger) + 1)).toThrow(RangeError);
    expect(() => getsockopt(fd, SOL_SOCKET, SO_TYPE, new Int32Array(1), new socklen_t(8))).toThrow(RangeError);
    expect(() => getsockopt(fd, SOL_SOCKET, SO_TYPE, new Int32Array(1), 4 as never)).toThrow(TypeError);
  });
});

describe("int options round-trip", () => {
  for (const row of intRows) {
    it(row.name, () => {
      const fd = sock(row.family, row.type);
      expect(setsockopt(fd, row.level, row.opt, row.set, sizeof(row.set))).toBe(0);
      const v = new Int32Array(1);
      const len = new socklen_t(sizeof(v));
      expect(getsockopt(fd, row.level, row.opt, v, len)).toBe(0);
      expect(len.value).toBe(4);
      if (typeof row.expect === "function") expect(row.expect(v[0]!)).toBe(true);
      else expect(v[0]).toBe(row.expect);
    });
  }
});

describe("read-only and struct options", () => {
  it("SO_TYPE, SO_DOMAIN, SO_PROTOCOL, SO_ACCEPTCONN", () => {
    const fd = sock(AF_INET, SOCK_STREAM);
    const v = new Int32Array(1);
    const len = new socklen_t(4);
    getsockopt(fd, SOL_SOCKET, SO_TYPE, v, len);
    expect(v[0]).toBe(SOCK_STREAM);
    getsockopt(fd, SOL_SOCKET, SO_DOMAIN, v, len);
    expect(v[0]).toBe(AF_INET);
    getsockopt(fd, SOL_SOCKET, SO_PROTOCOL, v, len);
    expect(v[0]).toBe(IPPROTO_TCP);
    const a = loopback4();
    bind(fd, a, sizeof(a));
    listen(fd, 1);
    getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, v, len);
    expect(v[0]).toBe(1);
  });

  it("SO_LINGER with a linger struct, SO_RCVTIMEO/SO_SNDTIMEO with timeval", () => {
    const fd = sock(AF_INET, SOCK_STREAM);
    expect(setsockopt(fd, SOL_SOCKET, SO_LINGER, new linger({ l_onoff: 1, l_linger: 7 }), sizeof(linger))).toBe(0);
    const l = new linger();
    const len = new socklen_t(sizeof(l));
    expect(getsockopt(fd, SOL_SOCKET, SO_LINGER, l, len)).toBe(0);
    expect([l.l_onoff, l.l_linger, len.value]).toEqual([1, 7, 8]);
    for (const opt of [SO_RCVTIMEO, SO_SNDTIMEO]) {
      expect(setsockopt(fd, SOL_SOCKET, opt, new timeval({ tv_sec: 3, tv_usec: 500_000 }), sizeof(timeval))).toBe(0);
      const t = new timeval();
      const tl = new socklen_t(sizeof(t));
      expect(getsockopt(fd, SOL_SOCKET, opt, t, tl)).toBe(0);
      expect([t.tv_sec, t.tv_usec, tl.value]).toEqual([3, 500_000, 16]);
    }
  });

  it("raw bytes work as an option value, and a short optlen is truncated as in C", () => {
    const fd = sock(AF_INET, SOCK_STREAM);
    const raw = Buffer.alloc(4);
    raw.writeInt32LE(1);
    expect(setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, raw, 4)).toBe(0);
    const out = new Uint8Array(8);
    const len = new socklen_t(8);
    expect(getsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, out, len)).toBe(0);
    expect(len.value).toBe(4);
    expect(out[0]).toBe(1);
  });

  it("SO_ERROR reports a failed non-blocking connect", () => {
    const tmp = sock(AF_INET, SOCK_STREAM);
    const a = loopback4(0);
    bind(tmp, a, sizeof(a));
    getsockname(tmp, a, new socklen_t(16));
    const fd = sock(AF_INET, SOCK_STREAM | S.SOCK_NONBLOCK);
    const r = connect(fd, a, sizeof(a));
    expect(r === 0 || S.errno === S.EINPROGRESS || S.errno === ECONNREFUSED).toBe(true);
    const deadline = Date.now() + 2000;
    const err = new Int32Array(1);
    while (Date.now() < deadline) {
      getsockopt(fd, SOL_SOCKET, SO_ERROR, err, new socklen_t(4));
      if (err[0] !== 0) break;
    }
    expect(err[0]).toBe(ECONNREFUSED);
  });

  it("errors come back as -1 with C's errno", () => {
    const fd = sock(AF_INET, SOCK_STREAM);
    expect(setsockopt(fd, SOL_SOCKET, 0x7fff, 1, 4)).toBe(-1);
    expect(S.errno).toBe(ENOPROTOOPT);
    expect(setsockopt(1_000_000, SOL_SOCKET, SO_REUSEADDR, 1, 4)).toBe(-1);
    expect(S.errno).toBe(EBADF);
    expect(setsockopt(fd, SOL_SOCKET, SO_LINGER, 1, 2)).toBe(-1);
    expect(S.errno).toBe(EINVAL);
  });
});

describe("options change behaviour, not just their value", () => {
  // Linux checks SO_REUSEADDR on both sides: the TIME_WAIT socket inherits it
  // from the listener that accepted it, so a restarting server sets it on
  // every listener (as C servers do).
  it("SO_REUSEADDR lets a server rebind a port whose connection is in TIME_WAIT", () => {
    const l = sock(AF_INET, SOCK_STREAM);
    expect(setsockopt(l, SOL_SOCKET, SO_REUSEADDR, 1, sizeof(1))).toBe(0);
    const a = loopback4(0);
    expect(bind(l, a, sizeof(a))).toBe(0);
    listen(l, 1);
    getsockname(l, a, new socklen_t(16));
    const c = sock(AF_INET, SOCK_STREAM);
    connect(c, a, sizeof(a));
    const s = accept(l, null, null);
    close(s); // the server closes first, so its side ends in TIME_WAIT
    closeNow(c);
    closeNow(l);
    const again = sock(AF_INET, SOCK_STREAM);
    expect(bind(again, a, sizeof(a))).toBe(-1);
    expect(S.errno).toBe(EADDRINUSE);
    const reuse = sock(AF_INET, SOCK_STREAM);
    expect(setsockopt(reuse, SOL_SOCKET, SO_REUSEADDR, 1, sizeof(1))).toBe(0);
    expect(bind(reuse, a, sizeof(a))).toBe(0);
  });

  it("SO_REUSEPORT lets two UDP sockets bind one port", () => {
    const a = loopback4(0);
    const one = sock(AF_INET, SOCK_DGRAM);
    setsockopt(one, SOL_SOCKET, SO_REUSEPORT!, 1, 4);
    expect(bind(one, a, sizeof(a))).toBe(0);
    getsockname(one, a, new socklen_t(16));
    const two = sock(AF_INET, SOCK_DGRAM);
    expect(bind(two, a, sizeof(a))).toBe(-1);
    expect(S.errno).toBe(EADDRINUSE);
    const three = sock(AF_INET, SOCK_DGRAM);
    setsockopt(three, SOL_SOCKET, SO_REUSEPORT!, 1, 4);
    expect(bind(three, a, sizeof(a))).toBe(0);
    track(three);
  });
});
