// sendmsg/recvmsg/sendmmsg/recvmmsg and the cmsg(3) macros, on loopback.
import { describe, expect, it } from "vitest";
import {
  AF_INET, AF_INET6, bind, CMSG_ALIGN, CMSG_DATA, CMSG_FIRSTHDR, CMSG_LEN, CMSG_NXTHDR, CMSG_SPACE, cast, cmsghdr, EMSGSIZE, errno,
  getsockname, in6_pktinfo, in_pktinfo, inet_ntoa, inet_ntop, iovec, IOV_MAX, IP_PKTINFO, IP_RECVTOS, IP_RECVTTL, IP_TOS, IP_TTL, IPPROTO_IP,
  IPPROTO_IPV6, IPV6_PKTINFO, IPV6_RECVPKTINFO, memcpy, mmsghdr, MSG_CTRUNC, MSG_DONTWAIT, MSG_TRUNC, msghdr, ntohs, recvmmsg, recvmsg,
  SCM_TIMESTAMP, sendmmsg, sendmsg, sendto, setsockopt, SO_TIMESTAMP, SOCK_DGRAM, sockaddr_in, sockaddr_in6, socklen_t, SOL_SOCKET, timespec, timeval,
  sizeof, if_nametoindex, EAGAIN, AF_UNIX, socketpair, SCM_RIGHTS, fcntl, F_GETFD, FD_CLOEXEC, recv,
} from "../src/index.js";
import { native, type MsgFlat } from "../src/native.js";
import { BYTES } from "../src/struct.js";
import { loopback4, loopback6, sock, track } from "./helpers.js";

/** A bound UDP socket on 127.0.0.1 and its address. */
function udp4(): [number, sockaddr_in] {
  const fd = sock(AF_INET, SOCK_DGRAM);
  expect(bind(fd, loopback4(0), sizeof(sockaddr_in))).toBe(0);
  const a = new sockaddr_in();
  expect(getsockname(fd, a, new socklen_t(sizeof(a)))).toBe(0);
  return [fd, a];
}

/** Every (level, type, data) of a received control buffer, walked with the macros. */
function cmsgs(msg: msghdr): { level: number; type: number; data: Uint8Array; c: cmsghdr }[] {
  const all = [];
  for (let c = CMSG_FIRSTHDR(msg); c !== null; c = CMSG_NXTHDR(msg, c)) {
    all.push({ level: c.cmsg_level, type: c.cmsg_type, data: CMSG_DATA(c).subarray(0, c.cmsg_len - CMSG_LEN(0)), c });
  }
  return all;
}

describe("cmsg macros", () => {
  it("follow the platform's alignment", () => {
    expect(CMSG_ALIGN(1)).toBe(8);
    expect(CMSG_LEN(0)).toBe(CMSG_ALIGN(sizeof(cmsghdr)));
    expect(CMSG_LEN(4)).toBe(CMSG_ALIGN(sizeof(cmsghdr)) + 4);
    expect(CMSG_SPACE(4)).toBe(CMSG_ALIGN(sizeof(cmsghdr)) + 8);
    expect(CMSG_SPACE(sizeof(in_pktinfo))).toBe(CMSG_ALIGN(sizeof(cmsghdr)) + CMSG_ALIGN(sizeof(in_pktinfo)));
  });
  it("CMSG_FIRSTHDR is null without room for a header", () => {
    const m = new msghdr({ msg_control: Buffer.alloc(8), msg_controllen: 8 });
    expect(CMSG_FIRSTHDR(m)).toBeNull();
    expect(CMSG_FIRSTHDR(new msghdr())).toBeNull();
  });
  it("bad arguments throw", () => {
    expect(() => CMSG_FIRSTHDR({} as msghdr)).toThrow(TypeError);
    const m = new msghdr({ msg_control: Buffer.alloc(8), msg_controllen: 16 });
    expect(() => CMSG_FIRSTHDR(m)).toThrow(RangeError);
  });
});

