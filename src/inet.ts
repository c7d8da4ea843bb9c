// Byte order and address text: htons(3), inet_pton(3), inet_ntop(3),
// inet_addr(3), inet_aton(3), inet_ntoa(3), and the address-class macros.
import { int, mem, str, uint } from "./check.js";
import { putCString } from "./cstring.js";
import { describe } from "./describe.js";
import { ret, seterrno } from "./errno.js";
import { native } from "./native.js";
import { in6_addr, in_addr } from "./sockaddr.js";
import { BYTES, Struct } from "./struct.js";

const LE = native.platform.little_endian;

const swap16 = (x: number): number => ((x & 0xff) << 8) | ((x >>> 8) & 0xff);
const swap32 = (x: number): number => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | ((x >>> 24) & 0xff)) >>> 0;

function u16(x: unknown, fn: string): number {
  if (typeof x !== "number") throw new TypeError(`${fn}: argument must be a number, got ${describe(x)}`);
  return x & 0xffff;
}
function u32(x: unknown, fn: string): number {
  if (typeof x !== "number") throw new TypeError(`${fn}: argument must be a number, got ${describe(x)}`);
  return x >>> 0;
}

/** htons(3): host to network byte order, 16 bits (the argument is truncated to uint16_t as in C). */
export function htons(hostshort: number): number {
  const x = u16(hostshort, "htons");
  return LE ? swap16(x) : x;
}
/** ntohs(3). */
export function ntohs(netshort: number): number {
  const x = u16(netshort, "ntohs");
  return LE ? swap16(x) : x;
}
/** htonl(3): host to network byte order, 32 bits (unsigned result). */
export function htonl(hostlong: number): number {
  const x = u32(hostlong, "htonl");
  return LE ? swap32(x) : x;
}
/** ntohl(3). */
export function ntohl(netlong: number): number {
  const x = u32(netlong, "ntohl");
  return LE ? swap32(x) : x;
}

/** The bytes of an in_addr/in6_addr (or any view) for the native calls. */
function addrBytes(v: unknown, fn: string, arg: string): ArrayBufferView {
  return mem(v, fn, arg, false, false)!;
}

/**
 * inet_pton(3): 1 on success, 0 if src is not a valid address, -1 with
 * errno EAFNOSUPPORT for an unknown family. dst is an in_addr/in6_addr (or bytes).
 */
export function inet_pton(af: number, src: string, dst: in_addr | in6_addr | ArrayBufferView): number {
  return ret(native.inet_pton(int(af, "inet_pton", "af"), str(src, "inet_pton", "src"), addrBytes(dst, "inet_pton", "dst")));
}

/**
 * inet_ntop(3): returns the text (C returns dst), or null with errno set
 * (EAFNOSUPPORT; ENOSPC when size is too small). A Buffer dst also receives the
 * NUL-terminated text; size may not exceed it.
 */
export function inet_ntop(af: number, src: in_addr | in6_addr | ArrayBufferView, dst: Uint8Array | null, size: number): string | null {
  const family = int(af, "inet_ntop", "af");
  const s = addrBytes(src, "inet_ntop", "src");
  if (dst !== null && dst !== undefined && !(dst instanceof Uint8Array)) {
    throw new TypeError(`inet_ntop: dst must be a Buffer/Uint8Array or null, got ${describe(dst)}`);
  }
  const room = uint(size, "inet_ntop", "size");
  if (dst && room > dst.byteLength) throw new RangeError(`inet_ntop: size (${room}) is larger than dst (${dst.byteLength} bytes)`);
  const r = native.inet_ntop(family, s, room);
  if (typeof r === "number") {
    seterrno(-r);
    return null;
  }
  if (dst) putCString(dst, r, room);
  return r;
}

/** inet_addr(3): the address in network byte order, or INADDR_NONE (0xffffffff). */
export function inet_addr(cp: string): number {
  return native.inet_addr(str(cp, "inet_addr", "cp"));
}

