// Address text, byte order and name services, checked against the C library
// and python3 where an independent answer exists.
import { spawnSync } from "node:child_process";
import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import * as S from "../src/index.js";

const {
  htons, htonl, ntohs, ntohl, inet_pton, inet_ntop, inet_addr, inet_aton, inet_ntoa, in_addr, in6_addr, sockaddr_in, sockaddr_in6,
  getaddrinfo, freeaddrinfo, gai_strerror, getnameinfo, gethostname, if_nametoindex, if_indextoname, if_nameindex, if_freenameindex,
  addrinfo, ptr, sizeof, IN_MULTICAST, IN6_IS_ADDR_MULTICAST, IN6_IS_ADDR_LINKLOCAL, IN6_IS_ADDR_LOOPBACK, IN6_IS_ADDR_V4MAPPED,
  in6addr_loopback, in6addr_any, IN6_IS_ADDR_UNSPECIFIED,
  AF_INET, AF_INET6, AF_UNSPEC, SOCK_STREAM, SOCK_DGRAM, AI_PASSIVE, AI_NUMERICHOST, AI_CANONNAME, NI_NUMERICHOST, NI_NUMERICSERV,
  NI_MAXHOST, NI_MAXSERV, EAI_NONAME, EAI_SERVICE, EAI_FAMILY, INET_ADDRSTRLEN, INET6_ADDRSTRLEN, INADDR_NONE, EAFNOSUPPORT, ENOSPC,
  ENXIO, ENODEV, IF_NAMESIZE, IPPROTO_TCP, EAI_BADFLAGS,
} = S;

const cstr = (b: Uint8Array): string => Buffer.from(b.subarray(0, b.indexOf(0))).toString("utf8");

describe("byte order", () => {
  it("htons/htonl/ntohs/ntohl swap on little-endian and truncate like C", () => {
    expect(htons(0x1234)).toBe(0x3412);
    expect(ntohs(0x3412)).toBe(0x1234);
    expect(htons(0x12345)).toBe(0x4523);
    expect(htonl(0x7f000001)).toBe(0x0100007f);
    expect(ntohl(0x0100007f)).toBe(0x7f000001);
    expect(htonl(0xffffffff)).toBe(0xffffffff);
    expect(htonl(-1)).toBe(0xffffffff);
    expect(() => htons("80" as never)).toThrow(TypeError);
  });
});

