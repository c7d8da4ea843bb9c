// berkeley-sockets/promises leaves a descriptor's file status flags as it
// found them: accept, connect and read/write on a pipe need O_NONBLOCK while
// they try, and uv_poll_init sets it on every descriptor a call waits on; the
// call restores the flags when it settles (resolved, rejected, aborted, or
// settled by close). So a blocking call of the main module afterwards blocks,
// as the C program it ports expects.
import { spawnSync } from "node:child_process";
import { constants as fsConstants, mkdtempSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  accept, AF_INET, connect, EBADF, ECONNREFUSED, epoll_create1, epoll_ctl, EPOLL_CTL_ADD, epoll_event, EPOLLIN, F_DUPFD_CLOEXEC, F_GETFL, F_SETFL,
  fcntl, FD_SET, fd_set, ntohs, O_NONBLOCK, pollfd, POLLIN, recv, SO_RCVTIMEO, SOCK_STREAM, sendto, setsockopt, sizeof, SOL_SOCKET, timeval,
} from "../src/index.js";
import * as P from "../src/promises.js";
import { watchers } from "../src/watch.js";
import { closeNow, tcpListener as listener, loopback4, peer, sock, track, udpSocket as udp, untrack } from "./helpers.js";

const getfl = (fd: number): number => fcntl(fd, F_GETFL);
const tick = (ms = 20): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A blocking call of the main module waits at most this long (SO_RCVTIMEO), so a regression fails instead of hanging. */
function boundedWait(fd: number): void {
  expect(setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, new timeval({ tv_sec: 10, tv_usec: 0 }), sizeof(timeval))).toBe(0);
}

/**
 * A python3 peer that acts after 300 ms, while this thread is blocked in a
 * call of the main module: `serve` listens (printing its port), accepts, then
 * sends "late"; `connect PORT` connects, then sends "late". Both then wait for
 * the other end to close.
 */
const LATE = `
import socket, sys, time
if sys.argv[1] == "serve":
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
    print(s.getsockname()[1], flush=True)
    c, _ = s.accept()
else:
    time.sleep(0.3)
    c = socket.create_connection(("127.0.0.1", int(sys.argv[2])))
time.sleep(0.3)
c.sendall(b"late")
c.recv(1)
`;

describe("after a promises call, the main module's blocking calls block", () => {
  it("connect: a blocking recv waits for the peer's late data (not -1/EAGAIN)", async () => {
    const srv = peer("python3", ["-c", LATE, "serve"]);
    const [, port] = await srv.line(/^(\d+)$/m);
    const c = sock(AF_INET, SOCK_STREAM);
    boundedWait(c);
    const before = getfl(c);
    const to = loopback4(Number(port));
    expect(await P.connect(c, to, sizeof(to))).toBe(0);
    expect(getfl(c)).toBe(before);
    const buf = Buffer.alloc(8);
    const t0 = performance.now();
    expect(recv(c, buf, 8, 0)).toBe(4);
    expect(buf.subarray(0, 4).toString()).toBe("late");
    expect(performance.now() - t0).toBeGreaterThan(100); // it really waited for the peer
    closeNow(c);
    expect((await srv.exit()).code).toBe(0);
  });

  it("accept (one at once, one that waited): a blocking accept waits for a late client", async () => {
    const [l, a] = listener();
    boundedWait(l);
    const before = getfl(l);
    const c1 = sock(AF_INET, SOCK_STREAM);
    expect(connect(c1, a, sizeof(a))).toBe(0);
    track(await P.accept(l, null, null)); // ready at once: no wait
    expect(getfl(l)).toBe(before);
    const waiting = P.accept(l, null, null);
    await tick();
    expect(watchers()).toBe(1);
    const c2 = sock(AF_INET, SOCK_STREAM);
    expect(connect(c2, a, sizeof(a))).toBe(0);
    track(await waiting);
    expect(getfl(l)).toBe(before);
    const late = peer("python3", ["-c", LATE, "connect", String(ntohs(a.sin_port))]);
    const s = track(accept(l, null, null));
    expect(s).toBeGreaterThanOrEqual(0);
    const buf = Buffer.alloc(8);
    boundedWait(s);
    expect(recv(s, buf, 8, 0)).toBe(4);
    expect(buf.subarray(0, 4).toString()).toBe("late");
    closeNow(s);
    expect((await late.exit()).code).toBe(0);
  });
});

/** One way for a promises call to run and settle on a descriptor; returns the descriptor whose flags it must leave alone. */
type Scenario = (preset: (fd: number) => number) => Promise<void>;

