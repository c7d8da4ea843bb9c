// Name services: getaddrinfo(3), getnameinfo(3), gethostname(2) and the
// interface-name calls if_nametoindex(3) and friends.
import { int, len, mem, NO_BOUND, str, uint } from "./check.js";
import { AF_INET, AF_INET6, AF_UNIX, EAI_SYSTEM, IF_NAMESIZE } from "./constants.js";
import { putCString } from "./cstring.js";
import { wrongArg } from "./describe.js";
import { ret, seterrno } from "./errno.js";
import { native } from "./native.js";
import { sockaddr_in, sockaddr_in6, sockaddr_storage, sockaddr_un, type SockaddrLike } from "./sockaddr.js";
import { BYTES, defineStruct, Struct } from "./struct.js";

/**
 * struct addrinfo (getaddrinfo(3)): getaddrinfo's hints, and each node of
 * the list it returns. The int fields are byte-exact, in host byte order
 * (hints go to the C library as their bytes); the pointer fields are JS
 * values.
 */
export class addrinfo extends Struct {
  /** AI_PASSIVE, AI_CANONNAME, AI_NUMERICHOST, AI_NUMERICSERV, AI_ADDRCONFIG, ... */
  declare ai_flags: number;
  /** AF_INET, AF_INET6, or AF_UNSPEC (either) in hints. */
  declare ai_family: number;
  /** SOCK_STREAM, SOCK_DGRAM, or 0 (any) in hints. */
  declare ai_socktype: number;
  /** IPPROTO_TCP, IPPROTO_UDP, or 0 (any) in hints. */
  declare ai_protocol: number;
  /** The length of ai_addr: pass it to bind or connect. */
  declare ai_addrlen: number;
  /** The address, a struct of the result's family (its port in network byte order); null in hints. */
  ai_addr: sockaddr_in | sockaddr_in6 | sockaddr_un | sockaddr_storage | null = null;
  /** The canonical name, on the first node when AI_CANONNAME was asked; else null. */
  ai_canonname: string | null = null;
  /** The next node, or null at the end: `for (p = res.value; p !== null; p = p.ai_next)`. */
  ai_next: addrinfo | null = null;
}
defineStruct(addrinfo, "addrinfo", { ai_flags: "int", ai_family: "int", ai_socktype: "int", ai_protocol: "int", ai_addrlen: "uint" });

/**
 * A pointer out-parameter (C's `T **`): `struct addrinfo *res;` is
 * `const res = new ptr<addrinfo>()`, and `&res` is just `res`; read the
 * pointer as `res.value`.
 */
export class ptr<T> {
  constructor(/** What the pointer points to: null until the call sets it. */ public value: T | null = null) {}
}

function sockaddrFor(family: number, bytes: Uint8Array): sockaddr_in | sockaddr_in6 | sockaddr_un | sockaddr_storage {
  const cls = family === AF_INET ? sockaddr_in : family === AF_INET6 ? sockaddr_in6 : family === AF_UNIX ? sockaddr_un : sockaddr_storage;
  const s = new cls();
  s[BYTES].set(bytes.subarray(0, Math.min(bytes.length, s[BYTES].length)));
  return s;
}

/**
 * Resolves node (a host name or address text) and service (a port number or
 * name) into a list of addresses, hints narrowing the search. Returns 0 and
 * sets res.value to the first node, or returns an EAI_* code (print it with
 * gai_strerror); EAI_SYSTEM also sets errno.
 *
 * This function directly corresponds to the getaddrinfo(3) function. It
 * blocks like C (it may read files or ask DNS); the promises entry point's
 * getaddrinfo does not.
 *
 * Errors: returned, not in errno: EAI_NONAME, EAI_AGAIN, EAI_FAIL,
 * EAI_FAMILY, EAI_SOCKTYPE, EAI_SERVICE, EAI_BADFLAGS, EAI_MEMORY,
 * EAI_NODATA, EAI_ADDRFAMILY, EAI_SYSTEM.
 */
export function getaddrinfo(node: string | null, service: string | null, hints: addrinfo | null, res: ptr<addrinfo> | { value: addrinfo | null }): number {
  return settle(native.getaddrinfo(...addrinfoArgs(node, service, hints, res)), res);
}