describe("sendmsg/recvmsg", () => {
  it("bad input: lengths past their buffers are RangeErrors, wrong types TypeErrors", () => {
    const [fd] = udp4();
    const b = Buffer.alloc(4);
    expect(() => sendmsg(fd, new msghdr({ msg_iov: [new iovec({ iov_base: b, iov_len: 5 })], msg_iovlen: 1 }), 0)).toThrow(RangeError);
    expect(() => sendmsg(fd, new msghdr({ msg_iov: [new iovec({ iov_base: b, iov_len: 4 })], msg_iovlen: 2 }), 0)).toThrow(RangeError);
    expect(() => sendmsg(fd, new msghdr({ msg_control: b, msg_controllen: 5 }), 0)).toThrow(RangeError);
    expect(() => sendmsg(fd, new msghdr({ msg_name: new sockaddr_in(), msg_namelen: 17 }), 0)).toThrow(RangeError);
    expect(() => recvmsg(fd, new msghdr({ msg_name: new sockaddr_in(), msg_namelen: 17 }), 0)).toThrow(RangeError);
    expect(() => sendmsg(fd, { msg_iov: [] } as unknown as msghdr, 0)).toThrow(TypeError);
    expect(() => sendmsg(fd, new msghdr({ msg_iov: [{ iov_base: b, iov_len: 1 } as iovec], msg_iovlen: 1 }), 0)).toThrow(TypeError);
    expect(() => sendmsg(fd, new msghdr({ msg_iov: [new iovec({ iov_base: "x" as unknown as Buffer, iov_len: 1 })], msg_iovlen: 1 }), 0)).toThrow(TypeError);
    expect(() => new msghdr({ msg_nope: 1 } as unknown as msghdr)).toThrow(TypeError);
  });

  it("more than IOV_MAX iovecs is -1/EMSGSIZE as in C", () => {
    const [fd, a] = udp4();
    const iov = Array.from({ length: IOV_MAX + 1 }, () => new iovec({ iov_base: Buffer.alloc(1), iov_len: 1 }));
    expect(sendmsg(fd, new msghdr({ msg_name: a, msg_namelen: sizeof(a), msg_iov: iov, msg_iovlen: iov.length }), 0)).toBe(-1);
    expect(errno).toBe(EMSGSIZE);
  });

  it("gathers several iovecs into one datagram and scatters it back, without copying into the views' neighbours", () => {
    const [rx, ra] = udp4();
    const [tx] = udp4();
    const parts = [Buffer.from("hello, "), Buffer.from("scatter "), Buffer.from("gather")];
    const msg = new msghdr({ msg_name: ra, msg_namelen: sizeof(ra), msg_iov: parts.map((p) => new iovec({ iov_base: p, iov_len: p.length })), msg_iovlen: 3 });
    expect(sendmsg(tx, msg, 0)).toBe(21);
    const whole = Buffer.alloc(32, 0x2e);
    const a = whole.subarray(0, 5), b = whole.subarray(10, 30);
    const from = new sockaddr_in();
    const r = new msghdr({ msg_name: from, msg_namelen: sizeof(from), msg_iov: [new iovec({ iov_base: a, iov_len: 5 }), new iovec({ iov_base: b, iov_len: 20 })], msg_iovlen: 2 });
    expect(recvmsg(rx, r, 0)).toBe(21);
    expect(whole.toString()).toBe("hello.....," + " scatter gather" + "...." + "..");
    expect(r.msg_namelen).toBe(sizeof(sockaddr_in));
    expect(inet_ntoa(from.sin_addr)).toBe("127.0.0.1");
    expect(r.msg_flags).toBe(0);
  });

  it("MSG_TRUNC in msg_flags when the datagram is larger than the iovecs", () => {
    const [rx, ra] = udp4();
    const [tx] = udp4();
    expect(sendto(tx, "0123456789", 10, 0, ra, sizeof(ra))).toBe(10);
    const buf = Buffer.alloc(4);
    const m = new msghdr({ msg_iov: [new iovec({ iov_base: buf, iov_len: 4 })], msg_iovlen: 1 });
    expect(recvmsg(rx, m, 0)).toBe(4);
    expect(m.msg_flags & MSG_TRUNC).toBe(MSG_TRUNC);
    expect(buf.toString()).toBe("0123");
    // With MSG_TRUNC in flags, the real length comes back (udp(7)).
    expect(sendto(tx, "0123456789", 10, 0, ra, sizeof(ra))).toBe(10);
    expect(recvmsg(rx, m, MSG_TRUNC)).toBe(10);
  });

  it("IP_PKTINFO, IP_RECVTTL, IP_RECVTOS and SO_TIMESTAMP arrive as control messages; MSG_CTRUNC when they do not fit", () => {
    const [rx, ra] = udp4();
    const [tx] = udp4();
    for (const o of [IP_PKTINFO, IP_RECVTTL, IP_RECVTOS]) expect(setsockopt(rx, IPPROTO_IP, o, 1, sizeof(1))).toBe(0);
    expect(setsockopt(rx, SOL_SOCKET, SO_TIMESTAMP, 1, sizeof(1))).toBe(0);
    expect(setsockopt(tx, IPPROTO_IP, IP_TTL, 7, sizeof(7))).toBe(0);
    expect(setsockopt(tx, IPPROTO_IP, IP_TOS, 0x28, sizeof(0x28))).toBe(0);
    expect(sendto(tx, "x", 1, 0, ra, sizeof(ra))).toBe(1);
    const buf = Buffer.alloc(16);
    const ctrl = Buffer.alloc(256);
    const m = new msghdr({ msg_iov: [new iovec({ iov_base: buf, iov_len: 16 })], msg_iovlen: 1, msg_control: ctrl, msg_controllen: ctrl.length });
    const before = Date.now() / 1000;
    expect(recvmsg(rx, m, 0)).toBe(1);
    expect(m.msg_flags & MSG_CTRUNC).toBe(0);
    const got = cmsgs(m);
    const pk = got.find((c) => c.level === IPPROTO_IP && c.type === IP_PKTINFO)!;
    const pi = cast(in_pktinfo, CMSG_DATA(pk.c));
    expect(pi.ipi_ifindex).toBe(if_nametoindex("lo"));
    expect(inet_ntoa(pi.ipi_addr)).toBe("127.0.0.1");
    const ttl = new Int32Array(1);
    memcpy(ttl, CMSG_DATA(got.find((c) => c.type === IP_TTL && c.level === IPPROTO_IP)!.c), sizeof(ttl));
    expect(ttl[0]).toBe(7);
    expect(got.find((c) => c.type === IP_TOS && c.level === IPPROTO_IP)!.data[0]).toBe(0x28);
    const ts = cast(timeval, CMSG_DATA(got.find((c) => c.level === SOL_SOCKET && c.type === SCM_TIMESTAMP)!.c));
    expect(Math.abs(ts.tv_sec + ts.tv_usec / 1e6 - before)).toBeLessThan(5);
    // A control buffer too small for everything: MSG_CTRUNC.
    expect(sendto(tx, "y", 1, 0, ra, sizeof(ra))).toBe(1);
    const small = new msghdr({ msg_iov: [new iovec({ iov_base: buf, iov_len: 16 })], msg_iovlen: 1, msg_control: Buffer.alloc(CMSG_SPACE(sizeof(in_pktinfo))), msg_controllen: CMSG_SPACE(sizeof(in_pktinfo)) });
    expect(recvmsg(rx, small, 0)).toBe(1);
    expect(small.msg_flags & MSG_CTRUNC).toBe(MSG_CTRUNC);
    expect(small.msg_controllen).toBeLessThanOrEqual(CMSG_SPACE(sizeof(in_pktinfo)));
  });

  it("sendmsg with an IP_PKTINFO control message picks the source address", () => {
    const [rx, ra] = udp4();
    const tx = sock(AF_INET, SOCK_DGRAM);
    const ctrl = Buffer.alloc(CMSG_SPACE(sizeof(in_pktinfo)));
    const m = new msghdr({ msg_name: ra, msg_namelen: sizeof(ra), msg_iov: [new iovec({ iov_base: Buffer.from("z"), iov_len: 1 })], msg_iovlen: 1, msg_control: ctrl, msg_controllen: ctrl.length });
    const c = CMSG_FIRSTHDR(m)!;
    c.cmsg_level = IPPROTO_IP;
    c.cmsg_type = IP_PKTINFO;
    c.cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
    const pi = cast(in_pktinfo, CMSG_DATA(c));
    pi.ipi_spec_dst.s_addr = new DataView(Uint8Array.from([127, 0, 0, 5]).buffer).getUint32(0, true);
    expect(sendmsg(tx, m, 0)).toBe(1);
    const from = new sockaddr_in();
    const r = new msghdr({ msg_name: from, msg_namelen: sizeof(from), msg_iov: [new iovec({ iov_base: Buffer.alloc(4), iov_len: 4 })], msg_iovlen: 1 });
    expect(recvmsg(rx, r, 0)).toBe(1);
    expect(inet_ntoa(from.sin_addr)).toBe("127.0.0.5");
  });

  it("IPV6_RECVPKTINFO gives in6_pktinfo", () => {
    const rx = sock(AF_INET6, SOCK_DGRAM);
    expect(bind(rx, loopback6(0), sizeof(sockaddr_in6))).toBe(0);
    const ra = new sockaddr_in6();
    expect(getsockname(rx, ra, new socklen_t(sizeof(ra)))).toBe(0);
    expect(setsockopt(rx, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, sizeof(1))).toBe(0);
    const tx = sock(AF_INET6, SOCK_DGRAM);
    expect(sendto(tx, "6", 1, 0, ra, sizeof(ra))).toBe(1);
    const ctrl = Buffer.alloc(CMSG_SPACE(sizeof(in6_pktinfo)));
    const m = new msghdr({ msg_iov: [new iovec({ iov_base: Buffer.alloc(4), iov_len: 4 })], msg_iovlen: 1, msg_control: ctrl, msg_controllen: ctrl.length });
    expect(recvmsg(rx, m, 0)).toBe(1);
    const c = CMSG_FIRSTHDR(m)!;
    expect([c.cmsg_level, c.cmsg_type]).toEqual([IPPROTO_IPV6, IPV6_PKTINFO]);
    const pi = cast(in6_pktinfo, CMSG_DATA(c));
    expect(inet_ntop(AF_INET6, pi.ipi6_addr, null, 46)).toBe("::1");
    expect(pi.ipi6_ifindex).toBe(if_nametoindex("lo"));
    expect(ntohs(ra.sin6_port)).toBeGreaterThan(0);
  });
});

