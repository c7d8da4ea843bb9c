// Address structs: in_addr, in6_addr and the sockaddr family, byte-exact.
import { defineStruct, Struct } from "./struct.js";

/** struct in_addr (<netinet/in.h>, ip(7)): an IPv4 address. */
export class in_addr extends Struct {
  /**
   * The address in network byte order, as in C: `htonl(INADDR_LOOPBACK)`,
   * `inet_addr("127.0.0.1")`, or filled by inet_pton.
   */
  declare s_addr: number;
}
defineStruct(in_addr, "in_addr", { s_addr: "uint" });

/** struct in6_addr (<netinet/in.h>, ipv6(7)): an IPv6 address. */
export class in6_addr extends Struct {}
export interface in6_addr {
  /** The 16 address bytes in network order, as a live Uint8Array(16); assigning bytes copies them in. */
  get s6_addr(): Uint8Array;
  set s6_addr(bytes: ArrayBufferView | ArrayLike<number>);
}
defineStruct(in6_addr, "in6_addr", { s6_addr: "bytes" });

/**
 * struct sockaddr: the generic address the C prototypes name. Every
 * sockaddr-family struct below is a sockaddr (they all begin with the family,
 * as POSIX lays them out), so a function written for `struct sockaddr *sa`
 * takes any of them, or a cast view: `get_in_addr(cast(sockaddr, ss))`.
 */
export class sockaddr extends Struct {
  /** The address family (AF_INET, AF_INET6, AF_UNIX, ...), host byte order. */
  declare sa_family: number;
  /** The family-specific bytes (14). */
  declare sa_data: Uint8Array;
}
defineStruct(sockaddr, "sockaddr", { sa_family: "uint", sa_data: "bytes" });

/** struct sockaddr_in (ip(7)): an IPv4 address and port. */
export class sockaddr_in extends sockaddr {
  /** AF_INET, host byte order. */
  declare sin_family: number;
  /** The port in network byte order: set with `htons(port)`, read with `ntohs(addr.sin_port)`. */
  declare sin_port: number;
  /** The IPv4 address; its s_addr is in network byte order. */
  declare sin_addr: in_addr;
  /** Padding to sizeof(struct sockaddr), zero. */
  declare sin_zero: Uint8Array;
}
defineStruct(sockaddr_in, "sockaddr_in", { sin_family: "uint", sin_port: "uint", sin_addr: in_addr, sin_zero: "bytes" });

/** struct sockaddr_in6 (ipv6(7)): an IPv6 address, port, flow and scope. */
export class sockaddr_in6 extends sockaddr {
  /** AF_INET6, host byte order. */
  declare sin6_family: number;
  /** The port in network byte order: set with `htons(port)`, read with `ntohs(addr.sin6_port)`. */
  declare sin6_port: number;
  /** The IPv6 flow information, in network byte order (htonl). */
  declare sin6_flowinfo: number;
  /** The IPv6 address (16 bytes, network order). */
  declare sin6_addr: in6_addr;
  /** The scope: an interface index for link-local addresses (if_nametoindex), host byte order. */
  declare sin6_scope_id: number;
}
defineStruct(sockaddr_in6, "sockaddr_in6", {
  sin6_family: "uint",
  sin6_port: "uint",
  sin6_flowinfo: "uint",
  sin6_addr: in6_addr,
  sin6_scope_id: "uint",
});

/**
 * struct sockaddr_un (unix(7)). sun_path reads as a live Uint8Array (C's
 * char[]); assigning a string writes its UTF-8 bytes and zero-fills the rest,
 * so "\0name" makes an abstract-namespace address. A path longer than
 * sun_path is a RangeError.
 */
export class sockaddr_un extends sockaddr {
  /** AF_UNIX, host byte order. */
  declare sun_family: number;
}
export interface sockaddr_un {
  /** The path (108 bytes): a live Uint8Array; assign a string, or bytes. */
  get sun_path(): Uint8Array;
  set sun_path(path: string | ArrayBufferView | ArrayLike<number>);
}
defineStruct(sockaddr_un, "sockaddr_un", { sun_family: "uint", sun_path: "chars" });

/**
 * struct sockaddr_storage (socket(7)): room for any address (128 bytes);
 * read the family, then `cast(sockaddr_in6, ss)` to read one.
 */
export class sockaddr_storage extends sockaddr {
  /** The address family, host byte order. */
  declare ss_family: number;
}
defineStruct(sockaddr_storage, "sockaddr_storage", { ss_family: "uint" });

/** Any struct the kernel accepts where C's prototypes say struct sockaddr *. */
export type SockaddrLike = sockaddr | sockaddr_in | sockaddr_in6 | sockaddr_un | sockaddr_storage | Struct | ArrayBufferView;

/** C's IN6ADDR_ANY_INIT initializer of <netinet/in.h> (ipv6(7)), the address `::`: `new in6_addr(IN6ADDR_ANY_INIT)`. */
export const IN6ADDR_ANY_INIT: { readonly s6_addr: readonly number[] } = Object.freeze({ s6_addr: Object.freeze(new Array<number>(16).fill(0)) });
/** C's IN6ADDR_LOOPBACK_INIT initializer (ipv6(7)), the address `::1`: `new in6_addr(IN6ADDR_LOOPBACK_INIT)`. */
export const IN6ADDR_LOOPBACK_INIT: { readonly s6_addr: readonly number[] } = Object.freeze({
  s6_addr: Object.freeze([...new Array<number>(15).fill(0), 1]),
});
/** C's in6addr_any (ipv6(7)), `::`: `addr.sin6_addr = in6addr_any` copies it in. Const in C: do not write to it. */
export const in6addr_any: in6_addr = new in6_addr(IN6ADDR_ANY_INIT);
/** C's in6addr_loopback (ipv6(7)), `::1`. Const in C: do not write to it. */
export const in6addr_loopback: in6_addr = new in6_addr(IN6ADDR_LOOPBACK_INIT);
