// The hosts, services and protocols databases of <netdb.h>:
// gethostbyname(3), gethostbyname2, gethostbyaddr, h_errno, herror,
// hstrerror, getservbyname(3), getservbyport, getprotobyname(3),
// getprotobynumber. They block like C (a lookup may read files or ask DNS,
// as nsswitch.conf says) and return what glibc returns, since the shims call
// glibc's own functions (native/hostent.cc): the same entries in the same
// order, NULL (null) exactly where C gets NULL, h_errno and errno left as C
// leaves them.
//
// One difference: C returns a pointer to a static buffer that the next call
// overwrites; here every call returns a new object, so a result stays valid.
import { int, len, mem, str } from "./check.js";
import { AF_INET6 } from "./constants.js";
import { wrongArg } from "./describe.js";
import { report, seterrno } from "./errno.js";
import { native, type HostentNode, type Lookup, type ProtoentNode, type ServentNode } from "./native.js";
import { in6_addr, in_addr } from "./sockaddr.js";
import { BYTES, type Struct } from "./struct.js";

/**
 * h_errno, as C has it: a live binding that a host lookup sets to the code
 * glibc's lookup reported (HOST_NOT_FOUND, TRY_AGAIN, NO_RECOVERY, NO_DATA,
 * NETDB_INTERNAL with errno set) and leaves alone when it reported none. As in
 * C, a lookup that succeeds may still leave a code (glibc's files module
 * reports HOST_NOT_FOUND after reading /etc/hosts to the end): test the
 * result for null. Each worker thread loads its own copy of this module, so
 * h_errno is per thread as in C.
 */
export let h_errno = 0;

/**
 * struct hostent. The pointer fields are JS values: h_name a string,
 * h_aliases the alias names and h_addr_list the addresses (an in_addr or an
 * in6_addr of h_length bytes each), both ending with null as C's arrays end
 * with NULL, so `for (i = 0; he->h_addr_list[i] != NULL; i++)` ports as is.
 */
export class hostent {
  /** The official name of the host (glibc always gives one). */
  h_name = "";
  /** Other names of the host, ending with null. */
  h_aliases: (string | null)[] = [null];
  /** AF_INET or AF_INET6. */
  h_addrtype = 0;
  /** The length of each address: 4 or 16. */
  h_length = 0;
  /** The addresses (in network byte order, as in C), ending with null. */
  h_addr_list: (in_addr | in6_addr | null)[] = [null];
  /**
   * C's `#define h_addr h_addr_list[0]`: the first address. A lookup that
   * succeeds always has one, so `inet_ntoa(cast(in_addr, he.h_addr))` and
   * `memcpy(sa.sin_addr, he.h_addr, he.h_length)` port as written.
   */
  get h_addr(): in_addr | in6_addr {
    return this.h_addr_list[0]!;
  }
}

/** struct servent (getservent(3)): an entry of the services database, /etc/services. */
export class servent {
  /** The official service name ("domain"). */
  s_name = "";
  /** Other names, ending with null. */
  s_aliases: (string | null)[] = [null];
  /** The port in network byte order, as in C: `ntohs(se.s_port)`. */
  s_port = 0;
  /** The protocol to use with it ("tcp", "udp"). */
  s_proto = "";
}

/** struct protoent (getprotoent(3)): an entry of the protocols database, /etc/protocols. */
export class protoent {
  /** The official protocol name ("tcp"). */
  p_name = "";
  /** Other names, ending with null. */
  p_aliases: (string | null)[] = [null];
  /** The protocol number, host byte order (IPPROTO_TCP): socket's third argument. */
  p_proto = 0;
}

/** C's NULL-terminated char ** as an array ending with null. */
const terminated = <T>(list: T[]): (T | null)[] => [...list, null];

/** Takes over what the lookup left in h_errno and errno; returns its entry. */
function settle<T>([entry, herr, e]: Lookup<T>): T | null {
  if (herr !== null) h_errno = herr;
  if (e !== null) seterrno(e);
  return entry;
}

function toHostent(n: HostentNode | null): hostent | null {
  if (n === null) return null;
  const he = new hostent();
  he.h_name = n.h_name ?? "";
  he.h_aliases = terminated(n.h_aliases);
  he.h_addrtype = n.h_addrtype;
  he.h_length = n.h_length;
  const cls = n.h_addrtype === AF_INET6 ? in6_addr : in_addr;
  he.h_addr_list = terminated(
    n.h_addr_list.map((bytes) => {
      const a = new cls();
      a[BYTES].set(bytes.subarray(0, a[BYTES].length));
      return a;
    }),
  );
  return he;
}