describe("sendmmsg/recvmmsg", () => {
  it("send and receive a batch, with msg_len and names filled per message", () => {
    const [rx, ra] = udp4();
    const [tx, ta] = udp4();
    const out = [0, 1, 2, 3].map((k) => new mmsghdr({ msg_hdr: new msghdr({ msg_name: ra, msg_namelen: sizeof(ra), msg_iov: [new iovec({ iov_base: Buffer.from(`msg${k}`.repeat(k + 1)), iov_len: 4 * (k + 1) })], msg_iovlen: 1 }) }));
    expect(sendmmsg(tx, out, 4, 0)).toBe(4);
    expect(out.map((m) => m.msg_len)).toEqual([4, 8, 12, 16]);
    const bufs = [0, 1, 2, 3, 4].map(() => Buffer.alloc(32));
    const froms = bufs.map(() => new sockaddr_in());
    const inn = bufs.map((b, k) => new mmsghdr({ msg_hdr: new msghdr({ msg_name: froms[k], msg_namelen: sizeof(sockaddr_in), msg_iov: [new iovec({ iov_base: b, iov_len: 32 })], msg_iovlen: 1 }) }));
    const t = new timespec({ tv_sec: 1, tv_nsec: 0 });
    expect(recvmmsg(rx, inn, 5, MSG_DONTWAIT, t)).toBe(4);
    expect(inn.slice(0, 4).map((m) => m.msg_len)).toEqual([4, 8, 12, 16]);
    expect(inn.slice(0, 4).map((m) => m.msg_hdr.msg_flags)).toEqual([0, 0, 0, 0]);
    expect(inn.slice(0, 4).map((m) => m.msg_hdr.msg_namelen)).toEqual([16, 16, 16, 16].map(() => sizeof(sockaddr_in)));
    expect(bufs[2]!.subarray(0, 12).toString()).toBe("msg2msg2msg2");
    expect(ntohs(froms[3]!.sin_port)).toBe(ntohs(ta.sin_port));
    expect(recvmmsg(rx, inn, 5, MSG_DONTWAIT, null)).toBe(-1);
    expect(errno).toBe(EAGAIN);
    expect(() => recvmmsg(rx, inn, 6, 0, null)).toThrow(RangeError);
  });
});

