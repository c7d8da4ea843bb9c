// Structs are byte-exact: sizes and offsets match a C program compiled here,
// fields land where C puts them, and copies/initializers/nested views behave
// like C assignment.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import * as S from "../src/index.js";
import { native } from "../src/native.js";
import { compileC } from "./helpers.js";
import { layoutProgram } from "./layout.js";

const {
  addrinfo, cast, htonl, htons, in6_addr, in_addr, inet_addr, linger, memcpy, memset, offsetof, sizeof, sockaddr, sockaddr_in,
  sockaddr_in6, sockaddr_storage, sockaddr_un, socklen_t, Struct, timeval, bzero, AF_INET, AF_INET6, AF_UNIX,
} = S;

describe("struct layout", () => {
  it("matches sizeof/offsetof of an independently compiled C program", () => {
    const out = spawnSync(compileC(layoutProgram(native.layout)), { encoding: "utf8" }).stdout.trim().split("\n");
    expect(out.length).toBeGreaterThan(50);
    for (const line of out) {
      const [key, a, b] = line.split(" ");
      const [name, field] = key!.split(".");
      const l = native.layout[name!]!;
      if (field === undefined) expect([name, l.size]).toEqual([name, Number(a)]);
      else expect([key, ...l.fields[field]!]).toEqual([key, Number(a), Number(b)]);
    }
  });

  it("sizeof and offsetof of the exported classes agree with the table", () => {
    const classes = { in_addr, in6_addr, sockaddr, sockaddr_in, sockaddr_in6, sockaddr_un, sockaddr_storage, timeval, linger, addrinfo };
    for (const [name, cls] of Object.entries(classes)) {
      expect(sizeof(cls)).toBe(native.layout[name]!.size);
      expect(sizeof(new cls())).toBe(native.layout[name]!.size);
      for (const [field, [off]] of Object.entries(native.layout[name]!.fields)) expect(offsetof(cls, field)).toBe(off);
    }
    expect(sizeof(sockaddr_in)).toBe(16);
    expect(sizeof(sockaddr_in6)).toBe(28);
    expect(sizeof(sockaddr_un)).toBe(110);
    expect(sizeof(sockaddr_storage)).toBe(128);
    expect(sizeof(timeval)).toBe(16);
  });

  it("a sockaddr_in filled in TypeScript has the bytes C produces", () => {
    const c = compileC(`#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
int main(void) {
  struct sockaddr_in a; memset(&a, 0, sizeof a);
  a.sin_family = AF_INET; a.sin_port = htons(8080); a.sin_addr.s_addr = inet_addr("192.0.2.7");
  const unsigned char *p = (const unsigned char *)&a;
  for (size_t i = 0; i < sizeof a; i++) printf("%02x", p[i]);
  printf("\\n");
  struct sockaddr_in6 b; memset(&b, 0, sizeof b);
  b.sin6_family = AF_INET6; b.sin6_port = htons(443); b.sin6_scope_id = 3; b.sin6_flowinfo = htonl(5);
  inet_pton(AF_INET6, "2001:db8::1", &b.sin6_addr);
  p = (const unsigned char *)&b;
  for (size_t i = 0; i < sizeof b; i++) printf("%02x", p[i]);
  printf("\\n");
  return 0;
}`);
    const [four, six] = spawnSync(c, { encoding: "utf8" }).stdout.trim().split("\n");
    const a = new sockaddr_in();
    a.sin_family = AF_INET;
    a.sin_port = htons(8080);
    a.sin_addr.s_addr = inet_addr("192.0.2.7");
    expect(bytesOf(a).toString("hex")).toBe(four);
    const b = new sockaddr_in6();
    b.sin6_family = AF_INET6;
    b.sin6_port = htons(443);
    b.sin6_scope_id = 3;
    b.sin6_flowinfo = htonl(5);
    expect(S.inet_pton(AF_INET6, "2001:db8::1", b.sin6_addr)).toBe(1);
    expect(bytesOf(b).toString("hex")).toBe(six);
  });
});

function bytesOf(s: InstanceType<typeof Struct>): Buffer {
  const u = new Uint8Array(sizeof(s));
  memcpy(u, s, sizeof(s));
  return Buffer.from(u);
}