/** Runs the scenario, checking the flags of the descriptor the preset was applied to, before and after. */
const SCENARIOS: Record<string, Scenario> = {
  "accept that waits": async (preset) => {
    const [l, a] = listener();
    const before = preset(l);
    const p = P.accept(l, null, null);
    await tick();
    const c = sock(AF_INET, SOCK_STREAM);
    expect(connect(c, a, sizeof(a))).toBe(0);
    track(await p);
    expect(getfl(l)).toBe(before);
  },
  "two accepts at once, settling one after the other": async (preset) => {
    const [l, a] = listener();
    const before = preset(l);
    const p1 = P.accept(l, null, null);
    const p2 = P.accept(l, null, null);
    await tick();
    expect(connect(sock(AF_INET, SOCK_STREAM), a, sizeof(a))).toBe(0);
    track(await p1);
    // The second still waits: the descriptor stays non-blocking for it.
    expect(getfl(l) & O_NONBLOCK!).toBe(O_NONBLOCK);
    expect(connect(sock(AF_INET, SOCK_STREAM), a, sizeof(a))).toBe(0);
    track(await p2);
    expect(getfl(l)).toBe(before);
  },
  "connect refused": async (preset) => {
    const [l, a] = listener();
    closeNow(l);
    const c = sock(AF_INET, SOCK_STREAM);
    const before = preset(c);
    await expect(P.connect(c, a, sizeof(a))).rejects.toMatchObject({ errno: ECONNREFUSED });
    expect(getfl(c)).toBe(before);
  },
  "recv that waits (uv_poll_init sets O_NONBLOCK)": async (preset) => {
    const [u, a] = udp();
    const [v] = udp();
    const before = preset(u);
    const p = P.recv(u, Buffer.alloc(8), 8, 0);
    await tick();
    expect(sendto(v, "x", 1, 0, a, sizeof(a))).toBe(1);
    expect(await p).toBe(1);
    expect(getfl(u)).toBe(before);
  },
  "recvfrom aborted": async (preset) => {
    const [u] = udp();
    const before = preset(u);
    const ac = new AbortController();
    const p = P.recvfrom(u, Buffer.alloc(8), 8, 0, null, null, { signal: ac.signal });
    await tick();
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    expect(getfl(u)).toBe(before);
  },
  "accept settled by close (a dup shares the flags)": async (preset) => {
    const [l] = listener();
    const before = preset(l);
    const dup = track(fcntl(l, F_DUPFD_CLOEXEC!, 0));
    const p = P.accept(l, null, null);
    await tick();
    expect(await P.close(untrack(l))).toBe(0);
    await expect(p).rejects.toMatchObject({ errno: EBADF });
    expect(getfl(dup)).toBe(before);
  },
  "select, poll and epoll_wait that wait": async (preset) => {
    const [u, a] = udp();
    const [v] = udp();
    const ep = track(epoll_create1(0));
    const ev = new epoll_event();
    ev.events = EPOLLIN!;
    ev.data.fd = u;
    expect(epoll_ctl(ep, EPOLL_CTL_ADD!, u, ev)).toBe(0);
    const before = preset(u);
    const epBefore = preset(ep);
    const rset = new fd_set();
    FD_SET(u, rset);
    const waits = [P.select(u + 1, rset, null, null, null), P.poll(new pollfd({ fd: u, events: POLLIN }), 1, -1), P.epoll_wait(ep, new epoll_event(), 1, -1)];
    await tick();
    expect(sendto(v, "x", 1, 0, a, sizeof(a))).toBe(1);
    expect(await Promise.all(waits)).toEqual([1, 1, 1]);
    expect(getfl(u)).toBe(before);
    expect(getfl(ep)).toBe(epBefore);
  },
  "read and write on a FIFO that wait": async (preset) => {
    const dir = mkdtempSync(join(tmpdir(), "bs-fifo-"));
    try {
      const path = join(dir, "fifo");
      expect(spawnSync("mkfifo", [path]).status).toBe(0);
      const fd = track(openSync(path, fsConstants.O_RDWR));
      const before = preset(fd);
      const buf = Buffer.alloc(8);
      const r = P.read(fd, buf, 8);
      await tick();
      expect(await P.write(fd, "fifo", 4)).toBe(4);
      expect(await r).toBe(4);
      expect(getfl(fd)).toBe(before);
    } finally {
      rmSync(dir, { recursive: true });
    }
  },
};

describe("a promises call leaves the descriptor's file status flags as it found them", () => {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(`${name}: blocking stays blocking`, async () => {
      await scenario((fd) => {
        const fl = getfl(fd);
        expect(fl & O_NONBLOCK!).toBe(0);
        return fl;
      });
      expect(watchers()).toBe(0);
    });
    it(`${name}: O_NONBLOCK set by the program stays set`, async () => {
      await scenario((fd) => {
        expect(fcntl(fd, F_SETFL, getfl(fd) | O_NONBLOCK!)).toBe(0);
        return getfl(fd);
      });
      expect(watchers()).toBe(0);
    });
  }
});
