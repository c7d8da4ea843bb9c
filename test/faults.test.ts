// Faults: peers that reset, signals during blocking calls, descriptor limits.
// Each scenario runs in a child process (the sync API blocks like C, and a
// signal death must not take the test runner with it).
import { createSocket } from "node:dgram";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  AF_INET, bind, close, ECONNRESET, EINTR, EMFILE, EPIPE, FD_ISSET, FD_SET, FD_SETSIZE, fd_set, getsockname, memcpy, select, sendto,
  SOCK_DGRAM, sizeof, sockaddr_in, socket, socklen_t, timeval,
} from "../src/index.js";
import * as P from "../src/promises.js";
import { loopback4, peer, root } from "./helpers.js";

// node itself runs the script (not the tsx wrapper, which would be the one to receive signals).
const script = (file: string): string[] => ["--import", "tsx", join(root, "test", "faults", file)];
const child = (file: string, ...args: string[]) => peer(process.execPath, [...script(file), ...args]);
const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split("\n").filter((l) => l.startsWith("{")).at(-1)!);

describe("peer reset (RST through linger {1, 0})", () => {
  for (const toggle of ["plain", "toggled"]) {
    const note = toggle === "toggled" ? " after a SIGPIPE listener was added and removed" : "";

    test(`a blocked recv returns -1/ECONNRESET${note}`, async () => {
      const r = await child("rst-child.ts", "read", toggle).exit();
      expect(r.signal, r.stderr).toBeNull();
      expect(r.code, r.stderr).toBe(0);
      const out = lastJson(r.stdout);
      expect(out.recv).toEqual([-1, ECONNRESET]);
      expect(out).toMatchObject({ ignoredAtStart: true, ignoredNow: toggle === "plain" });
    });

    test(`a blocked send returns -1/ECONNRESET or EPIPE, later writes -1/EPIPE, no SIGPIPE death${note}`, async () => {
      const r = await child("rst-child.ts", "write", toggle).exit();
      expect(r.signal, r.stderr).toBeNull();
      expect(r.code, r.stderr).toBe(0);
      const out = lastJson(r.stdout);
      // The toggle really left SIGPIPE deadly: only the library's care keeps this process alive.
      expect(out).toMatchObject({ ignoredAtStart: true, ignoredNow: toggle === "plain" });
      const [n, e] = out.send as [number, number];
      expect(n).toBe(-1);
      expect([ECONNRESET, EPIPE]).toContain(e);
      expect(out.sendAgain).toEqual([-1, EPIPE]);
      expect(out.writeAgain).toEqual([-1, EPIPE]);
      expect(out.pipeWrite).toEqual([-1, EPIPE]);
    });
  }
});

/**
 * A signal arriving during a blocking call. Node (libuv) installs its signal
 * handlers with SA_RESTART, so per signal(7) a blocking recvfrom is restarted
 * by the kernel and keeps waiting (the JS listener runs only after the call
 * returns, when the event loop turns again); a recvfrom on a socket with
 * SO_RCVTIMEO is never restarted and fails with -1/EINTR, as in C.
 */
describe("a signal during a blocking recvfrom", () => {
  async function run(mode: string) {
    const p = child("eintr-child.ts", mode);
    const port = Number((await p.line(/ready (\d+)/))[1]);
    await new Promise((r) => setTimeout(r, 300)); // the child is now blocked in recvfrom
    p.child.kill("SIGUSR2");
    await new Promise((r) => setTimeout(r, 500));
    const udp = createSocket("udp4");
    await new Promise<void>((res) => udp.send("after the signal", port, "127.0.0.1", () => res()));
    udp.close();
    const r = await p.exit();
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
    return lines;
  }

  test("without SO_RCVTIMEO the call is restarted (SA_RESTART) and returns the datagram sent after the signal", async () => {
    const [call, listener] = await run("plain");
    expect(call).toMatchObject({ recvfrom: 16, text: "after the signal", signalsSeenDuringCall: 0 });
    expect(call!.ms as number).toBeGreaterThanOrEqual(600);
    expect(listener).toMatchObject({ listenerRan: true, signals: 1 });
  });

  test("with SO_RCVTIMEO the call fails with -1/EINTR when the signal arrives", async () => {
    const [call, listener] = await run("timeout");
    expect(call).toMatchObject({ recvfrom: -1, errno: EINTR, signalsSeenDuringCall: 0 });
    expect(call!.ms as number).toBeLessThan(5000); // long before the 10 s timeout
    expect(listener).toMatchObject({ listenerRan: true });
  });
});

describe("resource limits", () => {
  test("with RLIMIT_NOFILE lowered, socket() returns -1/EMFILE and works again after close", async () => {
    const p = peer("sh", ["-c", `ulimit -n 64 && exec "$0" "$@"`, process.execPath, ...script("emfile-child.ts")]);
    const r = await p.exit();
    expect(r.code, r.stderr).toBe(0);
    const out = lastJson(r.stdout);
    expect(out.result).toBe(-1);
    expect(out.errno).toBe(EMFILE);
    expect(out.opened as number).toBeGreaterThan(0);
    expect(out.opened as number).toBeLessThan(64);
    expect(out.closed).toBe(out.opened);
    expect(out.again).toBe(true);
  });

  test("select() and FD_SET with a descriptor >= FD_SETSIZE are a RangeError (C would write past the fd_set)", () => {
    const set = new fd_set();
    expect(() => FD_SET(FD_SETSIZE, set)).toThrow(RangeError);
    expect(() => FD_ISSET(FD_SETSIZE + 100, set)).toThrow(RangeError);
    expect(() => select(FD_SETSIZE + 1, set, null, null, new timeval())).toThrow(RangeError);
    const bytes = memcpy(new Uint8Array(sizeof(set)), set, sizeof(set));
    expect(bytes.every((b) => b === 0)).toBe(true); // nothing was set by the refused calls
    FD_SET(FD_SETSIZE - 1, set); // the last one that fits
    expect(FD_ISSET(FD_SETSIZE - 1, set)).toBe(1);
  });

  test("close(fd) then a new socket with the same number never receives a stale promise operation's events", async () => {
    const open = (): [number, sockaddr_in] => {
      const fd = socket(AF_INET, SOCK_DGRAM, 0);
      const a = loopback4(0);
      bind(fd, a, sizeof(a));
      getsockname(fd, a, new socklen_t(sizeof(a)));
      return [fd, a];
    };
    const [old] = open();
    const staleBuf = Buffer.alloc(8);
    const stale = P.recv(old, staleBuf, 8, 0);
    const staleDone = stale.then(
      () => "resolved",
      (e: { code?: string }) => e.code,
    );
    expect(close(old)).toBe(0); // the blocking module's close, with the wait pending
    const [fresh, freshAddr] = open();
    const [sender] = open();
    try {
      expect(fresh).toBe(old); // the kernel hands out the lowest free number
      expect(await staleDone).toBe("EBADF");
      expect(sendto(sender, "for the new socket", 18, 0, freshAddr, sizeof(freshAddr))).toBe(18);
      await new Promise((r) => setTimeout(r, 50));
      const buf = Buffer.alloc(32);
      // The datagram is still queued for the new socket: the stale wait took nothing.
      expect(await P.recv(fresh, buf, 32, 0)).toBe(18);
      expect(buf.subarray(0, 18).toString()).toBe("for the new socket");
      expect(staleBuf.every((b) => b === 0)).toBe(true);
    } finally {
      close(fresh);
      close(sender);
    }
  });
});
