// The socket(2) family on real loopback sockets: bad input first, then the
// C results and errno values a ported program relies on.
import { spawnSync } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describe as describeValue } from "../src/describe.js";
import * as S from "../src/index.js";
import { closeNow, compileC, loopback4, loopback6, peer, sock, track } from "./helpers.js";

const {
  accept, accept4, bind, close, connect, fcntl, getpeername, getsockname, ioctl, listen, shutdown, socket, socketpair, sizeof,
  sockaddr_in, sockaddr_in6, sockaddr_un, socklen_t, ntohs, inet_ntoa, read, write, recv, offsetof,
  AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM, SOCK_DGRAM, SOCK_NONBLOCK, SOCK_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL, FD_CLOEXEC,
  O_NONBLOCK, FIONREAD, SHUT_WR, EADDRINUSE, EBADF, ECONNREFUSED, ENOTCONN, EINVAL, EOPNOTSUPP, EAFNOSUPPORT, EAGAIN, ENOTSOCK,
  EISCONN, ENOTTY, EFAULT, MSG_DONTWAIT,
} = S;

/** A listening TCP socket on 127.0.0.1 at an ephemeral port, and its address. */
function listener(): { fd: number; addr: InstanceType<typeof sockaddr_in> } {
  const fd = sock(AF_INET, SOCK_STREAM);
  const addr = loopback4(0);
  expect(bind(fd, addr, sizeof(addr))).toBe(0);
  expect(listen(fd, 16)).toBe(0);
  const len = new socklen_t(sizeof(addr));
  expect(getsockname(fd, addr, len)).toBe(0);
  return { fd, addr };
}

describe("bad input", () => {
  it("wrong types are TypeErrors naming the call and argument", () => {
    expect(() => socket("2" as never, SOCK_STREAM, 0)).toThrow(/socket: domain must be an integer/);
    expect(() => socket(AF_INET, 1.5, 0)).toThrow(TypeError);
    expect(() => socket(AF_INET, NaN, 0)).toThrow(TypeError);
    expect(() => bind(3, {} as never, 16)).toThrow(/bind: addr must be/);
    expect(() => accept(3, new sockaddr_in(), 16 as never)).toThrow(/socklen_t box/);
    // Each names the call the program made (accept is accept4 underneath).
    expect(() => accept("3" as never, null, null)).toThrow(/^accept: sockfd must be an integer/);
    expect(() => accept(3, {} as never, null)).toThrow(/^accept: addr must be/);
    expect(() => accept4(3, null, null, 0.5)).toThrow(/^accept4: flags must be an integer/);
    expect(() => close(undefined as never)).toThrow(TypeError);
    expect(() => fcntl(3, F_GETFL, "x" as never)).toThrow(TypeError);
  });

  it("a left-out argument is named as missing, not \"got undefined undefined\"", () => {
    const call = (f: unknown, ...args: unknown[]): (() => unknown) => () => (f as (...a: unknown[]) => unknown)(...args);
    expect(call(socket, AF_INET)).toThrow(new TypeError("socket: type is missing (must be an integer)"));
    expect(call(accept)).toThrow(new TypeError("accept: sockfd is missing (must be an integer)"));
    expect(call(bind, 3, loopback4())).toThrow(new TypeError("bind: addrlen is missing (must be an integer)"));
    expect(call(fcntl, 3, F_GETFL, null)).toThrow(new TypeError("fcntl: arg must be an integer, got null"));
    expect(describeValue(undefined)).toBe("undefined");
  });

  it("out-of-range integers and lengths past the struct are RangeErrors", () => {
    expect(() => socket(2 ** 31, SOCK_STREAM, 0)).toThrow(RangeError);
    const a = loopback4();
    expect(() => bind(3, a, sizeof(a) + 1)).toThrow(/larger than the 16 bytes/);
    expect(() => bind(3, a, -1)).toThrow(RangeError);
    expect(() => connect(3, a, 2 ** 53)).toThrow(RangeError);
    const len = new socklen_t(sizeof(a) + 100);
    expect(() => getsockname(3, a, len)).toThrow(RangeError);
    expect(() => accept(3, a, len)).toThrow(RangeError);
  });

  it("a NULL address with a length is C's EFAULT, not an exception", () => {
    const fd = sock(AF_INET, SOCK_STREAM);
    expect(bind(fd, null, 16)).toBe(-1);
    expect(S.errno).toBe(EFAULT);
  });
});

