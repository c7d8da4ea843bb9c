// select(2), poll(2) and epoll(7), blocking like C, on real loopback sockets;
// the non-blocking connect idiom; the select and epoll echo servers (C and
// TypeScript twins) against C clients.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import {
  AF_INET, bind, connect, EINPROGRESS, EINVAL, EPOLL_CLOEXEC, EPOLL_CTL_ADD, EPOLL_CTL_DEL, EPOLL_CTL_MOD, epoll_create,
  epoll_create1, epoll_ctl, epoll_event, epoll_wait, EPOLLET, EPOLLEXCLUSIVE, EPOLLIN, EPOLLONESHOT, EPOLLOUT, errno, ECONNREFUSED, F_GETFD, F_GETFL,
  F_SETFL, FD_CLOEXEC, FD_CLR, FD_ISSET, FD_SET, fd_set, FD_SETSIZE, FD_ZERO, fcntl, getsockname, getsockopt, listen,
  O_NONBLOCK, poll, pollfd, POLLERR, POLLHUP, POLLIN, POLLNVAL, POLLOUT, POLLPRI, POLLRDHUP, MSG_OOB, select, send, sendto, shutdown, SHUT_WR,
  sizeof, SO_ERROR, SOCK_DGRAM, SOCK_STREAM, sockaddr_in, socklen_t, SOL_SOCKET, timeval, accept, EBADF,
} from "../src/index.js";
import { closeNow, compileC, loopback4, peer, root, sock, track, tsx } from "./helpers.js";

/** A UDP socket bound to 127.0.0.1 on an ephemeral port, and its address. */
function udp(): [number, sockaddr_in] {
  const fd = sock(AF_INET, SOCK_DGRAM);
  const a = loopback4(0);
  expect(bind(fd, a, sizeof(a))).toBe(0);
  expect(getsockname(fd, a, new socklen_t(sizeof(a)))).toBe(0);
  return [fd, a];
}

/** A connected TCP pair over loopback: [client, server side]. */
function tcpPair(): [number, number] {
  const l = sock(AF_INET, SOCK_STREAM);
  const a = loopback4(0);
  expect(bind(l, a, sizeof(a))).toBe(0);
  expect(listen(l, 8)).toBe(0);
  getsockname(l, a, new socklen_t(sizeof(a)));
  const c = sock(AF_INET, SOCK_STREAM);
  expect(connect(c, a, sizeof(a))).toBe(0);
  const s = track(accept(l, null, null));
  expect(s).toBeGreaterThanOrEqual(0);
  closeNow(l);
  return [c, s];
}

describe("bad input", () => {
  it("FD_SET/FD_CLR/FD_ISSET refuse descriptors outside the set", () => {
    const set = new fd_set();
    expect(() => FD_SET(FD_SETSIZE!, set)).toThrow(RangeError);
    expect(() => FD_SET(100000, set)).toThrow(RangeError);
    expect(() => FD_SET(-1, set)).toThrow(RangeError);
    expect(() => FD_CLR(FD_SETSIZE!, set)).toThrow(RangeError);
    expect(() => FD_ISSET(FD_SETSIZE!, set)).toThrow(RangeError);
    expect(() => FD_SET(1.5, set)).toThrow(TypeError);
    expect(() => FD_SET("3" as unknown as number, set)).toThrow(TypeError);
    expect(() => FD_SET(3, {} as fd_set)).toThrow(TypeError);
    expect(() => FD_ZERO(new Uint8Array(128) as unknown as fd_set)).toThrow(TypeError);
  });

  it("select, poll and epoll_wait refuse lengths past what they were given", () => {
    expect(() => select(FD_SETSIZE! + 1, new fd_set(), null, null, null)).toThrow(RangeError);
    expect(() => select(1, new Uint8Array(128) as unknown as fd_set, null, null, null)).toThrow(TypeError);
    expect(() => select(1, null, null, null, {} as timeval)).toThrow(TypeError);
    expect(() => poll([new pollfd()], 2, 0)).toThrow(RangeError);
    expect(() => poll(null, 1, 0)).toThrow(RangeError);
    expect(() => poll([{ fd: 0, events: 1, revents: 0 } as unknown as pollfd], 1, 0)).toThrow(TypeError);
    const ep = track(epoll_create1(0));
    expect(() => epoll_wait(ep, [new epoll_event()], 2, 0)).toThrow(RangeError);
    expect(() => epoll_ctl(ep, EPOLL_CTL_ADD, 0, {} as epoll_event)).toThrow(TypeError);
  });

  it("the raw shims bound-check too", async () => {
    const { native } = await import("../src/native.js");
    expect(() => native.select(1, new Uint8Array(8), null, null, null)).toThrow(RangeError);
    expect(() => native.select(FD_SETSIZE! + 1, null, null, null, null)).toThrow(RangeError);
    expect(() => native.poll(new Uint8Array(8), 2, 0)).toThrow(RangeError);
    expect(() => native.epoll_wait(0, new Uint8Array(12), 2, 0)).toThrow(RangeError);
    expect(() => native.epoll_ctl(0, 1, 0, new Uint8Array(4))).toThrow(RangeError);
  });
});

