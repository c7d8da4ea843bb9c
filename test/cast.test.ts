// cast() is a C pointer cast (MIRROR §8): a cast view keeps the memory of the
// object it views, from its start to that object's end, so every bounds check
// (an addrlen, a socklen_t box, a further cast) uses the memory really there,
// while sizeof stays the type's size. Tested on the sockaddr_storage idiom of
// every classic server (accept through cast(sockaddr, ss), then get_in_addr),
// against a C client over IPv4 and IPv6 loopback, in both entry points, and at
// every place a struct pointer is taken.
import { describe, expect, it } from "vitest";
import {
  accept, AF_INET, AF_INET6, bind, cast, connect, getnameinfo, getpeername, getsockname, getsockopt, in6_addr, in_addr,
  inet_ntop, inet_pton, INET6_ADDRSTRLEN, iovec, linger, listen, memcpy, memset, msghdr, NI_MAXHOST, NI_NUMERICHOST,
  ntohs, recv, recvfrom, recvmsg, send, sendto, setsockopt, sizeof, SO_LINGER, SO_RCVTIMEO, SOCK_DGRAM, SOCK_STREAM,
  sockaddr, sockaddr_in, sockaddr_in6, sockaddr_storage, socklen_t, SOL_SOCKET, timeval,
} from "../src/index.js";
import { native } from "../src/native.js";
import * as P from "../src/promises.js";
import { closeNow, compileC, loopback4, loopback6, peer, sock, track, untrack } from "./helpers.js";

// Beej's get_in_addr, line for line: the parameter is a struct sockaddr *.
function get_in_addr(sa: sockaddr): in_addr | in6_addr {
  if (sa.sa_family === AF_INET) return cast(sockaddr_in, sa).sin_addr;
  return cast(sockaddr_in6, sa).sin6_addr;
}
function get_in_port(sa: sockaddr): number {
  if (sa.sa_family === AF_INET) return ntohs(cast(sockaddr_in, sa).sin_port);
  return ntohs(cast(sockaddr_in6, sa).sin6_port);
}

/** A C client: connects to argv[1]:argv[2], prints its own address as the server should see it, waits for EOF. */
const CLIENT = `
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
static void *get_in_addr(struct sockaddr *sa) {
  if (sa->sa_family == AF_INET) return &(((struct sockaddr_in *)sa)->sin_addr);
  return &(((struct sockaddr_in6 *)sa)->sin6_addr);
}
int main(int argc, char *argv[]) {
  struct addrinfo hints, *res;
  memset(&hints, 0, sizeof hints);
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  if (argc != 3 || getaddrinfo(argv[1], argv[2], &hints, &res) != 0) return 2;
  int fd = socket(res->ai_family, SOCK_STREAM, 0);
  if (fd < 0 || connect(fd, res->ai_addr, res->ai_addrlen) < 0) { perror("connect"); return 1; }
  struct sockaddr_storage me;
  socklen_t len = sizeof me;
  if (getsockname(fd, (struct sockaddr *)&me, &len) < 0) { perror("getsockname"); return 1; }
  char s[INET6_ADDRSTRLEN];
  inet_ntop(me.ss_family, get_in_addr((struct sockaddr *)&me), s, sizeof s);
  int port = ntohs(me.ss_family == AF_INET ? ((struct sockaddr_in *)&me)->sin_port : ((struct sockaddr_in6 *)&me)->sin6_port);
  printf("server: got connection from %s port %d\\n", s, port);
  fflush(stdout);
  char c;
  while (read(fd, &c, 1) > 0) {}
  freeaddrinfo(res);
  return 0;
}
`;

/** A listening TCP socket on 127.0.0.1 or ::1: its descriptor, address text and port. */
function listening(family: number): [number, string, number] {
  const l = sock(family, SOCK_STREAM);
  const a = family === AF_INET ? loopback4(0) : loopback6(0);
  expect(bind(l, a, sizeof(a))).toBe(0);
  expect(listen(l, 4)).toBe(0);
  const len = new socklen_t(sizeof(a));
  expect(getsockname(l, a, len)).toBe(0);
  return [l, family === AF_INET ? "127.0.0.1" : "::1", get_in_port(cast(sockaddr, a))];
}