describe("socket, bind, listen, accept, connect", () => {
  it("the TCP workflow returns C's values and fills addresses", () => {
    const { fd, addr } = listener();
    expect(ntohs(addr.sin_port)).toBeGreaterThan(0);
    const c = sock(AF_INET, SOCK_STREAM);
    expect(connect(c, addr, sizeof(addr))).toBe(0);
    const from = new sockaddr_in();
    const fromlen = new socklen_t(sizeof(from));
    const conn = track(accept(fd, from, fromlen));
    expect(conn).toBeGreaterThan(2);
    expect(fromlen.value).toBe(16);
    expect(inet_ntoa(from.sin_addr)).toBe("127.0.0.1");
    const peerAddr = new sockaddr_in();
    const plen = new socklen_t(sizeof(peerAddr));
    expect(getpeername(c, peerAddr, plen)).toBe(0);
    expect(peerAddr.sin_port).toBe(addr.sin_port);
    const mine = new sockaddr_in();
    expect(getsockname(c, mine, new socklen_t(16))).toBe(0);
    expect(mine.sin_port).toBe(from.sin_port);
    expect(write(c, "ping", 4)).toBe(4);
    const buf = Buffer.alloc(16);
    expect(read(conn, buf, buf.length)).toBe(4);
    expect(buf.subarray(0, 4).toString()).toBe("ping");
    expect(shutdown(c, SHUT_WR)).toBe(0);
    expect(read(conn, buf, buf.length)).toBe(0);
  });

  it("accept with NULL address, and accept4 flags", () => {
    const { fd, addr } = listener();
    const c = sock(AF_INET, SOCK_STREAM);
    expect(connect(c, addr, sizeof(addr))).toBe(0);
    const conn = track(accept4(fd, null, null, SOCK_NONBLOCK));
    expect(conn).toBeGreaterThan(2);
    expect(fcntl(conn, F_GETFL) & O_NONBLOCK).toBe(O_NONBLOCK);
    expect(recv(conn, Buffer.alloc(1), 1, 0)).toBe(-1);
    expect(S.errno).toBe(EAGAIN);
  });

  it("a truncated address: the kernel writes what fits and reports the real length", () => {
    const { fd, addr } = listener();
    const small = new sockaddr_in6();
    const len = new socklen_t(8);
    expect(getsockname(fd, small, len)).toBe(0);
    expect(len.value).toBe(16);
    expect(small.sin6_port).toBe(addr.sin_port);
    expect(small.sin6_flowinfo).toBe(addr.sin_addr.s_addr); // bytes 4..8: the IPv4 address
    expect(small.sin6_addr.s6_addr.every((b) => b === 0)).toBe(true); // nothing past the 8 bytes allowed
  });

  it("errno values match C: EADDRINUSE, ECONNREFUSED, ENOTCONN, EBADF, EINVAL, EOPNOTSUPP, EAFNOSUPPORT, EISCONN", () => {
    const { fd, addr } = listener();
    const other = sock(AF_INET, SOCK_STREAM);
    expect(bind(other, addr, sizeof(addr))).toBe(-1);
    expect(S.errno).toBe(EADDRINUSE);

    // A port with nothing listening: bind one, close it, then connect.
    const tmp = socket(AF_INET, SOCK_STREAM, 0);
    const free = loopback4(0);
    bind(tmp, free, sizeof(free));
    getsockname(tmp, free, new socklen_t(16));
    close(tmp);
    const c = sock(AF_INET, SOCK_STREAM);
    expect(connect(c, free, sizeof(free))).toBe(-1);
    expect(S.errno).toBe(ECONNREFUSED);

    const u = sock(AF_INET, SOCK_STREAM);
    expect(getpeername(u, new sockaddr_in(), new socklen_t(16))).toBe(-1);
    expect(S.errno).toBe(ENOTCONN);
    expect(shutdown(u, SHUT_WR)).toBe(-1);
    expect(S.errno).toBe(ENOTCONN);

    expect(close(1_000_000)).toBe(-1);
    expect(S.errno).toBe(EBADF);
    expect(listen(1_000_000, 1)).toBe(-1);
    expect(S.errno).toBe(EBADF);

    expect(bind(fd, addr, 3)).toBe(-1);
    expect(S.errno).toBe(EINVAL);

    const d = sock(AF_INET, SOCK_DGRAM);
    expect(listen(d, 1)).toBe(-1);
    expect(S.errno).toBe(EOPNOTSUPP);

    expect(socket(12345, SOCK_STREAM, 0)).toBe(-1);
    expect(S.errno).toBe(EAFNOSUPPORT);

    const cc = sock(AF_INET, SOCK_STREAM);
    expect(connect(cc, addr, sizeof(addr))).toBe(0);
    expect(connect(cc, addr, sizeof(addr))).toBe(-1);
    expect(S.errno).toBe(EISCONN);
    track(accept(fd, null, null));
  });

  it("a call that succeeds leaves errno alone", () => {
    expect(close(1_000_000)).toBe(-1);
    expect(S.errno).toBe(EBADF);
    const fd = sock(AF_INET, SOCK_DGRAM);
    expect(fd).toBeGreaterThan(0);
    expect(S.errno).toBe(EBADF);
  });

  it("IPv6 loopback works too", () => {
    const fd = sock(AF_INET6, SOCK_STREAM);
    const a = loopback6(0);
    expect(bind(fd, a, sizeof(a))).toBe(0);
    expect(listen(fd, 1)).toBe(0);
    expect(getsockname(fd, a, new socklen_t(sizeof(a)))).toBe(0);
    const c = sock(AF_INET6, SOCK_STREAM);
    expect(connect(c, a, sizeof(a))).toBe(0);
    const from = new sockaddr_in6();
    const l = new socklen_t(sizeof(from));
    track(accept(fd, from, l));
    expect(l.value).toBe(28);
    expect(S.inet_ntop(AF_INET6, from.sin6_addr, null, 46)).toBe("::1");
  });
});