describe("fd_set", () => {
  it("has the C size and the C bit layout", () => {
    const set = new fd_set();
    expect(sizeof(set)).toBe(128);
    for (const fd of [0, 3, 63, 64, 200, FD_SETSIZE! - 1]) FD_SET(fd, set);
    const bin = compileC(`#include <stdio.h>
#include <sys/select.h>
int main(void) { fd_set s; FD_ZERO(&s); int fds[] = {0, 3, 63, 64, 200, FD_SETSIZE - 1};
for (int i = 0; i < 6; i++) FD_SET(fds[i], &s);
const unsigned char *p = (const unsigned char *)&s; for (size_t i = 0; i < sizeof s; i++) printf("%02x", p[i]); printf("\\n"); return 0; }
`);
    const out = spawnSync(bin, { encoding: "utf8" }).stdout.trim();
    expect(Buffer.from(set.fds_bits).toString("hex")).toBe(out);
    expect(FD_ISSET(64, set)).toBe(1);
    expect(FD_ISSET(65, set)).toBe(0);
    FD_CLR(64, set);
    expect(FD_ISSET(64, set)).toBe(0);
    const copy = new fd_set(set);
    FD_ZERO(set);
    expect(FD_ISSET(3, set)).toBe(0);
    expect(FD_ISSET(3, copy)).toBe(1);
  });
});

describe("select", () => {
  it("reports a readable UDP socket and clears the others", () => {
    const [a, addr] = udp();
    const [b] = udp();
    expect(sendto(b, "ping", 4, 0, addr, sizeof(addr))).toBe(4);
    const rset = new fd_set();
    FD_SET(a, rset);
    FD_SET(b, rset);
    const tv = new timeval({ tv_sec: 2, tv_usec: 0 });
    expect(select(Math.max(a, b) + 1, rset, null, null, tv)).toBe(1);
    expect(FD_ISSET(a, rset)).toBe(1);
    expect(FD_ISSET(b, rset)).toBe(0);
    // The time left is written back, as Linux does.
    expect(tv.tv_sec * 1e6 + tv.tv_usec).toBeGreaterThan(1.5e6);
  });

  it("times out with 0, empty sets and the timeval at zero", () => {
    const [a] = udp();
    const rset = new fd_set();
    FD_SET(a, rset);
    const wset = new fd_set();
    const tv = new timeval({ tv_sec: 0, tv_usec: 150_000 });
    const t0 = performance.now();
    expect(select(a + 1, rset, wset, null, tv)).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(140);
    expect(FD_ISSET(a, rset)).toBe(0);
    expect(tv.tv_sec).toBe(0);
    expect(tv.tv_usec).toBe(0);
  });

  it("reports writability of a connected TCP socket", () => {
    const [c] = tcpPair();
    const wset = new fd_set();
    FD_SET(c, wset);
    expect(select(c + 1, null, wset, null, new timeval())).toBe(1);
    expect(FD_ISSET(c, wset)).toBe(1);
  });

  it("fails with EBADF for a closed descriptor in a set", () => {
    const [a] = udp();
    closeNow(a);
    const rset = new fd_set();
    FD_SET(a, rset);
    expect(select(a + 1, rset, null, null, new timeval())).toBe(-1);
    expect(errno).toBe(EBADF);
  });
});