/** inet_aton(3): 1 and inp filled, or 0 for invalid text. */
export function inet_aton(cp: string, inp: in_addr): number {
  return native.inet_aton(str(cp, "inet_aton", "cp"), addrBytes(inp, "inet_aton", "inp"));
}

/** inet_ntoa(3): dotted-quad text of an in_addr (or of an s_addr number). */
export function inet_ntoa(inaddr: in_addr | number): string {
  if (inaddr instanceof in_addr) return native.inet_ntoa(inaddr.s_addr);
  return native.inet_ntoa(u32(inaddr, "inet_ntoa"));
}

/** IN_MULTICAST(a): a is a host-order IPv4 address in 224.0.0.0/4. */
export function IN_MULTICAST(a: number): boolean {
  return (u32(a, "IN_MULTICAST") & 0xf0000000) >>> 0 === 0xe0000000;
}
/** IN_LOOPBACK(a): a is a host-order IPv4 address in 127.0.0.0/8. */
export function IN_LOOPBACK(a: number): boolean {
  return (u32(a, "IN_LOOPBACK") & 0xff000000) >>> 0 === 0x7f000000;
}
/** IN_BADCLASS / IN_EXPERIMENTAL (240.0.0.0/4). */
export function IN_EXPERIMENTAL(a: number): boolean {
  return (u32(a, "IN_EXPERIMENTAL") & 0xf0000000) >>> 0 === 0xf0000000;
}

function six(a: unknown, fn: string): Uint8Array {
  if (a instanceof in6_addr) return a[BYTES];
  if (a instanceof Struct || !ArrayBuffer.isView(a)) throw new TypeError(`${fn}: a must be an in6_addr, got ${describe(a)}`);
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (b.length < 16) throw new RangeError(`${fn}: a must hold 16 bytes`);
  return b;
}
/** IN6_IS_ADDR_MULTICAST(a): ff00::/8. */
export function IN6_IS_ADDR_MULTICAST(a: in6_addr): boolean {
  return six(a, "IN6_IS_ADDR_MULTICAST")[0] === 0xff;
}
/** IN6_IS_ADDR_LINKLOCAL(a): fe80::/10. */
export function IN6_IS_ADDR_LINKLOCAL(a: in6_addr): boolean {
  const b = six(a, "IN6_IS_ADDR_LINKLOCAL");
  return b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
}
/** IN6_IS_ADDR_SITELOCAL(a): fec0::/10. */
export function IN6_IS_ADDR_SITELOCAL(a: in6_addr): boolean {
  const b = six(a, "IN6_IS_ADDR_SITELOCAL");
  return b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0;
}
/** IN6_IS_ADDR_LOOPBACK(a): ::1. */
export function IN6_IS_ADDR_LOOPBACK(a: in6_addr): boolean {
  const b = six(a, "IN6_IS_ADDR_LOOPBACK");
  return b.subarray(0, 15).every((x) => x === 0) && b[15] === 1;
}
/** IN6_IS_ADDR_UNSPECIFIED(a): ::. */
export function IN6_IS_ADDR_UNSPECIFIED(a: in6_addr): boolean {
  return six(a, "IN6_IS_ADDR_UNSPECIFIED").subarray(0, 16).every((x) => x === 0);
}
/** IN6_IS_ADDR_V4MAPPED(a): ::ffff:0:0/96. */
export function IN6_IS_ADDR_V4MAPPED(a: in6_addr): boolean {
  const b = six(a, "IN6_IS_ADDR_V4MAPPED");
  return b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
}
/** IN6_IS_ADDR_MC_LINKLOCAL(a): link-local multicast scope. */
export function IN6_IS_ADDR_MC_LINKLOCAL(a: in6_addr): boolean {
  const b = six(a, "IN6_IS_ADDR_MC_LINKLOCAL");
  return b[0] === 0xff && (b[1]! & 0xf) === 0x2;
}