/** getaddrinfo's arguments checked, as the shims take them (the promises getaddrinfo too). */
export function addrinfoArgs(node: unknown, service: unknown, hints: unknown, res: unknown): [node: string | null, service: string | null, hints: ArrayBufferView | null] {
  const n = node === null || node === undefined ? null : str(node, "getaddrinfo", "node");
  const s = service === null || service === undefined ? null : str(service, "getaddrinfo", "service");
  if (hints !== null && hints !== undefined && !(hints instanceof addrinfo)) {
    throw new TypeError(wrongArg("getaddrinfo", "hints", "an addrinfo or null", hints));
  }
  checkRes(res, "getaddrinfo");
  return [n, s, hints ? hints[BYTES] : null];
}

/**
 * res must be a box whose `value` can be assigned (C's addrinfo **): checked
 * before the lookup, so a box that cannot take the list is a TypeError at the
 * call (for the promises getaddrinfo too), never a failure after it.
 */
export function checkRes(res: unknown, fn: string, arg = "res", box = "ptr<addrinfo> box"): void {
  if (typeof res !== "object" || res === null) throw new TypeError(wrongArg(fn, arg, `a ${box}`, res));
  let settable = Object.isExtensible(res);
  for (let o: object | null = res; o !== null; o = Object.getPrototypeOf(o) as object | null) {
    const d = Object.getOwnPropertyDescriptor(o, "value");
    if (d === undefined) continue;
    settable = "value" in d ? d.writable === true : d.set !== undefined;
    break;
  }
  if (!settable) throw new TypeError(`${fn}: ${arg}.value cannot be assigned (read-only, getter-only or frozen box)`);
}

/** Builds the addrinfo list from a native result; shared with the promises entry point. */
export function settle(r: ReturnType<typeof native.getaddrinfo>, res: { value: addrinfo | null }): number {
  if (r.code !== 0) {
    if (r.code === EAI_SYSTEM) seterrno(r.errno);
    return r.code;
  }
  let head: addrinfo | null = null;
  let tail: addrinfo | null = null;
  for (const n of r.list) {
    const ai = new addrinfo({ ai_flags: n.ai_flags, ai_family: n.ai_family, ai_socktype: n.ai_socktype, ai_protocol: n.ai_protocol, ai_addrlen: n.ai_addrlen });
    ai.ai_addr = sockaddrFor(n.ai_family, n.ai_addr);
    ai.ai_canonname = n.ai_canonname;
    if (tail) tail.ai_next = ai;
    else head = ai;
    tail = ai;
  }
  res.value = head;
  return 0;
}

/**
 * Frees getaddrinfo's list: here there is nothing to free (the list is
 * garbage-collected); kept so ports stay line for line.
 *
 * This function directly corresponds to the freeaddrinfo(3) function.
 */
export function freeaddrinfo(res: addrinfo | null): void {
  if (res !== null && res !== undefined && !(res instanceof addrinfo)) {
    throw new TypeError(wrongArg("freeaddrinfo", "res", "an addrinfo", res));
  }
}

/**
 * The C library's message for an EAI_* code that getaddrinfo or getnameinfo returned.
 *
 * This function directly corresponds to the gai_strerror(3) function.
 */
export function gai_strerror(errcode: number): string {
  return native.gai_strerror(int(errcode, "gai_strerror", "errcode"));
}

/**
 * Converts the address addr (addrlen bytes) to a host name and a service
 * name: host and serv are Buffers that receive NUL-terminated text (or null);
 * hostlen/servlen may not exceed them (NI_MAXHOST, NI_MAXSERV). flags:
 * NI_NUMERICHOST, NI_NUMERICSERV, NI_NAMEREQD, NI_DGRAM, NI_NOFQDN. Returns 0
 * or an EAI_* code; EAI_SYSTEM also sets errno.
 *
 * This function directly corresponds to the getnameinfo(3) function. It
 * blocks like C; the promises entry point's getnameinfo does not.
 *
 * Errors: returned, not in errno: EAI_NONAME, EAI_AGAIN, EAI_FAIL,
 * EAI_FAMILY, EAI_OVERFLOW (a buffer too small), EAI_BADFLAGS, EAI_MEMORY,
 * EAI_SYSTEM.
 */
export function getnameinfo(addr: SockaddrLike, addrlen: number, host: Uint8Array | null, hostlen: number, serv: Uint8Array | null, servlen: number, flags: number): number {
  const [code, e] = native.getnameinfo(...nameinfoArgs(addr, addrlen, host, hostlen, serv, servlen, flags));
  if (code === EAI_SYSTEM) seterrno(e);
  return code;
}