describe("poll", () => {
  it("fills revents of an array of pollfd", () => {
    const [a, addr] = udp();
    const [b] = udp();
    sendto(b, "x", 1, 0, addr, sizeof(addr));
    const fds = [new pollfd({ fd: a, events: POLLIN }), new pollfd({ fd: b, events: POLLIN }), new pollfd({ fd: -1, events: POLLIN, revents: 7 })];
    expect(poll(fds, 3, 1000)).toBe(1);
    expect(fds[0]!.revents).toBe(POLLIN);
    expect(fds[1]!.revents).toBe(0);
    expect(fds[2]!.revents).toBe(0); // negative fd: ignored, revents cleared
  });

  it("takes a single pollfd like C's &pfd, and times out", () => {
    const [a] = udp();
    const pfd = new pollfd({ fd: a, events: POLLIN });
    const t0 = performance.now();
    expect(poll(pfd, 1, 100)).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(90);
    expect(pfd.revents).toBe(0);
  });

  it("reports POLLOUT, POLLRDHUP/POLLIN after the peer's FIN, POLLHUP after both, POLLNVAL for a closed fd", () => {
    const [c, s] = tcpPair();
    const fds = [new pollfd({ fd: c, events: POLLOUT })];
    expect(poll(fds, 1, 0)).toBe(1);
    expect(fds[0]!.revents).toBe(POLLOUT);
    expect(shutdown(c, SHUT_WR)).toBe(0);
    const fs = new pollfd({ fd: s, events: POLLIN | POLLRDHUP! });
    expect(poll(fs, 1, 1000)).toBe(1);
    expect(fs.revents).toBe(POLLIN | POLLRDHUP!);
    shutdown(s, SHUT_WR);
    fds[0]!.events = POLLIN;
    expect(poll(fds, 1, 1000)).toBe(1);
    expect(fds[0]!.revents & POLLHUP).toBe(POLLHUP);
    closeNow(c);
    expect(poll(fds, 1, 0)).toBe(1);
    expect(fds[0]!.revents).toBe(POLLNVAL);
  });
});