/** C's msghdr fields in the shims' flat form: views [name, control, ...bases], nums [namelen, controllen, iovlen, ...lens]. */
function flat(name: Uint8Array | null, namelen: number, bases: (Uint8Array | null)[], lens: number[], iovlen: number, ctrl: Uint8Array | null, ctrllen: number): MsgFlat {
  return [[name, ctrl, ...bases], new Float64Array([namelen, ctrllen, iovlen, ...lens])];
}

describe("the raw shims re-check every length (the .node file can be called directly)", () => {
  it("iov_len past its buffer, iovlen past the arrays or IOV_MAX, control and name lengths past theirs: RangeError", async () => {
    const [fd, a] = udp4();
    const b = new Uint8Array(4);
    const out = new Uint32Array(3);
    const name = a[BYTES];
    expect(() => native.sendmsg(fd, flat(null, 0, [b], [5], 1, null, 0), 0)).toThrow(RangeError);
    expect(() => native.sendmsg(fd, flat(null, 0, [b], [4], 2, null, 0), 0)).toThrow(RangeError);
    expect(() => native.sendmsg(fd, flat(null, 0, [b, b], [4], 2, null, 0), 0)).toThrow(RangeError);
    const many = Array.from({ length: IOV_MAX + 1 }, () => b);
    expect(() => native.sendmsg(fd, flat(null, 0, many, many.map(() => 1), IOV_MAX + 1, null, 0), 0)).toThrow(RangeError);
    expect(() => native.recvmsg(fd, flat(null, 0, [b], [4], 1, b, 5), MSG_DONTWAIT, out)).toThrow(RangeError);
    expect(() => native.recvmsg(fd, flat(name, name.length + 1, [b], [4], 1, null, 0), MSG_DONTWAIT, out)).toThrow(RangeError);
    expect(() => native.recvmsg(fd, flat(null, 0, [b], [4], 1, null, 0), MSG_DONTWAIT, new Uint32Array(2))).toThrow(TypeError);
    expect(() => native.recvmsg(fd, [["x" as unknown as Uint8Array, null, b], new Float64Array([0, 0, 1, 1])], MSG_DONTWAIT, out)).toThrow(TypeError);
    expect(() => native.recvmsg(fd, flat(null, 0, [b], [-1], 1, null, 0), MSG_DONTWAIT, out)).toThrow(RangeError);
    expect(() => native.recvmsg(fd, flat(null, 0, [b], [NaN], 1, null, 0), MSG_DONTWAIT, out)).toThrow(RangeError);
    // The flat form itself: numbers in a Float64Array, and never read past either array.
    expect(() => native.recvmsg(fd, [[null, null, b], [0, 0, 1, 4] as unknown as Float64Array], MSG_DONTWAIT, out)).toThrow(TypeError);
    expect(() => native.recvmsg(fd, [[null, null, b], new Float32Array([0, 0, 1, 4]) as unknown as Float64Array], MSG_DONTWAIT, out)).toThrow(TypeError);
    expect(() => native.recvmsg(fd, [[null, null, b], new Float64Array([0, 0, 1])], MSG_DONTWAIT, out)).toThrow(RangeError);
    expect(() => native.recvmsg(fd, [[null, null], new Float64Array([0, 0, 1, 4])], MSG_DONTWAIT, out)).toThrow(RangeError);
    expect(() => native.recvmsg(fd, [[null], new Float64Array([0, 0, 0])], MSG_DONTWAIT, out)).toThrow(RangeError);
    expect(() => native.recvmsg(fd, "msgs" as unknown as MsgFlat, MSG_DONTWAIT, out)).toThrow(TypeError);
    const one = flat(null, 0, [b], [4], 1, null, 0);
    expect(() => native.recvmmsg(fd, one, 2, 0, null, new Uint32Array(8))).toThrow(RangeError); // vlen past the messages given
    expect(() => native.recvmmsg(fd, one, 1, 0, null, new Uint32Array(3))).toThrow(TypeError);
    expect(() => native.recvmmsg(fd, one, 1, 0, new Uint8Array(8), new Uint32Array(4))).toThrow(RangeError);
    // A view into a larger buffer: the kernel writes only inside the view.
    const big = new Uint8Array(16).fill(0xee);
    const [tx] = udp4();
    expect(sendto(tx, "abcdefgh", 8, 0, a, sizeof(a))).toBe(8);
    expect(native.recvmsg(fd, flat(null, 0, [big.subarray(4, 8)], [4], 1, null, 0), 0, out)).toBe(4);
    expect([...big]).toEqual([0xee, 0xee, 0xee, 0xee, 97, 98, 99, 100, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee]);
    expect(out[2]! & MSG_TRUNC).toBe(MSG_TRUNC);
    // Numbers in shared memory are read once each, and work like any others.
    const shared = new Float64Array(new SharedArrayBuffer(32));
    shared.set([0, 0, 1, 4]);
    expect(sendto(tx, "wxyz", 4, 0, a, sizeof(a))).toBe(4);
    expect(native.recvmsg(fd, [[null, null, b], shared], 0, out)).toBe(4);
    expect(Buffer.from(b).toString()).toBe("wxyz");
  });
});