/**
 * Looks up the IPv4 host name (or address text: "127.0.0.1" gives itself)
 * and returns its entry, or null with h_errno set. Obsolete in C; prefer
 * getaddrinfo.
 *
 * This function directly corresponds to the gethostbyname(3) function.
 *
 * Errors: in h_errno: HOST_NOT_FOUND, NO_DATA (the name has no address of
 * that family), TRY_AGAIN, NO_RECOVERY.
 */
export function gethostbyname(name: string): hostent | null {
  return toHostent(settle(native.gethostbyname(str(name, "gethostbyname", "name"))));
}

/**
 * As gethostbyname, for the address family af (AF_INET or AF_INET6).
 *
 * This function directly corresponds to the gethostbyname2(3) function.
 * AF_UNSPEC fails with h_errno NETDB_INTERNAL and errno EAFNOSUPPORT: glibc
 * 2.36 aborts a C program there when the name is in /etc/hosts ("multi on"),
 * which a library call must never do.
 *
 * Errors: in h_errno: HOST_NOT_FOUND, NO_DATA, TRY_AGAIN, NO_RECOVERY,
 * NETDB_INTERNAL (errno EAFNOSUPPORT).
 */
export function gethostbyname2(name: string, af: number): hostent | null {
  return toHostent(settle(native.gethostbyname2(str(name, "gethostbyname2", "name"), int(af, "gethostbyname2", "af"))));
}

/**
 * Looks up the address addr (an in_addr or in6_addr, or its bytes; len at
 * most their size) of family type and returns its host entry, or null with
 * h_errno set.
 *
 * This function directly corresponds to the gethostbyaddr(3) function.
 *
 * Errors: in h_errno: HOST_NOT_FOUND, TRY_AGAIN, NO_RECOVERY,
 * NETDB_INTERNAL.
 */
export function gethostbyaddr(addr: in_addr | in6_addr | Struct | ArrayBufferView, len_: number, type: number): hostent | null {
  const a = mem(addr, "gethostbyaddr", "addr", false, false)!;
  const n = len(len_, a.byteLength, "gethostbyaddr", "len");
  return toHostent(settle(native.gethostbyaddr(a, n, int(type, "gethostbyaddr", "type"))));
}

/**
 * The C library's message for an h_errno value.
 *
 * This function directly corresponds to the hstrerror(3) function.
 */
export function hstrerror(err: number): string {
  return native.hstrerror(int(err, "hstrerror", "err"));
}

/**
 * Writes "s: message" (or just the message) for the current h_errno to stderr.
 *
 * This function directly corresponds to the herror(3) function.
 */
export function herror(s?: string | null): void {
  if (s !== null && s !== undefined && typeof s !== "string") throw new TypeError(wrongArg("herror", "s", "a string or null", s));
  report(s, native.hstrerror(h_errno));
}

function proto(v: unknown, fn: string): string | null {
  return v === null || v === undefined ? null : str(v, fn, "proto");
}

function toServent(n: Lookup<ServentNode>): servent | null {
  const e = settle(n);
  if (e === null) return null;
  const se = new servent();
  se.s_name = e.s_name ?? "";
  se.s_aliases = terminated(e.s_aliases);
  se.s_port = e.s_port;
  se.s_proto = e.s_proto ?? "";
  return se;
}

/**
 * The services database entry of the service name for protocol proto ("tcp",
 * "udp", or null for any), or null when there is none.
 *
 * This function directly corresponds to the getservbyname(3) function. It
 * sets neither errno nor h_errno.
 */
export function getservbyname(name: string, proto_: string | null): servent | null {
  return toServent(native.getservbyname(str(name, "getservbyname", "name"), proto(proto_, "getservbyname")));
}

/**
 * The services database entry of port (in network byte order: `htons(53)`)
 * for protocol proto, or null when there is none.
 *
 * This function directly corresponds to the getservbyport(3) function.
 */
export function getservbyport(port: number, proto_: string | null): servent | null {
  return toServent(native.getservbyport(int(port, "getservbyport", "port"), proto(proto_, "getservbyport")));
}

function toProtoent(n: Lookup<ProtoentNode>): protoent | null {
  const e = settle(n);
  if (e === null) return null;
  const pe = new protoent();
  pe.p_name = e.p_name ?? "";
  pe.p_aliases = terminated(e.p_aliases);
  pe.p_proto = e.p_proto;
  return pe;
}

/**
 * The protocols database entry named name ("tcp"), or null when there is none.
 *
 * This function directly corresponds to the getprotobyname(3) function.
 */
export function getprotobyname(name: string): protoent | null {
  return toProtoent(native.getprotobyname(str(name, "getprotobyname", "name")));
}

/**
 * The protocols database entry numbered proto (IPPROTO_TCP), or null.
 *
 * This function directly corresponds to the getprotobynumber(3) function.
 */
export function getprotobynumber(proto_: number): protoent | null {
  return toProtoent(native.getprotobynumber(int(proto_, "getprotobynumber", "proto")));
}
