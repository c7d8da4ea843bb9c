// Byte order and address text: htons(3), inet_pton(3), inet_ntop(3),
// inet_addr(3), inet_aton(3), inet_ntoa(3), and the address-class macros.
import { int, mem, str, uint } from "./check.js";
import { putCString } from "./cstring.js";
import { wrongArg } from "./describe.js";
import { ret, seterrno } from "./errno.js";
import { native } from "./native.js";
import { in6_addr, in_addr } from "./sockaddr.js";
import { BYTES, Struct } from "./struct.js";

const LE = native.platform.little_endian;

const swap16 = (x: number): number => ((x & 0xff) << 8) | ((x >>> 8) & 0xff);
const swap32 = (x: number): number => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | ((x >>> 24) & 0xff)) >>> 0;

function u16(x: unknown, fn: string): number {
  if (typeof x !== "number") throw new TypeError(wrongArg(fn, "argument", "a number", x));
  return x & 0xffff;
}
function u32(x: unknown, fn: string): number {
  if (typeof x !== "number") throw new TypeError(wrongArg(fn, "argument", "a number", x));
  return x >>> 0;
}

/**
 * Converts a 16-bit value from host to network byte order: `addr.sin_port = htons(8080)`.
 *
 * This function directly corresponds to the htons(3) function (byteorder(3)).
 * The argument is truncated to uint16_t as in C; it cannot fail.
 */
export function htons(hostshort: number): number {
  const x = u16(hostshort, "htons");
  return LE ? swap16(x) : x;
}
/**
 * Converts a 16-bit value from network to host byte order: `ntohs(addr.sin_port)`.
 *
 * This function directly corresponds to the ntohs(3) function (byteorder(3)).
 */
export function ntohs(netshort: number): number {
  const x = u16(netshort, "ntohs");
  return LE ? swap16(x) : x;
}
/**
 * Converts a 32-bit value from host to network byte order (an unsigned
 * result): `addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK)`.
 *
 * This function directly corresponds to the htonl(3) function (byteorder(3)).
 */
export function htonl(hostlong: number): number {
  const x = u32(hostlong, "htonl");
  return LE ? swap32(x) : x;
}
/**
 * Converts a 32-bit value from network to host byte order (an unsigned result).
 *
 * This function directly corresponds to the ntohl(3) function (byteorder(3)).
 */
export function ntohl(netlong: number): number {
  const x = u32(netlong, "ntohl");
  return LE ? swap32(x) : x;
}

/** The bytes of an in_addr/in6_addr (or any view) for the native calls. */
function addrBytes(v: unknown, fn: string, arg: string): ArrayBufferView {
  return mem(v, fn, arg, false, false)!;
}

/**
 * Converts address text ("127.0.0.1", "::1") of family af into dst, an
 * in_addr or in6_addr (or its bytes), in network byte order. Returns 1, 0
 * when src is not a valid address of that family, or -1.
 *
 * This function directly corresponds to the inet_pton(3) function.
 *
 * Errors: EAFNOSUPPORT (af is neither AF_INET nor AF_INET6).
 */
export function inet_pton(af: number, src: string, dst: in_addr | in6_addr | ArrayBufferView): number {
  return ret(native.inet_pton(int(af, "inet_pton", "af"), str(src, "inet_pton", "src"), addrBytes(dst, "inet_pton", "dst")));
}

/**
 * Converts the address src (an in_addr or in6_addr) of family af to text.
 * Returns the text (C returns dst), or null with errno set. A Buffer dst
 * also receives the NUL-terminated text; size may not exceed it. Give size
 * INET_ADDRSTRLEN or INET6_ADDRSTRLEN.
 *
 * This function directly corresponds to the inet_ntop(3) function.
 *
 * Errors: EAFNOSUPPORT, ENOSPC (the text does not fit in size bytes).
 */