describe("the raw shims take no pointer until every JS value is fetched", () => {
  it("an array accessor that detaches an earlier iov buffer makes a RangeError, not a write into freed memory", async () => {
    const [fd, a] = udp4();
    const [tx] = udp4();
    expect(sendto(tx, "abcdefgh", 8, 0, a, sizeof(a))).toBe(8);
    const first = new Uint8Array(new ArrayBuffer(4096));
    const views: (Uint8Array | null)[] = [null, null, first];
    Object.defineProperty(views, 3, {
      get() {
        structuredClone(first.buffer, { transfer: [first.buffer] }); // detaches views[2]
        return new Uint8Array(4);
      },
    });
    expect(() => native.recvmsg(fd, [views, new Float64Array([0, 0, 2, 4096, 4])], 0, new Uint32Array(3))).toThrow(RangeError);
    expect(first.byteLength).toBe(0);
  });

  it("an accessor that detaches the numbers leaves no message to read (RangeError)", async () => {
    const [fd] = udp4();
    const nums = new Float64Array([0, 0, 1, 4]);
    const views: (Uint8Array | null)[] = [null, null];
    Object.defineProperty(views, 2, {
      get() {
        structuredClone(nums.buffer, { transfer: [nums.buffer] });
        return new Uint8Array(4);
      },
    });
    expect(() => native.recvmsg(fd, [views, nums], MSG_DONTWAIT, new Uint32Array(3))).toThrow(RangeError);
    expect(nums.length).toBe(0);
  });
});