describe("inet_pton / inet_ntop / inet_addr / inet_aton / inet_ntoa", () => {
  it("round-trips IPv4 and IPv6 text", () => {
    const a = new in_addr();
    expect(inet_pton(AF_INET, "192.168.10.20", a)).toBe(1);
    expect(a.s_addr).toBe(inet_addr("192.168.10.20"));
    expect(inet_ntop(AF_INET, a, null, INET_ADDRSTRLEN)).toBe("192.168.10.20");
    const six = new in6_addr();
    for (const text of ["::1", "2001:db8::ff00:42:8329", "fe80::1", "::ffff:1.2.3.4", "::"]) {
      expect(inet_pton(AF_INET6, text, six)).toBe(1);
      expect(inet_ntop(AF_INET6, six, null, INET6_ADDRSTRLEN)).toBe(text);
    }
  });

  it("invalid text is 0, an unknown family -1/EAFNOSUPPORT, a short size null/ENOSPC", () => {
    expect(inet_pton(AF_INET, "256.1.1.1", new in_addr())).toBe(0);
    expect(inet_pton(AF_INET, "1.2.3", new in_addr())).toBe(0);
    expect(inet_pton(AF_INET, "127.0.0.1\0garbage", new in_addr())).toBe(1); // C stops at the NUL
    expect(inet_pton(12345, "1.2.3.4", new in_addr())).toBe(-1);
    expect(S.errno).toBe(EAFNOSUPPORT);
    const a = new in_addr({ s_addr: inet_addr("10.0.0.1") });
    expect(inet_ntop(AF_INET, a, null, 4)).toBe(null);
    expect(S.errno).toBe(ENOSPC);
    expect(inet_ntop(12345, a, null, 16)).toBe(null);
    expect(S.errno).toBe(EAFNOSUPPORT);
  });

  it("inet_ntop writes a NUL-terminated string into a Buffer dst; size may not exceed it", () => {
    const dst = Buffer.alloc(INET_ADDRSTRLEN, 0xff);
    const a = new in_addr({ s_addr: inet_addr("1.2.3.4") });
    expect(inet_ntop(AF_INET, a, dst, dst.length)).toBe("1.2.3.4");
    expect(cstr(dst)).toBe("1.2.3.4");
    expect(() => inet_ntop(AF_INET, a, dst, dst.length + 1)).toThrow(RangeError);
    expect(() => inet_pton(AF_INET6, "::1", new in_addr())).toThrow(RangeError);
    expect(() => inet_pton(AF_INET, 42 as never, new in_addr())).toThrow(TypeError);
  });

  it("inet_addr, inet_aton and inet_ntoa agree with C's classic forms", () => {
    expect(inet_addr("127.0.0.1")).toBe(0x0100007f);
    expect(inet_addr("not an address")).toBe(INADDR_NONE);
    expect(inet_addr("0x7f.1")).toBe(0x0100007f); // inet_aton's shorthand forms
    const a = new in_addr();
    expect(inet_aton("10.1", a)).toBe(1);
    expect(inet_ntoa(a)).toBe("10.0.0.1");
    expect(inet_aton("300.1.1.1", a)).toBe(0);
    expect(inet_ntoa(a.s_addr)).toBe("10.0.0.1");
  });

  it("address-class macros", () => {
    expect(IN_MULTICAST(ntohl(inet_addr("239.1.2.3")))).toBe(true);
    expect(IN_MULTICAST(ntohl(inet_addr("224.0.0.0")))).toBe(true);
    expect(IN_MULTICAST(ntohl(inet_addr("240.0.0.0")))).toBe(false);
    expect(IN_MULTICAST(ntohl(inet_addr("127.0.0.1")))).toBe(false);
    const six = new in6_addr();
    inet_pton(AF_INET6, "ff02::1", six);
    expect(IN6_IS_ADDR_MULTICAST(six)).toBe(true);
    inet_pton(AF_INET6, "fe80::1", six);
    expect(IN6_IS_ADDR_LINKLOCAL(six)).toBe(true);
    expect(IN6_IS_ADDR_MULTICAST(six)).toBe(false);
    inet_pton(AF_INET6, "::ffff:1.2.3.4", six);
    expect(IN6_IS_ADDR_V4MAPPED(six)).toBe(true);
    expect(IN6_IS_ADDR_LOOPBACK(in6addr_loopback)).toBe(true);
    expect(IN6_IS_ADDR_UNSPECIFIED(in6addr_any)).toBe(true);
  });
});