/** getnameinfo's arguments checked, as the shims take them (the promises getnameinfo too): host/serv NULL's bound is the kernel's. */
export function nameinfoArgs(addr: unknown, addrlen: unknown, host: unknown, hostlen: unknown, serv: unknown, servlen: unknown, flags: unknown): NameinfoArgs {
  const a = mem(addr, "getnameinfo", "addr", false, false)!;
  const h = mem(host, "getnameinfo", "host", false);
  const s = mem(serv, "getnameinfo", "serv", false);
  return [
    a,
    len(addrlen, a.byteLength, "getnameinfo", "addrlen"),
    h,
    len(hostlen, h === null ? NO_BOUND : h.byteLength, "getnameinfo", "hostlen"),
    s,
    len(servlen, s === null ? NO_BOUND : s.byteLength, "getnameinfo", "servlen"),
    int(flags, "getnameinfo", "flags"),
  ];
}
type NameinfoArgs = [sa: ArrayBufferView, salen: number, host: ArrayBufferView | null, hostlen: number, serv: ArrayBufferView | null, servlen: number, flags: number];

/**
 * Writes this machine's host name, NUL-terminated, into name (size bytes, at
 * most its length). Returns 0 or -1.
 *
 * This function directly corresponds to the gethostname(2) function.
 *
 * Errors: ENAMETOOLONG (the name does not fit in size bytes), EINVAL, EFAULT.
 */
export function gethostname(name: Uint8Array, size: number): number {
  const b = mem(name, "gethostname", "name", false, false)!;
  return ret(native.gethostname(b, len(size, b.byteLength, "gethostname", "len")));
}

/**
 * The index of the network interface named ifname ("lo", "eth0"), or 0 with
 * errno set.
 *
 * This function directly corresponds to the if_nametoindex(3) function.
 *
 * Errors: ENODEV (no such interface), and socket's errors (it opens one).
 */
export function if_nametoindex(ifname: string): number {
  const r = native.if_nametoindex(str(ifname, "if_nametoindex", "ifname"));
  if (r < 0) {
    seterrno(-r);
    return 0;
  }
  return r;
}

/**
 * The name of the network interface with index ifindex (C returns ifname),
 * or null with errno set. A Buffer ifname (IF_NAMESIZE bytes) also receives
 * the NUL-terminated name; it may be null.
 *
 * This function directly corresponds to the if_indextoname(3) function.
 *
 * Errors: ENXIO (no interface has that index), and socket's errors.
 */
export function if_indextoname(ifindex: number, ifname: Uint8Array | null): string | null {
  if (ifname !== null && ifname !== undefined) {
    if (!(ifname instanceof Uint8Array)) throw new TypeError(wrongArg("if_indextoname", "ifname", "a Buffer or null", ifname));
    if (ifname.length < IF_NAMESIZE) throw new RangeError(`if_indextoname: ifname must hold IF_NAMESIZE (${IF_NAMESIZE}) bytes`);
  }
  const r = native.if_indextoname(uint(ifindex, "if_indextoname", "ifindex"));
  if (typeof r === "number") {
    seterrno(-r);
    return null;
  }
  if (ifname) putCString(ifname, r);
  return r;
}

/** struct if_nameindex: one entry of if_nameindex(3)'s array; the last has if_index 0 and if_name null, as in C. */
export interface if_nameindex_entry {
  if_index: number;
  if_name: string | null;
}

/**
 * The network interfaces: an array of { if_index, if_name } ending with
 * { if_index: 0, if_name: null }, or null with errno set.
 *
 * This function directly corresponds to the if_nameindex(3) function.
 *
 * Errors: ENOBUFS, and socket's errors.
 */
export function if_nameindex(): if_nameindex_entry[] | null {
  const r = native.if_nameindex();
  if (typeof r === "number") {
    seterrno(-r);
    return null;
  }
  const list: if_nameindex_entry[] = r;
  list.push({ if_index: 0, if_name: null });
  return list;
}

/**
 * Frees if_nameindex's array: here there is nothing to free; kept for
 * line-by-line ports.
 *
 * This function directly corresponds to the if_freenameindex(3) function.
 */
export function if_freenameindex(ptr: if_nameindex_entry[] | null): void {
  if (ptr !== null && !Array.isArray(ptr)) throw new TypeError(`if_freenameindex: expected the array if_nameindex returned`);
}