describe("SCM_RIGHTS", () => {
  it("passes a descriptor over AF_UNIX; the received one is close-on-exec and works", () => {
    const sv = new Int32Array(2);
    expect(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)).toBe(0);
    track(sv[0]!);
    track(sv[1]!);
    const [rx, ra] = udp4();
    const passed = sock(AF_INET, SOCK_DGRAM);
    const ctrl = Buffer.alloc(CMSG_SPACE(4));
    const m = new msghdr({ msg_iov: [new iovec({ iov_base: Buffer.from("fd"), iov_len: 2 })], msg_iovlen: 1, msg_control: ctrl, msg_controllen: ctrl.length });
    const c = CMSG_FIRSTHDR(m)!;
    c.cmsg_level = SOL_SOCKET;
    c.cmsg_type = SCM_RIGHTS;
    c.cmsg_len = CMSG_LEN(4);
    memcpy(CMSG_DATA(c), Int32Array.of(passed), 4);
    expect(sendmsg(sv[0]!, m, 0)).toBe(2);
    const rctrl = Buffer.alloc(CMSG_SPACE(4));
    const r = new msghdr({ msg_iov: [new iovec({ iov_base: Buffer.alloc(4), iov_len: 4 })], msg_iovlen: 1, msg_control: rctrl, msg_controllen: rctrl.length });
    expect(recvmsg(sv[1]!, r, 0)).toBe(2);
    const rc = CMSG_FIRSTHDR(r)!;
    expect([rc.cmsg_level, rc.cmsg_type, rc.cmsg_len]).toEqual([SOL_SOCKET, SCM_RIGHTS, CMSG_LEN(4)]);
    const fdbox = new Int32Array(1);
    memcpy(fdbox, CMSG_DATA(rc), 4);
    const got = track(fdbox[0]!);
    expect(got).not.toBe(passed);
    expect(fcntl(got, F_GETFD) & FD_CLOEXEC).toBe(FD_CLOEXEC);
    expect(sendto(got, "via-passed", 10, 0, ra, sizeof(ra))).toBe(10);
    expect(recv(rx, Buffer.alloc(16), 16, 0)).toBe(10);
    expect(CMSG_NXTHDR(r, rc)).toBeNull();
  });
});
