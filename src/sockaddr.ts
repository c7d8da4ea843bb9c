// Address structs: in_addr, in6_addr and the sockaddr family, byte-exact.
import { defineStruct, Struct } from "./struct.js";

/** struct in_addr: s_addr is in network byte order, as in C. */
export class in_addr extends Struct {
  declare s_addr: number;
}
defineStruct(in_addr, "in_addr", { s_addr: "uint" });

/** struct in6_addr: s6_addr is a live Uint8Array(16). */
export class in6_addr extends Struct {}
export interface in6_addr {
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
  declare sa_family: number;
  declare sa_data: Uint8Array;
}
defineStruct(sockaddr, "sockaddr", { sa_family: "uint", sa_data: "bytes" });

/** struct sockaddr_in (ip(7)). */
export class sockaddr_in extends sockaddr {
  declare sin_family: number;
  declare sin_port: number;
  declare sin_addr: in_addr;
  declare sin_zero: Uint8Array;
}
defineStruct(sockaddr_in, "sockaddr_in", { sin_family: "uint", sin_port: "uint", sin_addr: in_addr, sin_zero: "bytes" });

/** struct sockaddr_in6 (ipv6(7)). */
export class sockaddr_in6 extends sockaddr {
  declare sin6_family: number;
  declare sin6_port: number;
  declare sin6_flowinfo: number;
  declare sin6_addr: in6_addr;
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
  declare sun_family: number;
}
export interface sockaddr_un {
  get sun_path(): Uint8Array;
  set sun_path(path: string | ArrayBufferView | ArrayLike<number>);
}
defineStruct(sockaddr_un, "sockaddr_un", { sun_family: "uint", sun_path: "chars" });

/** struct sockaddr_storage: room for any address; cast() it to read one. */
export class sockaddr_storage extends sockaddr {
  declare ss_family: number;
}
defineStruct(sockaddr_storage, "sockaddr_storage", { ss_family: "uint" });

/** Any struct the kernel accepts where C's prototypes say struct sockaddr *. */
export type SockaddrLike = sockaddr | sockaddr_in | sockaddr_in6 | sockaddr_un | sockaddr_storage | Struct | ArrayBufferView;

/** The initializers of <netinet/in.h>: `new in6_addr(IN6ADDR_LOOPBACK_INIT)`. */
export const IN6ADDR_ANY_INIT: { readonly s6_addr: readonly number[] } = Object.freeze({ s6_addr: Object.freeze(new Array<number>(16).fill(0)) });
export const IN6ADDR_LOOPBACK_INIT: { readonly s6_addr: readonly number[] } = Object.freeze({
  s6_addr: Object.freeze([...new Array<number>(15).fill(0), 1]),
});
/** C's in6addr_any and in6addr_loopback (const in C: do not write to them). */
export const in6addr_any: in6_addr = new in6_addr(IN6ADDR_ANY_INIT);
export const in6addr_loopback: in6_addr = new in6_addr(IN6ADDR_LOOPBACK_INIT);