describe("epoll", () => {
  it("creates close-on-exec descriptors; epoll_create checks size", () => {
    const ep = track(epoll_create1(0));
    expect(fcntl(ep, F_GETFD) & FD_CLOEXEC).toBe(FD_CLOEXEC);
    const ep2 = track(epoll_create(1));
    expect(fcntl(ep2, F_GETFD) & FD_CLOEXEC).toBe(FD_CLOEXEC);
    expect(epoll_create(0)).toBe(-1);
    expect(errno).toBe(EINVAL);
    expect(track(epoll_create1(EPOLL_CLOEXEC))).toBeGreaterThan(0);
  });

  it("epoll_event is packed as the build says, data is a union", () => {
    const ev = new epoll_event();
    expect(sizeof(ev)).toBe(12); // x86-64: __attribute__((packed))
    ev.data.u64 = 0x1_0000_0002;
    expect(ev.data.fd).toBe(2);
    expect(ev.data.u32).toBe(2);
    ev.data.fd = -1;
    expect(ev.data.u32).toBe(0xffffffff);
  });

  it("reports readiness with the registered data; MOD, DEL and ONESHOT", () => {
    const [a, addr] = udp();
    const [b, baddr] = udp();
    const ep = track(epoll_create1(0));
    const ev = new epoll_event({ events: EPOLLIN });
    ev.data.u64 = 2 ** 40 + a;
    expect(epoll_ctl(ep, EPOLL_CTL_ADD, a, ev)).toBe(0);
    const ev2 = new epoll_event({ events: EPOLLIN | EPOLLONESHOT! });
    ev2.data.fd = b;
    expect(epoll_ctl(ep, EPOLL_CTL_ADD, b, ev2)).toBe(0);
    expect(epoll_ctl(ep, EPOLL_CTL_ADD, b, ev2)).toBe(-1);
    const events = [new epoll_event(), new epoll_event(), new epoll_event()];
    expect(epoll_wait(ep, events, 3, 0)).toBe(0);
    sendto(b, "1", 1, 0, addr, sizeof(addr));
    sendto(a, "2", 1, 0, baddr, sizeof(baddr));
    expect(epoll_wait(ep, events, 3, 1000)).toBe(2);
    const got = events.slice(0, 2).map((e) => [e.events, e.data.u64]);
    expect(got).toContainEqual([EPOLLIN, 2 ** 40 + a]);
    expect(got).toContainEqual([EPOLLIN, b]);
    // Level-triggered: a is reported again; the ONESHOT b is not.
    expect(epoll_wait(ep, events, 3, 0)).toBe(1);
    expect(events[0]!.data.u64).toBe(2 ** 40 + a);
    ev.events = EPOLLOUT;
    expect(epoll_ctl(ep, EPOLL_CTL_MOD, a, ev)).toBe(0);
    expect(epoll_wait(ep, events[0]!, 1, 0)).toBe(1);
    expect(events[0]!.events).toBe(EPOLLOUT);
    expect(epoll_ctl(ep, EPOLL_CTL_DEL, a, null)).toBe(0);
    expect(epoll_wait(ep, events, 3, 0)).toBe(0);
  });
});

describe("urgent data and errors", () => {
  it("TCP urgent data is POLLPRI for poll and an exception for select", () => {
    const [c, s] = tcpPair();
    expect(send(c, "!", 1, MSG_OOB!)).toBe(1);
    const pfd = new pollfd({ fd: s, events: POLLPRI });
    expect(poll(pfd, 1, 1000)).toBe(1);
    expect(pfd.revents).toBe(POLLPRI);
    const eset = new fd_set();
    FD_SET(s, eset);
    expect(select(s + 1, null, null, eset, new timeval({ tv_sec: 1, tv_usec: 0 }))).toBe(1);
    expect(FD_ISSET(s, eset)).toBe(1);
  });

  it("an ICMP port unreachable on a connected UDP socket is POLLERR", () => {
    const [a] = udp();
    const gone = loopback4(0);
    const [b, baddr] = udp();
    closeNow(b);
    gone.sin_port = baddr.sin_port;
    expect(connect(a, gone, sizeof(gone))).toBe(0);
    expect(send(a, "x", 1, 0)).toBe(1);
    const pfd = new pollfd({ fd: a, events: POLLIN });
    expect(poll(pfd, 1, 1000)).toBe(1);
    expect(pfd.revents & POLLERR).toBe(POLLERR);
    const err = new Int32Array(1);
    getsockopt(a, SOL_SOCKET, SO_ERROR, err, new socklen_t(4));
    expect(err[0]).toBe(ECONNREFUSED);
  });
});

describe("epoll flags", () => {
  it("EPOLLET reports new data once; EPOLLEXCLUSIVE is accepted on ADD and refused on MOD", () => {
    const [a, addr] = udp();
    const [b] = udp();
    const ep = track(epoll_create1(0));
    const ev = new epoll_event({ events: EPOLLIN | EPOLLET! });
    ev.data.fd = a;
    expect(epoll_ctl(ep, EPOLL_CTL_ADD, a, ev)).toBe(0);
    const out = [new epoll_event()];
    sendto(b, "1", 1, 0, addr, sizeof(addr));
    expect(epoll_wait(ep, out, 1, 1000)).toBe(1);
    expect(epoll_wait(ep, out, 1, 0)).toBe(0); // edge-triggered: unread data is not reported again
    sendto(b, "2", 1, 0, addr, sizeof(addr));
    expect(epoll_wait(ep, out, 1, 1000)).toBe(1);
    const ex = new epoll_event({ events: EPOLLIN | EPOLLEXCLUSIVE! });
    expect(epoll_ctl(ep, EPOLL_CTL_ADD, b, ex)).toBe(0);
    expect(epoll_ctl(ep, EPOLL_CTL_MOD, b, ex)).toBe(-1);
    expect(errno).toBe(EINVAL);
  });
});