describe("unix domain sockets and socketpair", () => {
  it("socketpair fills an Int32Array(2)", () => {
    const sv = new Int32Array(2);
    expect(socketpair(AF_UNIX, SOCK_STREAM, 0, sv)).toBe(0);
    track(sv[0]!);
    track(sv[1]!);
    expect(write(sv[0]!, "abc", 3)).toBe(3);
    const b = Buffer.alloc(3);
    expect(read(sv[1]!, b, 3)).toBe(3);
    expect(b.toString()).toBe("abc");
    expect(() => socketpair(AF_UNIX, SOCK_STREAM, 0, new Uint8Array(8) as never)).toThrow(TypeError);
  });

  it("abstract-namespace addresses bind and connect", () => {
    const name = `\0berkeley-sockets-test-${process.pid}`;
    const a = new sockaddr_un();
    a.sun_family = AF_UNIX;
    a.sun_path = name;
    const alen = offsetof(sockaddr_un, "sun_path") + Buffer.byteLength(name);
    const s = sock(AF_UNIX, SOCK_STREAM);
    expect(bind(s, a, alen)).toBe(0);
    expect(listen(s, 1)).toBe(0);
    const c = sock(AF_UNIX, SOCK_STREAM);
    expect(connect(c, a, alen)).toBe(0);
    const got = new sockaddr_un();
    const glen = new socklen_t(sizeof(got));
    expect(getsockname(s, got, glen)).toBe(0);
    expect(glen.value).toBe(alen);
    expect(Buffer.from(got.sun_path.subarray(0, alen - 2)).toString("latin1")).toBe(name);
    track(accept(s, null, null));
  });
});