export function inet_ntop(af: number, src: in_addr | in6_addr | ArrayBufferView, dst: Uint8Array | null, size: number): string | null {
  const family = int(af, "inet_ntop", "af");
  const s = addrBytes(src, "inet_ntop", "src");
  if (dst !== null && dst !== undefined && !(dst instanceof Uint8Array)) {
    throw new TypeError(wrongArg("inet_ntop", "dst", "a Buffer/Uint8Array or null", dst));
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

/**
 * Converts IPv4 dotted text to an address in network byte order, or
 * INADDR_NONE (0xffffffff, which is also 255.255.255.255) for invalid text.
 *
 * This function directly corresponds to the inet_addr(3) function. It sets no
 * errno; prefer inet_pton.
 */
export function inet_addr(cp: string): number {
  return native.inet_addr(str(cp, "inet_addr", "cp"));
}

/**
 * Converts IPv4 text (also the old forms "127.1", "0x7f.1") into inp, in
 * network byte order. Returns 1, or 0 for invalid text.
 *
 * This function directly corresponds to the inet_aton(3) function. It sets no
 * errno.
 */
export function inet_aton(cp: string, inp: in_addr): number {
  return native.inet_aton(str(cp, "inet_aton", "cp"), addrBytes(inp, "inet_aton", "inp"));
}

/**
 * The dotted-quad text of an in_addr (or of an s_addr value, network byte
 * order). C returns a static buffer; here each call returns its own string.
 *
 * This function directly corresponds to the inet_ntoa(3) function. It cannot fail.
 */
export function inet_ntoa(inaddr: in_addr | number): string {
  if (inaddr instanceof in_addr) return native.inet_ntoa(inaddr.s_addr);
  return native.inet_ntoa(u32(inaddr, "inet_ntoa"));
}

/**
 * Whether a, an IPv4 address in host byte order (`ntohl(sin_addr.s_addr)`),
 * is multicast: 224.0.0.0/4. C's IN_MULTICAST macro of <netinet/in.h>.
 */
export function IN_MULTICAST(a: number): boolean {
  return (u32(a, "IN_MULTICAST") & 0xf0000000) >>> 0 === 0xe0000000;
}
/** Whether a, an IPv4 address in host byte order, is loopback: 127.0.0.0/8. C's IN_LOOPBACK macro of <netinet/in.h>. */
export function IN_LOOPBACK(a: number): boolean {
  return (u32(a, "IN_LOOPBACK") & 0xff000000) >>> 0 === 0x7f000000;
}
/** Whether a, an IPv4 address in host byte order, is in 240.0.0.0/4. C's IN_EXPERIMENTAL (IN_BADCLASS) macro of <netinet/in.h>. */
export function IN_EXPERIMENTAL(a: number): boolean {
  return (u32(a, "IN_EXPERIMENTAL") & 0xf0000000) >>> 0 === 0xf0000000;
}

function six(a: unknown, fn: string): Uint8Array {
  if (a instanceof in6_addr) return a[BYTES];
  if (a instanceof Struct || !ArrayBuffer.isView(a)) throw new TypeError(wrongArg(fn, "a", "an in6_addr", a));
  const b = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (b.length < 16) throw new RangeError(`${fn}: a must hold 16 bytes`);
  return b;
}
/** Whether the in6_addr a is multicast, ff00::/8. The IN6_IS_ADDR_MULTICAST macro of netinet_in.h(0p). */
export function IN6_IS_ADDR_MULTICAST(a: in6_addr): boolean {
  return six(a, "IN6_IS_ADDR_MULTICAST")[0] === 0xff;
}
/** Whether the in6_addr a is link-local unicast, fe80::/10. The IN6_IS_ADDR_LINKLOCAL macro of netinet_in.h(0p). */
export function IN6_IS_ADDR_LINKLOCAL(a: in6_addr): boolean {
  const b = six(a, "IN6_IS_ADDR_LINKLOCAL");
  return b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
}
/** Whether the in6_addr a is site-local unicast, fec0::/10. The IN6_IS_ADDR_SITELOCAL macro of netinet_in.h(0p). */
export function IN6_IS_ADDR_SITELOCAL(a: in6_addr): boolean {
  const b = six(a, "IN6_IS_ADDR_SITELOCAL");
  return b[0] === 0xfe && (b[1]! & 0xc0) === 0xc0;
}
/** Whether the in6_addr a is the loopback address `::1`. The IN6_IS_ADDR_LOOPBACK macro of netinet_in.h(0p). */
export function IN6_IS_ADDR_LOOPBACK(a: in6_addr): boolean {
  const b = six(a, "IN6_IS_ADDR_LOOPBACK");
  return b.subarray(0, 15).every((x) => x === 0) && b[15] === 1;
}
/** Whether the in6_addr a is the unspecified address `::`. The IN6_IS_ADDR_UNSPECIFIED macro of netinet_in.h(0p). */
export function IN6_IS_ADDR_UNSPECIFIED(a: in6_addr): boolean {
  return six(a, "IN6_IS_ADDR_UNSPECIFIED").subarray(0, 16).every((x) => x === 0);
}
/** Whether the in6_addr a is an IPv4-mapped address, ::ffff:0:0/96. The IN6_IS_ADDR_V4MAPPED macro of netinet_in.h(0p). */
export function IN6_IS_ADDR_V4MAPPED(a: in6_addr): boolean {
  const b = six(a, "IN6_IS_ADDR_V4MAPPED");
  return b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;
}
/** Whether the in6_addr a is multicast of link-local scope, ff02::/16 and the like. The IN6_IS_ADDR_MC_LINKLOCAL macro of netinet_in.h(0p). */
export function IN6_IS_ADDR_MC_LINKLOCAL(a: in6_addr): boolean {
  const b = six(a, "IN6_IS_ADDR_MC_LINKLOCAL");
  return b[0] === 0xff && (b[1]! & 0xf) === 0x2;
}