describe("the non-blocking connect idiom", () => {
  it("O_NONBLOCK, connect → EINPROGRESS, poll POLLOUT, SO_ERROR 0", () => {
    const l = sock(AF_INET, SOCK_STREAM);
    const a = loopback4(0);
    bind(l, a, sizeof(a));
    listen(l, 4);
    getsockname(l, a, new socklen_t(sizeof(a)));
    const c = sock(AF_INET, SOCK_STREAM);
    const flags = fcntl(c, F_GETFL, 0);
    expect(fcntl(c, F_SETFL, flags | O_NONBLOCK!)).toBe(0);
    const r = connect(c, a, sizeof(a));
    if (r < 0) expect(errno).toBe(EINPROGRESS);
    const pfd = new pollfd({ fd: c, events: POLLOUT });
    expect(poll(pfd, 1, 2000)).toBe(1);
    expect(pfd.revents & POLLOUT).toBe(POLLOUT);
    const err = new Int32Array(1);
    expect(getsockopt(c, SOL_SOCKET, SO_ERROR, err, new socklen_t(sizeof(err)))).toBe(0);
    expect(err[0]).toBe(0);
    expect(send(c, "hi", 2, 0)).toBe(2);
  });

  it("reports ECONNREFUSED through SO_ERROR for a closed port", () => {
    const probe = sock(AF_INET, SOCK_STREAM);
    const a = loopback4(0);
    bind(probe, a, sizeof(a));
    getsockname(probe, a, new socklen_t(sizeof(a)));
    closeNow(probe); // the port is now closed
    const c = sock(AF_INET, SOCK_STREAM);
    fcntl(c, F_SETFL, fcntl(c, F_GETFL, 0) | O_NONBLOCK!);
    const r = connect(c, a, sizeof(a));
    if (r === 0) throw new Error("connected to a closed port");
    if (errno === ECONNREFUSED) return; // refused at once: also what C can see
    expect(errno).toBe(EINPROGRESS);
    const pfd = new pollfd({ fd: c, events: POLLOUT });
    expect(poll(pfd, 1, 2000)).toBe(1);
    expect(pfd.revents & (POLLERR | POLLHUP)).not.toBe(0);
    const err = new Int32Array(1);
    getsockopt(c, SOL_SOCKET, SO_ERROR, err, new socklen_t(4));
    expect(err[0]).toBe(ECONNREFUSED);
  });
});

describe("echo servers against C clients", () => {
  const client = compileC("examples/echo_client.c");
  const servers: [string, string, string[]][] = [
    ["select_server.c", compileC("examples/select_server.c"), []],
    ["select_server.ts", tsx, [`${root}/examples/select_server.ts`]],
    ["epoll_server.c", compileC("examples/epoll_server.c"), []],
    ["epoll_server.ts", tsx, [`${root}/examples/epoll_server.ts`]],
  ];
  for (const [name, cmd, args] of servers) {
    it(`${name} serves 8 concurrent clients`, async () => {
      const server = peer(cmd, args);
      try {
        const [, port] = await server.line(/listening on (\d+)/);
        const clients = Array.from({ length: 8 }, (_, i) => peer(client, [port!, String(i), "50"]));
        const results = await Promise.all(clients.map((c) => c.exit()));
        results.forEach((r, i) => {
          expect(r.stderr).toBe("");
          expect(r.stdout.trim()).toBe(`ok ${i}`);
          expect(r.code).toBe(0);
        });
      } finally {
        server.child.kill();
        await server.exit();
      }
    });
  }
});