describe("getaddrinfo / getnameinfo", () => {
  it("resolves numeric hosts and services into sockaddr structs", () => {
    const hints = new addrinfo();
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST;
    const res = new ptr<InstanceType<typeof addrinfo>>();
    expect(getaddrinfo("127.0.0.1", "8080", hints, res)).toBe(0);
    const ai = res.value!;
    expect(ai.ai_family).toBe(AF_INET);
    expect(ai.ai_socktype).toBe(SOCK_STREAM);
    expect(ai.ai_protocol).toBe(IPPROTO_TCP);
    expect(ai.ai_addrlen).toBe(sizeof(sockaddr_in));
    expect(ai.ai_addr).toBeInstanceOf(sockaddr_in);
    const sin = ai.ai_addr as InstanceType<typeof sockaddr_in>;
    expect(ntohs(sin.sin_port)).toBe(8080);
    expect(inet_ntoa(sin.sin_addr)).toBe("127.0.0.1");
    expect(ai.ai_next).toBe(null);
    freeaddrinfo(ai);
  });

  it("walks the ai_next list like C, with AI_PASSIVE and both families", () => {
    const hints = new addrinfo({ ai_family: AF_UNSPEC, ai_socktype: SOCK_DGRAM, ai_flags: AI_PASSIVE });
    const res = new ptr<InstanceType<typeof addrinfo>>();
    expect(getaddrinfo(null, "5000", hints, res)).toBe(0);
    const families: number[] = [];
    for (let p = res.value; p !== null; p = p.ai_next) families.push(p.ai_family);
    expect(families.sort()).toEqual([AF_INET, AF_INET6].sort());
  });

  it("localhost resolves, and the list matches python3's socket.getaddrinfo", () => {
    const res = new ptr<InstanceType<typeof addrinfo>>();
    const hints = new addrinfo({ ai_socktype: SOCK_STREAM });
    expect(getaddrinfo("localhost", "80", hints, res)).toBe(0);
    const ours: string[] = [];
    for (let p = res.value; p; p = p.ai_next) {
      const text = p.ai_family === AF_INET6 ? inet_ntop(AF_INET6, (p.ai_addr as InstanceType<typeof sockaddr_in6>).sin6_addr, null, 46) : inet_ntoa((p.ai_addr as InstanceType<typeof sockaddr_in>).sin_addr);
      ours.push(`${p.ai_family} ${text}`);
    }
    const py = spawnSync("python3", ["-c", "import socket\nfor f,t,p,c,a in socket.getaddrinfo('localhost', 80, 0, socket.SOCK_STREAM): print(int(f), a[0])"], { encoding: "utf8" });
    expect(py.status).toBe(0);
    expect(ours).toEqual(py.stdout.trim().split("\n"));
  });

  it("errors are EAI_* codes with gai_strerror text", () => {
    const res = new ptr<InstanceType<typeof addrinfo>>();
    const hints = new addrinfo({ ai_flags: AI_NUMERICHOST });
    expect(getaddrinfo("not-a-number", null, hints, res)).toBe(EAI_NONAME);
    expect(gai_strerror(EAI_NONAME)).toBe("Name or service not known");
    expect(getaddrinfo("127.0.0.1", "no-such-service-xyz", null, res)).toBe(EAI_SERVICE);
    expect(getaddrinfo("127.0.0.1", "80", new addrinfo({ ai_family: 9999 }), res)).toBe(EAI_FAMILY);
    expect(getaddrinfo("127.0.0.1", "80", new addrinfo({ ai_flags: -1 }), res)).toBe(EAI_BADFLAGS);
    expect(() => getaddrinfo(1 as never, null, null, res)).toThrow(TypeError);
    expect(() => getaddrinfo("x", null, {} as never, res)).toThrow(TypeError);
  });

  it("AI_CANONNAME fills ai_canonname", () => {
    const res = new ptr<InstanceType<typeof addrinfo>>();
    expect(getaddrinfo("localhost", null, new addrinfo({ ai_flags: AI_CANONNAME, ai_family: AF_INET }), res)).toBe(0);
    expect(res.value!.ai_canonname).toBe("localhost");
  });

  it("getnameinfo writes numeric host and service into caller buffers", () => {
    const a = new sockaddr_in({ sin_family: AF_INET, sin_port: htons(443) });
    a.sin_addr.s_addr = inet_addr("127.0.0.1");
    const host = Buffer.alloc(NI_MAXHOST);
    const serv = Buffer.alloc(NI_MAXSERV);
    expect(getnameinfo(a, sizeof(a), host, host.length, serv, serv.length, NI_NUMERICHOST | NI_NUMERICSERV)).toBe(0);
    expect([cstr(host), cstr(serv)]).toEqual(["127.0.0.1", "443"]);
    expect(getnameinfo(a, sizeof(a), null, 0, serv, serv.length, 0)).toBe(0);
    expect(cstr(serv)).toBe("https");
    expect(() => getnameinfo(a, sizeof(a), host, host.length + 1, null, 0, 0)).toThrow(RangeError);
    const six = new sockaddr_in6({ sin6_family: AF_INET6 });
    six.sin6_addr = in6addr_loopback;
    expect(getnameinfo(six, sizeof(six), host, host.length, null, 0, NI_NUMERICHOST)).toBe(0);
    expect(cstr(host)).toBe("::1");
  });
});

describe("host and interface names", () => {
  it("gethostname fills the buffer with the NUL-terminated name", () => {
    const b = Buffer.alloc(256);
    expect(gethostname(b, b.length)).toBe(0);
    expect(cstr(b)).toBe(hostname());
  });

  it("lo is an interface: if_nametoindex, if_indextoname, if_nameindex", () => {
    const idx = if_nametoindex("lo");
    expect(idx).toBeGreaterThan(0);
    const name = Buffer.alloc(IF_NAMESIZE);
    expect(if_indextoname(idx, name)).toBe("lo");
    expect(cstr(name)).toBe("lo");
    expect(if_nametoindex("no-such-if0")).toBe(0);
    expect(S.errno).toBe(ENODEV);
    expect(if_indextoname(999_999, null)).toBe(null);
    expect(S.errno).toBe(ENXIO);
    const list = if_nameindex()!;
    expect(list.at(-1)).toEqual({ if_index: 0, if_name: null });
    expect(list.some((e) => e.if_name === "lo" && e.if_index === idx)).toBe(true);
    if_freenameindex(list);
    expect(() => if_indextoname(idx, Buffer.alloc(4))).toThrow(RangeError);
  });
});