describe("descriptors", () => {
  it("are close-on-exec by default; clearing FD_CLOEXEC lets a child inherit", () => {
    const fd = sock(AF_INET, SOCK_STREAM);
    expect(fcntl(fd, F_GETFD) & FD_CLOEXEC).toBe(FD_CLOEXEC);
    const probe = (n: number) => spawnSync("sh", ["-c", `test -e /proc/self/fd/${n} && echo open || echo closed`], { encoding: "utf8" }).stdout.trim();
    expect(probe(fd)).toBe("closed");
    expect(fcntl(fd, F_SETFD, 0)).toBe(0);
    expect(probe(fd)).toBe("open");
    const sv = new Int32Array(2);
    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
    track(sv[0]!);
    track(sv[1]!);
    expect(fcntl(sv[0]!, F_GETFD) & FD_CLOEXEC).toBe(FD_CLOEXEC);
  });

  it("fcntl O_NONBLOCK and ioctl FIONREAD", () => {
    const sv = new Int32Array(2);
    expect(socketpair(AF_UNIX, SOCK_STREAM, 0, sv)).toBe(0);
    track(sv[0]!);
    track(sv[1]!);
    const fl = fcntl(sv[1]!, F_GETFL);
    expect(fcntl(sv[1]!, F_SETFL, fl | O_NONBLOCK)).toBe(0);
    expect(read(sv[1]!, Buffer.alloc(1), 1)).toBe(-1);
    expect(S.errno).toBe(EAGAIN);
    write(sv[0]!, "12345", 5);
    const n = new Int32Array(1);
    expect(ioctl(sv[1]!, FIONREAD, n)).toBe(0);
    expect(n[0]).toBe(5);
    expect(ioctl(sv[1]!, 0x5401 /* TCGETS: not an int request */, n)).toBe(-1);
    expect(S.errno).toBe(ENOTTY);
    expect(() => ioctl(sv[1]!, FIONREAD, new Uint8Array(4) as never)).toThrow(TypeError);
  });

  it("descriptors are plain integers other APIs accept", () => {
    const sv = new Int32Array(2);
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    track(sv[0]!);
    track(sv[1]!);
    expect(writeSync(sv[0]!, "via fs")).toBe(6);
    const b = Buffer.alloc(6);
    expect(recv(sv[1]!, b, 6, MSG_DONTWAIT)).toBe(6);
    expect(b.toString()).toBe("via fs");
    const f = closeNow(sv[0]!);
    expect(f).toBe(0);
  });

  it("non-socket descriptors give ENOTSOCK where C does", () => {
    const fd = openSync("/dev/null", "r");
    try {
      expect(listen(fd, 1)).toBe(-1);
      expect(S.errno).toBe(ENOTSOCK);
    } finally {
      closeSync(fd);
    }
  });
});

describe("interop smoke: a C client connects to a TypeScript listener", () => {
  it("C connect() → TS accept()", async () => {
    const { fd, addr } = listener();
    const bin = compileC(`#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
int main(int argc, char **argv) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a; memset(&a, 0, sizeof a);
  a.sin_family = AF_INET; a.sin_port = htons(atoi(argv[1])); a.sin_addr.s_addr = inet_addr("127.0.0.1");
  if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) { perror("connect"); return 1; }
  write(fd, "from C", 6);
  char buf[32]; ssize_t n = read(fd, buf, sizeof buf - 1); buf[n > 0 ? n : 0] = 0;
  printf("%s\\n", buf); close(fd); return 0;
}`);
    const p = peer(bin, [String(ntohs(addr.sin_port))]);
    const conn = track(accept(fd, null, null));
    const b = Buffer.alloc(6);
    expect(read(conn, b, 6)).toBe(6);
    expect(b.toString()).toBe("from C");
    expect(write(conn, "from TS", 7)).toBe(7);
    const r = await p.exit();
    expect(r.stdout.trim()).toBe("from TS");
  });
});