/** What the server prints about their_addr, as the C idiom writes it. */
function report(their_addr: sockaddr_storage): string {
  const s = Buffer.alloc(INET6_ADDRSTRLEN);
  inet_ntop(their_addr.ss_family, get_in_addr(cast(sockaddr, their_addr)), s, sizeof(s));
  return `server: got connection from ${s.toString("latin1", 0, s.indexOf(0))} port ${get_in_port(cast(sockaddr, their_addr))}\n`;
}

describe("cast keeps the memory it points into", () => {
  it("sizeof is the type's, every further cast and length uses the object's memory", () => {
    const ss = new sockaddr_storage();
    const sa = cast(sockaddr, ss);
    expect(sizeof(sa)).toBe(sizeof(sockaddr));
    expect(sizeof(ss)).toBe(sizeof(sockaddr_storage));
    const six = cast(sockaddr_in6, sa); // C: (struct sockaddr_in6 *)sa
    six.sin6_family = AF_INET6;
    six.sin6_port = 0x1234;
    expect(ss.ss_family).toBe(AF_INET6);
    expect(sa.sa_family).toBe(AF_INET6);
    expect(sizeof(six)).toBe(sizeof(sockaddr_in6));
    // A cast back to the whole object reaches all of it, and is live.
    expect(sizeof(cast(sockaddr_storage, cast(sockaddr, ss)))).toBe(sizeof(ss));
    // C's struct copy through the pointer: *(struct sockaddr_in6 *)sa.
    const copy = new sockaddr_in6(cast(sockaddr_in6, cast(sockaddr, ss)));
    expect(copy.sin6_port).toBe(0x1234);
    copy.sin6_port = 1;
    expect(six.sin6_port).toBe(0x1234);
  });

  it("a cast that does not fit in the memory really there is still a RangeError", () => {
    const sin = new sockaddr_in();
    expect(() => cast(sockaddr_in6, sin)).toThrow(/a sockaddr_in6 \(28 bytes\) does not fit in 16 bytes/);
    expect(() => cast(sockaddr_in6, cast(sockaddr, sin))).toThrow(RangeError);
    expect(() => cast(sockaddr_storage, cast(sockaddr, new sockaddr_in6()))).toThrow(RangeError);
    // Over bytes: the view handed in is the object, never the ArrayBuffer behind it.
    const buf = Buffer.alloc(64);
    expect(sizeof(cast(sockaddr_in6, cast(sockaddr, buf.subarray(36))))).toBe(28);
    expect(() => cast(sockaddr_in6, cast(sockaddr, buf.subarray(37)))).toThrow(RangeError);
    // A member's address reaches only the member (as under _FORTIFY_SOURCE).
    expect(() => cast(in6_addr, sin.sin_addr)).toThrow(RangeError);
  });

  it("a parameter typed sockaddr takes any sockaddr-family struct or cast view", () => {
    const sin = loopback4(80);
    const sin6 = loopback6(443);
    const ss = new sockaddr_storage();
    memcpy(ss, sin6, sizeof(sin6));
    const text = (a: in_addr | in6_addr, af: number): string | null => inet_ntop(af, a, null, INET6_ADDRSTRLEN);
    expect(text(get_in_addr(cast(sockaddr, sin)), AF_INET)).toBe("127.0.0.1");
    expect(text(get_in_addr(cast(sockaddr, ss)), AF_INET6)).toBe("::1");
    expect(text(get_in_addr(sin), AF_INET)).toBe("127.0.0.1");
    expect(text(get_in_addr(sin6), AF_INET6)).toBe("::1");
    expect(get_in_port(ss)).toBe(443);
    expect(get_in_port(cast(sockaddr, cast(sockaddr_storage, ss)))).toBe(443);
  });

  describe.each([
    ["IPv4", AF_INET],
    ["IPv6", AF_INET6],
  ])("the sockaddr_storage accept idiom over %s loopback, against a C client", (_name, family) => {
    const client = compileC(CLIENT);

    it("berkeley-sockets: accept(sockfd, cast(sockaddr, their_addr), sin_size) with sin_size = sizeof their_addr", async () => {
      const [l, host, port] = listening(family);
      const c = peer(client, [host, String(port)]);
      const their_addr = new sockaddr_storage();
      const sin_size = new socklen_t(sizeof(their_addr));
      const new_fd = track(accept(l, cast(sockaddr, their_addr), sin_size));
      expect(new_fd).toBeGreaterThanOrEqual(0);
      expect(sin_size.value).toBe(family === AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6));
      const line = report(their_addr);
      // getpeername through the same kind of pointer agrees.
      const again = new sockaddr_storage();
      const n = new socklen_t(sizeof(again));
      expect(getpeername(new_fd, cast(sockaddr, again), n)).toBe(0);
      expect(report(again)).toBe(line);
      closeNow(new_fd);
      const r = await c.exit();
      expect(r.stderr).toBe("");
      expect(line).toBe(r.stdout);
    });

    it("berkeley-sockets/promises: the same idiom", async () => {
      const [l, host, port] = listening(family);
      const c = peer(client, [host, String(port)]);
      const their_addr = new sockaddr_storage();
      const sin_size = new socklen_t(sizeof(their_addr));
      const new_fd = track(await P.accept(l, cast(sockaddr, their_addr), sin_size));
      const line = report(their_addr);
      await P.close(untrack(new_fd));
      const r = await c.exit();
      expect(r.stderr).toBe("");
      expect(line).toBe(r.stdout);
      // One byte more than the object is the sync API's RangeError (a rejection here).
      await expect(P.accept(l, cast(sockaddr, their_addr), new socklen_t(sizeof(their_addr) + 1))).rejects.toThrow(RangeError);
    });
  });

  describe("every place a struct pointer is taken measures the cast view's memory", () => {
    /** A sockaddr_storage holding 127.0.0.1:port (or ::1), and its sockaddr view. */
    function storage(family: number, port = 0): [sockaddr_storage, sockaddr] {
      const ss = new sockaddr_storage();
      const a = family === AF_INET ? loopback4(port) : loopback6(port);
      memcpy(ss, a, sizeof(a));
      return [ss, cast(sockaddr, ss)];
    }
    const SS = sizeof(sockaddr_storage);

    it("bind, connect, accept, getsockname, getpeername (main and promises)", async () => {
      for (const family of [AF_INET, AF_INET6]) {
        const l = sock(family, SOCK_STREAM);
        const [ss, sa] = storage(family);
        expect(() => bind(l, sa, SS + 1)).toThrow(/bind: addrlen \(129\) is larger than the 128 bytes it describes/);
        expect(bind(l, sa, SS)).toBe(0);
        expect(listen(l, 4)).toBe(0);
        expect(() => getsockname(l, sa, new socklen_t(SS + 1))).toThrow(RangeError);
        expect(getsockname(l, sa, new socklen_t(SS))).toBe(0);
        const port = get_in_port(sa);
        const c = sock(family, SOCK_STREAM);
        const [, to] = storage(family, port);
        expect(() => connect(c, to, SS + 1)).toThrow(RangeError);
        expect(connect(c, to, SS)).toBe(0);
        const from = new sockaddr_storage();
        const len = new socklen_t(SS);
        expect(() => accept(l, cast(sockaddr, from), new socklen_t(SS + 1))).toThrow(RangeError);
        const a = track(accept(l, cast(sockaddr, from), len));
        expect(a).toBeGreaterThanOrEqual(0);
        const peerName = new sockaddr_storage();
        expect(() => getpeername(a, cast(sockaddr, peerName), new socklen_t(SS + 1))).toThrow(RangeError);
        expect(getpeername(a, cast(sockaddr, peerName), new socklen_t(SS))).toBe(0);
        expect(get_in_port(cast(sockaddr, peerName))).toBe(get_in_port(cast(sockaddr, from)));
        // The promises entry point: connect and accept4 through the same views.
        const c2 = sock(family, SOCK_STREAM);
        await expect(P.connect(c2, to, SS + 1)).rejects.toThrow(RangeError);
        await expect(P.connect(c2, to, SS)).resolves.toBe(0);
        const from2 = new sockaddr_storage();
        const len2 = new socklen_t(SS);
        const a2 = track(await P.accept4(l, cast(sockaddr, from2), len2, 0));
        expect(a2).toBeGreaterThanOrEqual(0);
        expect(len2.value).toBe(family === AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6));
      }
    });

    it("sendto, recvfrom, recvmsg's msg_name, getnameinfo (main and promises)", async () => {
      const u = sock(AF_INET, SOCK_DGRAM);
      const [, sa] = storage(AF_INET);
      expect(bind(u, sa, SS)).toBe(0);
      expect(getsockname(u, sa, new socklen_t(SS))).toBe(0);
      const v = sock(AF_INET, SOCK_DGRAM);
      expect(() => sendto(v, "x", 1, 0, sa, SS + 1)).toThrow(/dest_addr|addrlen/);
      expect(sendto(v, "one", 3, 0, sa, SS)).toBe(3);
      await expect(P.sendto(v, "two", 3, 0, sa, SS)).resolves.toBe(3);
      expect(sendto(v, "three", 5, 0, sa, SS)).toBe(5);
      const buf = Buffer.alloc(16);
      const from = new sockaddr_storage();
      expect(() => recvfrom(u, buf, 16, 0, cast(sockaddr, from), new socklen_t(SS + 1))).toThrow(RangeError);
      const len = new socklen_t(SS);
      expect(recvfrom(u, buf, 16, 0, cast(sockaddr, from), len)).toBe(3);
      expect(len.value).toBe(sizeof(sockaddr_in));
      const from2 = new sockaddr_storage();
      const len2 = new socklen_t(SS);
      await expect(P.recvfrom(u, buf, 16, 0, cast(sockaddr, from2), len2)).resolves.toBe(3);
      expect(get_in_port(cast(sockaddr, from2))).toBe(get_in_port(cast(sockaddr, from)));
      const from3 = new sockaddr_storage();
      const msg = new msghdr({ msg_name: cast(sockaddr, from3), msg_namelen: SS + 1, msg_iov: [new iovec({ iov_base: buf, iov_len: 16 })], msg_iovlen: 1 });
      expect(() => recvmsg(u, msg, 0)).toThrow(RangeError);
      msg.msg_namelen = SS;
      expect(recvmsg(u, msg, 0)).toBe(5);
      expect(msg.msg_namelen).toBe(sizeof(sockaddr_in));
      expect(get_in_port(cast(sockaddr, from3))).toBe(get_in_port(cast(sockaddr, from)));
      const host = Buffer.alloc(NI_MAXHOST);
      expect(() => getnameinfo(cast(sockaddr, from), SS + 1, host, NI_MAXHOST, null, 0, NI_NUMERICHOST)).toThrow(RangeError);
      expect(getnameinfo(cast(sockaddr, from), SS, host, NI_MAXHOST, null, 0, NI_NUMERICHOST)).toBe(0);
      expect(host.toString("latin1", 0, host.indexOf(0))).toBe("127.0.0.1");
      host.fill(0);
      await expect(P.getnameinfo(cast(sockaddr, from), SS, host, NI_MAXHOST, null, 0, NI_NUMERICHOST)).resolves.toBe(0);
      expect(host.toString("latin1", 0, host.indexOf(0))).toBe("127.0.0.1");
      await expect(P.getnameinfo(cast(sockaddr, from), SS + 1, host, NI_MAXHOST, null, 0, NI_NUMERICHOST)).rejects.toThrow(RangeError);
    });

    it("send and recv of a struct through a cast view (main and promises)", async () => {
      const [l, , port] = listening(AF_INET);
      const c = sock(AF_INET, SOCK_STREAM);
      const to = loopback4(port);
      expect(connect(c, to, sizeof(to))).toBe(0);
      const a = track(accept(l, null, null));
      const [ss, sa] = storage(AF_INET, 7);
      expect(() => send(c, sa, SS + 1, 0)).toThrow(RangeError);
      expect(send(c, sa, SS, 0)).toBe(SS);
      await expect(P.send(c, sa, SS, 0)).resolves.toBe(SS);
      const got = new sockaddr_storage();
      expect(() => recv(a, cast(sockaddr, got), SS + 1, 0)).toThrow(RangeError);
      expect(recv(a, cast(sockaddr, got), SS, 0)).toBe(SS);
      const got2 = new sockaddr_storage();
      await expect(P.recv(a, cast(sockaddr, got2), SS, 0)).resolves.toBe(SS);
      for (const g of [got, got2]) {
        expect(g.ss_family).toBe(ss.ss_family);
        expect(get_in_port(g)).toBe(7);
      }
    });

    it("setsockopt and getsockopt with struct values seen through casts", () => {
      const fd = sock(AF_INET, SOCK_STREAM);
      const raw = Buffer.alloc(32);
      const lg = cast(linger, raw);
      lg.l_onoff = 1;
      lg.l_linger = 5;
      expect(() => setsockopt(fd, SOL_SOCKET, SO_LINGER, lg, raw.length + 1)).toThrow(RangeError);
      expect(setsockopt(fd, SOL_SOCKET, SO_LINGER, lg, raw.length)).toBe(0);
      const out = cast(linger, Buffer.alloc(32).fill(0xff));
      const len = new socklen_t(32);
      expect(() => getsockopt(fd, SOL_SOCKET, SO_LINGER, out, new socklen_t(33))).toThrow(RangeError);
      expect(getsockopt(fd, SOL_SOCKET, SO_LINGER, out, len)).toBe(0);
      expect(len.value).toBe(sizeof(linger));
      expect([out.l_onoff !== 0, out.l_linger]).toEqual([true, 5]);
      const tv = cast(timeval, new sockaddr_storage());
      const tvlen = new socklen_t(SS);
      expect(getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, tvlen)).toBe(0);
      expect(tvlen.value).toBe(sizeof(timeval));
    });

    it("inet_ntop sources and inet_pton destinations", () => {
      const [ss, sa] = storage(AF_INET6);
      // (struct in_addr *)&sin6->sin6_addr: sizeof 4, yet inet_ntop(AF_INET6) may read the 16 bytes there.
      const narrow = cast(in_addr, cast(sockaddr_in6, sa).sin6_addr);
      expect(sizeof(narrow)).toBe(4);
      expect(inet_ntop(AF_INET6, narrow, null, INET6_ADDRSTRLEN)).toBe("::1");
      expect(ss.ss_family).toBe(AF_INET6);
      const dst = cast(in_addr, Buffer.alloc(16));
      expect(inet_pton(AF_INET6, "fe80::1", dst)).toBe(1);
      expect(inet_ntop(AF_INET6, dst, null, INET6_ADDRSTRLEN)).toBe("fe80::1");
      expect(() => inet_pton(AF_INET6, "::1", cast(in_addr, Buffer.alloc(15)))).toThrow(RangeError);
      expect(() => inet_ntop(AF_INET6, cast(in_addr, Buffer.alloc(15)), null, INET6_ADDRSTRLEN)).toThrow(RangeError);
      expect(inet_pton(AF_INET6, "::2", get_in_addr(sa))).toBe(1);
      expect(inet_ntop(AF_INET6, get_in_addr(sa), null, INET6_ADDRSTRLEN)).toBe("::2");
    });

    it("the shims get the memory the view reaches and re-check lengths against it", () => {
      const fd = sock(AF_INET, SOCK_STREAM);
      const [ss, sa] = storage(AF_INET);
      const sent: Uint8Array[] = [];
      const raw = native as unknown as Record<string, (...a: unknown[]) => unknown>;
      const real = { bind: raw.bind!, getsockname: raw.getsockname! };
      // What the facade hands over: a view of the storage's own bytes, all 128 of them.
      for (const [name, fn] of Object.entries(real)) raw[name] = (...a: unknown[]) => (sent.push(a[1] as Uint8Array), fn(...a));
      try {
        expect(bind(fd, sa, SS)).toBe(0);
        expect(getsockname(fd, sa, new socklen_t(SS))).toBe(0);
      } finally {
        Object.assign(raw, real);
      }
      expect(sent.map((v) => v.byteLength)).toEqual([SS, SS]);
      const bytes = sent[0]!;
      bytes[SS - 1] = 0x5a; // the same memory, not a copy, to its last byte
      const seen = Buffer.alloc(SS);
      memcpy(seen, ss, SS);
      expect(seen[SS - 1]).toBe(0x5a);
      // Called directly, the shims refuse a length past that memory.
      expect(() => native.bind(fd, bytes, SS + 1)).toThrow(RangeError);
      expect(() => native.getsockname(fd, bytes, new Uint32Array([SS + 1]))).toThrow(RangeError);
      expect(() => native.getnameinfo(bytes, SS + 1, null, 0, null, 0, 0)).toThrow(RangeError);
    });

    it("memset and memcpy through a cast view reach the whole object", () => {
      const [ss, sa] = storage(AF_INET6, 9);
      const copy = new sockaddr_storage();
      expect(() => memcpy(cast(sockaddr, copy), sa, SS + 1)).toThrow(RangeError);
      memcpy(cast(sockaddr, copy), sa, SS);
      expect(Buffer.compare(Buffer.from(cast(sockaddr_in6, copy).sin6_addr.s6_addr), Buffer.from(cast(sockaddr_in6, ss).sin6_addr.s6_addr))).toBe(0);
      expect(get_in_port(copy)).toBe(9);
      expect(() => memset(sa, 0, SS + 1)).toThrow(RangeError);
      memset(sa, 0, SS);
      expect(ss.ss_family).toBe(0);
      expect(cast(sockaddr_in6, ss).sin6_port).toBe(0);
    });
  });
});