describe("struct semantics", () => {
  it("new structs are zero-filled; memset/bzero work on structs and views", () => {
    const a = new sockaddr_in6();
    expect(bytesOf(a).every((x) => x === 0)).toBe(true);
    memset(a, 0xab, sizeof(a));
    expect(bytesOf(a).every((x) => x === 0xab)).toBe(true);
    bzero(a, sizeof(a));
    expect(a.sin6_port).toBe(0);
    const v = new Uint8Array(4);
    expect(memset(v, 0x1ff, 2)).toBe(v);
    expect([...v]).toEqual([0xff, 0xff, 0, 0]);
    expect(() => memset(a, 0, sizeof(a) + 1)).toThrow(RangeError);
  });

  it("copy constructor copies bytes (C's b = a), initializer objects set fields", () => {
    const a = new sockaddr_in({ sin_family: AF_INET, sin_port: htons(5000) });
    a.sin_addr.s_addr = inet_addr("127.0.0.1");
    const b = new sockaddr_in(a);
    expect(bytesOf(b)).toEqual(bytesOf(a));
    b.sin_port = htons(1);
    expect(a.sin_port).toBe(htons(5000));
    const t = new timeval({ tv_sec: 2, tv_usec: 500 });
    expect([t.tv_sec, t.tv_usec]).toEqual([2, 500]);
    expect(() => new sockaddr_in({ sin_bogus: 1 } as never)).toThrow(TypeError);
    expect(() => new sockaddr_in(new sockaddr_in6() as never)).toThrow(TypeError);
  });

  it("nested structs are live views; assigning one copies its bytes in", () => {
    const a = new sockaddr_in();
    const inner = a.sin_addr;
    inner.s_addr = htonl(0x7f000001);
    expect(a.sin_addr.s_addr).toBe(htonl(0x7f000001));
    expect(a.sin_addr).toBe(inner);
    const other = new in_addr({ s_addr: inet_addr("10.1.2.3") });
    a.sin_addr = other;
    expect(S.inet_ntoa(a.sin_addr)).toBe("10.1.2.3");
    other.s_addr = 0;
    expect(S.inet_ntoa(a.sin_addr)).toBe("10.1.2.3");
    expect(() => {
      (a as { sin_addr: unknown }).sin_addr = new in6_addr();
    }).toThrow(TypeError);
    expect(() => {
      (a as { sin_port: unknown }).sin_port = "80";
    }).toThrow(TypeError);
  });

  it("fields wrap like C integer conversion and 64-bit fields read as numbers", () => {
    const a = new sockaddr_in();
    a.sin_port = 0x12345;
    expect(a.sin_port).toBe(0x2345);
    const t = new timeval();
    t.tv_sec = -5;
    expect(t.tv_sec).toBe(-5);
    t.tv_sec = 2 ** 40;
    expect(t.tv_sec).toBe(2 ** 40);
    expect(() => {
      t.tv_sec = Infinity;
    }).toThrow(TypeError);
  });

  it("sockaddr_un paths: strings, abstract names, and a RangeError past sun_path", () => {
    const u = new sockaddr_un();
    u.sun_family = AF_UNIX;
    u.sun_path = "/tmp/x.sock";
    expect(Buffer.from(u.sun_path.subarray(0, 12)).toString("latin1")).toBe("/tmp/x.sock\0");
    u.sun_path = "\0abstract";
    expect(u.sun_path[0]).toBe(0);
    expect(() => {
      u.sun_path = "x".repeat(sizeof(u) - offsetof(sockaddr_un, "sun_path") + 1);
    }).toThrow(RangeError);
  });

  it("cast gives a live view of another struct type over the same bytes", () => {
    const ss = new sockaddr_storage();
    const in4 = cast(sockaddr_in, ss);
    in4.sin_family = AF_INET;
    in4.sin_port = htons(99);
    expect(ss.ss_family).toBe(AF_INET);
    expect(cast(sockaddr, ss).sa_family).toBe(AF_INET);
    expect(() => cast(sockaddr_storage, new sockaddr_in())).toThrow(RangeError);
  });

  it("socklen_t boxes hold a value and sizeof knows C's sizes", () => {
    const l = new socklen_t(16);
    expect(l.value).toBe(16);
    l.value = 28;
    expect(l.value).toBe(28);
    expect(() => new socklen_t(-1)).toThrow(RangeError);
    expect(() => new socklen_t("1" as never)).toThrow(TypeError);
    expect(sizeof(1)).toBe(4);
    expect(sizeof(new Int32Array(3))).toBe(12);
    expect(sizeof("hello")).toBe(6);
    expect(() => sizeof({} as never)).toThrow(TypeError);
  });
});
