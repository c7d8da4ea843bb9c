// The argument model of every export: one table entry per function, listing
// what each parameter is (a descriptor, a length relative to another argument,
// a struct...). Each parameter is generated from a mix of well-typed values
// and hostile ones. A new family adds its rows here (and to NATIVE for its raw
// shims); the fuzzer refuses to run while an export has no row, so nothing
// new goes unfuzzed.
import fc from "fast-check";
import * as api from "../src/index.js";
import * as libc from "../src/libc.js";
import { native } from "../src/native.js";
import {
  bufs, fds, lenboxes, lengths, numbers, strings, structs, wrong, STRUCTS,
  type MsgRecipe, type Recipe,
} from "./values.js";

type A = fc.Arbitrary<Recipe>;
const w = <T extends Recipe>(arbitrary: fc.Arbitrary<T>, weight: number) => ({ arbitrary: arbitrary as A, weight });
const NULL: A = fc.constant<Recipe>({ k: "null" });

// ---- parameter kinds -------------------------------------------------------

const DOMAINS = ["AF_INET", "AF_INET6", "AF_UNIX", "AF_UNSPEC", "AF_PACKET", "AF_NETLINK"];
const TYPES = ["SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_SEQPACKET", "SOCK_NONBLOCK", "SOCK_CLOEXEC"];
const LEVELS = ["SOL_SOCKET", "IPPROTO_IP", "IPPROTO_IPV6", "IPPROTO_TCP", "IPPROTO_UDP", "SOL_TCP", "SOL_IP"];
const OPTS = [
  "SO_REUSEADDR", "SO_REUSEPORT", "SO_RCVBUF", "SO_SNDBUF", "SO_RCVTIMEO", "SO_SNDTIMEO", "SO_LINGER", "SO_ERROR",
  "SO_TYPE", "SO_BROADCAST", "SO_KEEPALIVE", "SO_BINDTODEVICE", "SO_PEERCRED", "SO_PEERSEC", "SO_ATTACH_FILTER",
  "SO_DOMAIN", "SO_PROTOCOL", "SO_ACCEPTCONN", "IP_TTL", "IP_TOS", "IP_OPTIONS", "IP_MULTICAST_IF", "IP_ADD_MEMBERSHIP",
  "IP_PKTINFO", "IP_MSFILTER", "IPV6_V6ONLY", "IPV6_JOIN_GROUP", "IPV6_MULTICAST_IF", "TCP_NODELAY", "TCP_INFO",
  "TCP_CONGESTION", "TCP_MAXSEG", "MCAST_JOIN_GROUP", "MCAST_MSFILTER", "IP_LOCAL_PORT_RANGE", "IP_BIND_ADDRESS_NO_PORT",
];
const MSG = ["MSG_PEEK", "MSG_DONTWAIT", "MSG_WAITALL", "MSG_TRUNC", "MSG_OOB", "MSG_NOSIGNAL", "MSG_ERRQUEUE", "MSG_CTRUNC"];
const FCNTL = ["F_GETFL", "F_SETFL", "F_GETFD", "F_SETFD", "F_DUPFD", "F_DUPFD_CLOEXEC", "F_GETOWN", "F_SETOWN", "F_SETLKW", "F_GETLK", "O_NONBLOCK"];
const IOCTL = ["FIONREAD", "SIOCINQ", "SIOCOUTQ", "SIOCOUTQNSD", "FIONBIO", "SIOCATMARK", "SIOCGIFCONF", "SIOCGIFADDR"];
const SOCKADDRS = STRUCTS.filter((s) => s.startsWith("sockaddr"));

/**
 * A parameter: a hostile mixture, and a well-formed subset. Half the runs of
 * a call draw every argument from the well-formed subsets, so calls also reach
 * the kernel with sane arguments (and fill memory, which the canaries check).
 */
export type P = A & { valid?: A };
const param = (valid: A, hostile: A): P => Object.assign(hostile, { valid });
const goodBufs: A = bufs.filter((b) => b.backing === "ab" || b.backing === "sab").map((b) => ({ ...b, n: Math.min(b.n, 4096) }));

/** An int parameter: named constants, edge numbers, wrong types. */
export const I = (...consts: string[]): P => param(consts.length ? numbers(consts).filter((n) => n.k === "const" || Number.isInteger(n.v) && n.v >= 0 && n.v < 64) : numbers(), fc.oneof(w(numbers(consts), 20), w(wrong, 1)));
/** A descriptor parameter. */
export const FD: P = param(fds.filter((f) => f.k === "fd") as A, fds as A);
/** C's void * (filled in place): any view or struct; strings are a TypeError. */
export const OUT: P = param(fc.oneof(w(goodBufs, 2), w(structs(), 1)), fc.oneof(w(bufs, 16), w(structs(), 6), w(NULL, 1), w(wrong, 1), w(strings, 1)));
/** C's const void *: also strings. */
export const IN: P = param(fc.oneof(w(goodBufs, 2), w(structs(), 1), w(strings, 1)), fc.oneof(w(bufs, 12), w(structs(), 6), w(strings, 4), w(NULL, 1), w(wrong, 1)));
/** A length that should describe argument i. */
export const LEN = (i: number): P => param(fc.constantFrom<Recipe>({ k: "len", rel: i, delta: 0 }, { k: "len", rel: i, delta: -1 }), lengths(i) as A);
/** A socklen_t * describing argument i. */
export const BOX = (i: number): P => param(fc.boolean().map<Recipe>((guarded) => ({ k: "lenbox", rel: i, delta: 0, guarded })), lenboxes(i) as A);
/** The named structs this build has (a family not merged yet, or absent on the platform, drops out). */
const present = (names: string[]): string[] => {
  const have = names.filter((n) => STRUCTS.includes(n));
  return have.length ? have : STRUCTS;
};
/** A struct sockaddr * (mostly sockaddrs, some other structs and raw bytes). */
export const ADDR: P = param(structs(SOCKADDRS), fc.oneof(w(structs(SOCKADDRS), 16), w(structs(), 2), w(bufs, 3), w(NULL, 1), w(wrong, 1)));
/** A struct of one of the named types (or not). */
export const S = (...names: string[]): P => param(structs(present(names)), fc.oneof(w(structs(present(names)), 16), w(structs(), 2), w(bufs, 2), w(NULL, 1), w(wrong, 1)));
/** A string parameter. */
export const STR: P = param(strings, fc.oneof(w(strings, 16), w(NULL, 1), w(wrong, 1)));
/** Anything at all. */
export const ANY: A = fc.oneof(w(numbers(), 2), w(wrong, 2), w(bufs, 2), w(structs(), 2), w(strings, 2), w(NULL, 1));
/** An object of field values (a struct initializer). */
const FIELDS = ["sin_family", "sin_port", "sin_addr", "s_addr", "s6_addr", "sun_path", "tv_sec", "l_onoff", "bogus", "constructor", "__proto__", "ai_flags"];
export const INIT: A = fc.oneof(
  w(fc.array(fc.tuple(fc.constantFrom(...FIELDS), ANY), { maxLength: 3 }).map<Recipe>((fields) => ({ k: "obj", fields })), 3),
  w(structs(), 3),
  w(ANY, 2),
);

/** A timeout that never blocks: 0 ms, or something that is not a number (TypeError). Never -1 (forever). */
const NOWAIT: P = param(fc.constant<Recipe>({ k: "num", v: 0 }), fc.oneof(w(fc.constantFrom(0, -0, 0.5, 1, 2 ** 32, 2 ** 32 + 1, NaN).map<Recipe>((v) => ({ k: "num", v })), 8), w(wrong, 1)));
/** A select timeout: a zero timeval, one with -1 seconds (EINVAL), or garbage types. Never NULL (forever). */
const ZERO_TV: P = param(
  fc.constant<Recipe>({ k: "struct", cls: "timeval", how: "new", off: 0, fill: 0 }),
  fc.oneof(w(fc.constantFrom<Recipe>({ k: "struct", cls: "timeval", how: "new", off: 0, fill: 0 }, { k: "struct", cls: "timeval", how: "cast", off: 3, fill: 0 }, { k: "struct", cls: "timeval", how: "init", off: 0, fill: 0xff }), 8), w(wrong.filter((x) => x.k !== "null" && x.k !== "undefined"), 1)),
);
/** An array of structs of one type (C's struct pollfd fds[n]), or one struct, or junk. */
const ARRAY = (cls: string): P => param(
  fc.array(structs(present([cls])), { maxLength: 4 }).map<Recipe>((items) => ({ k: "list", items })),
  fc.oneof(w(fc.array(fc.oneof(w(structs(present([cls])), 6), w(structs(), 1), w(wrong, 1)), { maxLength: 5 }).map<Recipe>((items) => ({ k: "list", items })), 6), w(structs(present([cls])), 2), w(NULL, 1), w(wrong, 1)),
);
/** A msghdr: name, iovecs and control buffer with lengths that fit (valid) or not. */
const msgOf = (valid: boolean): fc.Arbitrary<MsgRecipe> => fc.record({
  k: fc.constant("msg" as const),
  name: valid ? fc.oneof(w(structs(SOCKADDRS), 3), w(NULL, 1)) : fc.oneof(w(structs(SOCKADDRS), 4), w(bufs, 2), w(NULL, 1), w(wrong, 1)),
  namelen: valid ? fc.constant(0) : fc.constantFrom(0, 0, -1, 1, 1000, 2 ** 31),
  iov: fc.array(valid ? goodBufs : fc.oneof(w(bufs, 6), w(NULL, 1), w(wrong, 1)), { maxLength: valid ? 3 : 6 }),
  iovlen: valid ? fc.constant(0) : fc.constantFrom(0, 0, -1, 1, 2000, 2 ** 31),
  lens: fc.array(valid ? fc.constant(0) : fc.constantFrom(0, -1, 1, 2 ** 31), { maxLength: 6 }),
  ctrl: valid ? fc.oneof(w(goodBufs, 1), w(NULL, 1)) : fc.oneof(w(bufs, 3), w(NULL, 1), w(wrong, 1)),
  ctrllen: valid ? fc.constant(0) : fc.constantFrom(0, 0, -1, 1, 2 ** 31),
});
export const MSG_HDR: P = param(msgOf(true) as A, fc.oneof(w(msgOf(false) as A, 8), w(wrong, 1), w(structs(), 1)));
const MMSG: P = param(
  fc.array(msgOf(true), { maxLength: 3 }).map<Recipe>((msgs) => ({ k: "mmsg", msgs })),
  fc.oneof(w(fc.array(msgOf(false), { maxLength: 4 }).map<Recipe>((msgs) => ({ k: "mmsg", msgs })), 8), w(fc.array(ANY, { maxLength: 2 }).map<Recipe>((items) => ({ k: "list", items })), 1), w(wrong, 1)),
);
/**
 * The raw msg shims' flat form [views, nums] built from a msghdr recipe (its
 * lengths follow its parts, plus deltas), or free-form: any views and any
 * numbers (NaN, negative, huge, fractional), or not a Float64Array at all.
 */
const FLAT_NUMS = fc.array(fc.constantFrom(0, 0, 1, 4, 16, -1, NaN, Infinity, 0.5, 2 ** 31, 2 ** 53, 1e300), { maxLength: 10 });
const FLAT_FREE: A = fc.tuple(fc.array(fc.oneof(w(OUT, 4), w(NULL, 2), w(wrong, 1)), { maxLength: 8 }), FLAT_NUMS, fc.constantFrom("f64", "f64", "f64", "array", "f32"))
  .map<Recipe>(([views, nums, how]) => ({ k: "list", items: [{ k: "list", items: views }, { k: "lit", v: how === "f64" ? new Float64Array(nums) : how === "f32" ? new Float32Array(nums) : nums }] }));
const RAW_MSG: P = param(msgOf(true) as A, fc.oneof(w(msgOf(false) as A, 6), w(FLAT_FREE, 3), w(wrong, 1)));
const RAW_MMSG: P = param(
  fc.array(msgOf(true), { maxLength: 3 }).map<Recipe>((msgs) => ({ k: "mmsg", msgs })),
  fc.oneof(w(fc.array(msgOf(false), { maxLength: 4 }).map<Recipe>((msgs) => ({ k: "mmsg", msgs })), 6), w(FLAT_FREE, 3), w(wrong, 1)),
);
/** A Uint32Array out-array of n elements (raw msg shims), or not. */
const OUT32 = (n: number[]): P => param(
  fc.constantFrom(...n).map<Recipe>((k) => ({ k: "buf", type: "Uint32Array", backing: "ab", n: k, off: 1, fill: 0 })),
  fc.oneof(w(fc.constantFrom(0, 1, 2, 3, 4, 12, 16).map<Recipe>((k) => ({ k: "buf", type: "Uint32Array", backing: "ab", n: k, off: 1, fill: 0 })), 6), w(bufs, 2), w(wrong, 1)),
);
const noop = fc.constant<Recipe>({ k: "lit", v: () => undefined });
const EPOLL_OPS = ["EPOLL_CTL_ADD", "EPOLL_CTL_MOD", "EPOLL_CTL_DEL"];
const POLL_EVENTS = ["POLLIN", "POLLOUT", "POLLPRI", "POLLERR", "POLLHUP", "EPOLLIN", "EPOLLET", "EPOLLONESHOT"];

// ---- the facade (src/index.ts) -------------------------------------------

export interface Model {
  /** The argument recipes, in C's parameter order. */
  args: A[];
  /** Run after a call that did not throw (undoes state a call leaves behind). */
  after?: (result: unknown, args: unknown[]) => void;
  /** Descriptors the call legitimately created (closed by the fuzzer after the call). */
  creates?: (result: unknown, args: unknown[]) => number[];
  /** The result is C's: an integer >= -1, and -1 sets errno. */
  c?: boolean;
  /** Never drop the last argument (a timeout: missing means NULL, wait forever). */
  keepLast?: boolean;
}

const fdResult = (r: unknown): number[] => (typeof r === "number" && r >= 0 ? [r] : []);
// C's int conversion (the raw shims take any number): F_DUPFD is 0, which NaN and 2^32 also become.
const fcntlResult = (r: unknown, a: unknown[]): number[] => {
  const cmd = typeof a[1] === "number" ? a[1] | 0 : NaN;
  const { F_DUPFD, F_DUPFD_CLOEXEC } = api as unknown as Record<string, number>;
  return cmd === F_DUPFD || cmd === F_DUPFD_CLOEXEC ? fdResult(r) : [];
};
const pairResult = (r: unknown, a: unknown[]): number[] => {
  const sv = a[3];
  if (r !== 0) return [];
  // The raw shim takes any view or a bare ArrayBuffer; the two ints are at its start.
  if (ArrayBuffer.isView(sv)) return [...new Int32Array(sv.buffer, sv.byteOffset, 2)];
  if (sv instanceof ArrayBuffer || sv instanceof SharedArrayBuffer) return [...new Int32Array(sv, 0, 2)];
  return [];
};
const SV: A = fc.oneof(
  w(fc.constantFrom(0, 1, 2, 3).map<Recipe>((n) => ({ k: "buf", type: "Int32Array", backing: "ab", n, off: 1, fill: 0 })), 6),
  w(bufs, 2), w(NULL, 1), w(wrong, 1),
);

export const MODELS: Record<string, Model> = {
  // socket.ts
  socket: { args: [I(...DOMAINS), I(...TYPES), I("IPPROTO_TCP", "IPPROTO_UDP", "IPPROTO_ICMP")], creates: fdResult, c: true },
  socketpair: { args: [I(...DOMAINS), I(...TYPES), I(), SV], creates: pairResult, c: true },
  bind: { args: [FD, ADDR, LEN(1)], c: true },
  connect: { args: [FD, ADDR, LEN(1)], c: true },
  listen: { args: [FD, I("SOMAXCONN")], c: true },
  accept: { args: [FD, ADDR, BOX(1)], creates: fdResult, c: true },
  accept4: { args: [FD, ADDR, BOX(1), I("SOCK_NONBLOCK", "SOCK_CLOEXEC")], creates: fdResult, c: true },
  shutdown: { args: [FD, I("SHUT_RD", "SHUT_WR", "SHUT_RDWR")], c: true },
  close: { args: [FD], c: true },
  getsockname: { args: [FD, ADDR, BOX(1)], c: true },
  getpeername: { args: [FD, ADDR, BOX(1)], c: true },
  fcntl: { args: [FD, I(...FCNTL), I("O_NONBLOCK", "FD_CLOEXEC")], creates: fcntlResult, c: true },
  ioctl: { args: [FD, I(...IOCTL), fc.oneof(w(fc.constantFrom(0, 1, 2).map<Recipe>((n) => ({ k: "buf", type: "Int32Array", backing: "ab", n, off: 1, fill: 0 })), 6), w(bufs, 2), w(wrong, 1))], c: true },
  // io.ts
  read: { args: [FD, OUT, LEN(1)], c: true },
  write: { args: [FD, IN, LEN(1)], c: true },
  recv: { args: [FD, OUT, LEN(1), I(...MSG)], c: true },
  send: { args: [FD, IN, LEN(1), I(...MSG)], c: true },
  sendto: { args: [FD, IN, LEN(1), I(...MSG), ADDR, LEN(4)], c: true },
  recvfrom: { args: [FD, OUT, LEN(1), I(...MSG), ADDR, BOX(4)], c: true },
  // sockopt.ts
  setsockopt: { args: [FD, I(...LEVELS), I(...OPTS), fc.oneof(w(I(), 3), w(S("timeval", "linger", "in_addr", "ip_mreq", "ip_mreqn", "tcp_info"), 3), w(bufs, 3)), LEN(3)], c: true },
  getsockopt: { args: [FD, I(...LEVELS), I(...OPTS), OUT, BOX(3)], c: true },
  // netdb.ts (only loopback is reachable: the fuzzer runs in its own network namespace)
  getaddrinfo: { args: [STR, STR, S("addrinfo"), fc.oneof(w(fc.constant<Recipe>({ k: "obj", fields: [] }), 4), w(ANY, 1))] },
  freeaddrinfo: { args: [S("addrinfo")] },
  gai_strerror: { args: [I("EAI_AGAIN", "EAI_SYSTEM", "EAI_NONAME")] },
  getnameinfo: { args: [ADDR, LEN(0), OUT, LEN(2), OUT, LEN(4), I("NI_NUMERICHOST", "NI_NUMERICSERV", "NI_NAMEREQD", "NI_DGRAM")] },
  gethostname: { args: [OUT, LEN(0)], c: true },
  if_nametoindex: { args: [STR] },
  if_indextoname: { args: [I(), fc.oneof(w(bufs, 4), w(NULL, 1), w(wrong, 1))] },
  if_nameindex: { args: [] },
  if_freenameindex: { args: [ANY] },
  // hostent.ts (lookups stay in the fuzzer's network namespace; skipped without one)
  gethostbyname: { args: [STR] },
  gethostbyname2: { args: [STR, I("AF_INET", "AF_INET6", "AF_UNIX")] },
  gethostbyaddr: { args: [S("in_addr", "in6_addr"), LEN(0), I("AF_INET", "AF_INET6", "AF_UNIX")] },
  hstrerror: { args: [I("HOST_NOT_FOUND", "TRY_AGAIN", "NO_RECOVERY", "NO_DATA", "NETDB_INTERNAL")] },
  herror: { args: [fc.oneof(w(fc.string({ maxLength: 64 }).map<Recipe>((v) => ({ k: "str", v })), 2), w(NULL, 1), w(wrong, 1))] },
  getservbyname: { args: [STR, STR] },
  getservbyport: { args: [I(), STR] },
  getprotobyname: { args: [STR] },
  getprotobynumber: { args: [I("IPPROTO_TCP", "IPPROTO_UDP", "IPPROTO_ICMPV6")] },
  // inet.ts
  htons: { args: [I()] }, ntohs: { args: [I()] }, htonl: { args: [I()] }, ntohl: { args: [I()] },
  inet_pton: { args: [I("AF_INET", "AF_INET6", "AF_UNIX"), STR, S("in_addr", "in6_addr")], c: true },
  inet_ntop: { args: [I("AF_INET", "AF_INET6", "AF_UNIX"), S("in_addr", "in6_addr"), fc.oneof(w(bufs, 4), w(NULL, 1), w(wrong, 1)), LEN(2)] },
  inet_addr: { args: [STR] },
  inet_aton: { args: [STR, S("in_addr")] },
  inet_ntoa: { args: [fc.oneof(w(S("in_addr"), 1), w(I(), 1))] },
  IN_MULTICAST: { args: [I()] }, IN_LOOPBACK: { args: [I()] }, IN_EXPERIMENTAL: { args: [I()] },
  IN6_IS_ADDR_MULTICAST: { args: [S("in6_addr")] }, IN6_IS_ADDR_LINKLOCAL: { args: [S("in6_addr")] },
  IN6_IS_ADDR_SITELOCAL: { args: [S("in6_addr")] }, IN6_IS_ADDR_LOOPBACK: { args: [S("in6_addr")] },
  IN6_IS_ADDR_UNSPECIFIED: { args: [S("in6_addr")] }, IN6_IS_ADDR_V4MAPPED: { args: [S("in6_addr")] },
  IN6_IS_ADDR_MC_LINKLOCAL: { args: [S("in6_addr")] },
  // ports.ts
  IP_LOCAL_PORT_RANGE_VALUE: { args: [I(), I()] },
  IP_LOCAL_PORT_RANGE_BOUNDS: { args: [I()] },
  read_ip_local_port_range: { args: [] },
  read_ip_local_reserved_ports: { args: [] },
  read_ip_unprivileged_port_start: { args: [] },
  // poll.ts (timeouts never block; fd_set descriptors >= FD_SETSIZE are a RangeError)
  FD_ZERO: { args: [S("fd_set")] },
  FD_SET: { args: [FD, S("fd_set")] },
  FD_CLR: { args: [FD, S("fd_set")] },
  FD_ISSET: { args: [FD, S("fd_set")] },
  select: { args: [I("FD_SETSIZE"), S("fd_set"), S("fd_set"), S("fd_set"), ZERO_TV], c: true, keepLast: true },
  poll: { args: [ARRAY("pollfd"), I(), NOWAIT], c: true },
  epoll_create: { args: [I()], creates: fdResult, c: true },
  epoll_create1: { args: [I("EPOLL_CLOEXEC")], creates: fdResult, c: true },
  epoll_ctl: { args: [FD, I(...EPOLL_OPS), FD, S("epoll_event")], c: true },
  epoll_wait: { args: [FD, ARRAY("epoll_event"), I(), NOWAIT], c: true },
  // msg.ts
  sendmsg: { args: [FD, MSG_HDR, I(...MSG)], c: true },
  recvmsg: { args: [FD, MSG_HDR, I(...MSG)], c: true },
  sendmmsg: { args: [FD, MMSG, I(), I(...MSG)], c: true },
  recvmmsg: { args: [FD, MMSG, I(), I(...MSG, "MSG_WAITFORONE"), fc.oneof(w(S("timespec"), 1), w(NULL, 1))], c: true },
  CMSG_ALIGN: { args: [I()] }, CMSG_SPACE: { args: [I()] }, CMSG_LEN: { args: [I()] },
  CMSG_FIRSTHDR: { args: [MSG_HDR] },
  CMSG_NXTHDR: { args: [MSG_HDR, S("cmsghdr")] },
  CMSG_DATA: { args: [S("cmsghdr")] },
  // errno.ts, struct.ts
  strerror: { args: [I("EINTR", "EAGAIN")] },
  strerrorname_np: { args: [I("EINTR", "EAGAIN", "EOPNOTSUPP")] },
  set_errno: { args: [I("EINTR", "EAGAIN")] },
  // Short strings only: perror writes them to stderr, which the parent keeps (a long run would write gigabytes).
  perror: { args: [fc.oneof(w(fc.string({ maxLength: 64 }).map<Recipe>((v) => ({ k: "str", v })), 2), w(wrong, 1), w(numbers(), 1))] },
  sizeof: { args: [ANY] },
  offsetof: { args: [fc.oneof(w(fc.constantFrom(...STRUCTS).map<Recipe>((name) => ({ k: "lit", v: (api as unknown as Record<string, unknown>)[name] })), 3), w(ANY, 1)), fc.oneof(w(fc.constantFrom(...FIELDS).map<Recipe>((v) => ({ k: "str", v })), 2), w(ANY, 1))] },
  cast: { args: [fc.oneof(w(fc.constantFrom(...STRUCTS).map<Recipe>((name) => ({ k: "lit", v: (api as unknown as Record<string, unknown>)[name] })), 3), w(ANY, 1)), fc.oneof(w(bufs, 2), w(structs(), 2), w(ANY, 1))] },
  memset: { args: [OUT, I(), LEN(0)] },
  bzero: { args: [OUT, LEN(0)] },
  memcpy: { args: [OUT, IN, LEN(0)] },
};

// ---- the libc entry point (src/libc.ts) -----------------------------------
// Its own exports (errno, perror, strerror, memset and memcpy are the main
// entry point's, fuzzed above). The fuzzing child's stdin and stdout are
// /dev/null, so stdio reads see end of file and writes go nowhere.

const lit = (v: unknown): Recipe => ({ k: "lit", v });
/** stdin, stdout or stderr (or not a FILE). */
const FILE: P = param(fc.constantFrom(libc.stdin, libc.stdout, libc.stderr).map(lit), fc.oneof(w(fc.constantFrom(libc.stdin, libc.stdout, libc.stderr).map(lit), 12), w(NULL, 1), w(wrong, 1), w(bufs, 1)));
/** A printf conversion built from C's pieces: position, flags, width, precision, length, conversion. */
const SPEC = fc.tuple(
  fc.constantFrom("", "", "", "1$", "2$"),
  fc.constantFrom("", "", "-", "+", " ", "#", "0", "-0", "+ #0", "'", "I"),
  fc.constantFrom("", "", "0", "5", "12", "*", "40", "2147483648"),
  fc.constantFrom("", "", ".", ".0", ".3", ".17", ".*", ".60"),
  fc.constantFrom("", "", "", "hh", "h", "l", "ll", "L", "q", "j", "z", "Z", "t"),
  fc.constantFrom(..."diuoxXcspfFeEgGaAn%my"),
).map((parts) => `%${parts.join("")}`);
/** A printf format: conversions among literal text (valid), or any string, bytes with or without a NUL, or not a format. */
const FORMAT: P = param(
  fc.array(fc.oneof(SPEC, fc.constantFrom("", "text ", "é", "\n", "%%")), { maxLength: 4 }).map<Recipe>((p) => ({ k: "str", v: p.join("") })),
  fc.oneof(
    w(fc.array(fc.oneof(SPEC, fc.constantFrom("", "text ", "é", "\n", "%%", "%", "%-")), { maxLength: 4 }).map<Recipe>((p) => ({ k: "str", v: p.join("") })), 8),
    w(fc.string({ maxLength: 12 }).map<Recipe>((v) => ({ k: "str", v })), 2),
    w(bufs, 2), w(NULL, 1), w(wrong, 1),
  ),
);
/** A varargs argument: C's int, long, double, char *, void *, int * (%n) ... and things C has no word for. */
const VARG: A = fc.oneof(
  w(fc.oneof(fc.integer({ min: -300, max: 300 }), fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 32 - 1, 2 ** 53, 0.5, NaN, Infinity, -0, 1e300, 5e-324)).map<Recipe>((v) => ({ k: "num", v })), 8),
  w(fc.constantFrom("-1", "0", "18446744073709551617").map<Recipe>((v) => ({ k: "bigint", v })), 2),
  w(strings, 3), w(bufs, 3), w(NULL, 2), w(structs(), 1), w(wrong, 1),
);
/** C's char * (a byte view), const char * (also a string), and void *. */
const CSTR: P = param(fc.oneof(w(goodBufs, 2), w(strings, 2)), fc.oneof(w(bufs, 8), w(strings, 6), w(structs(), 1), w(NULL, 1), w(wrong, 1)));
const CHARBUF: P = param(goodBufs, fc.oneof(w(bufs, 12), w(strings, 1), w(structs(), 1), w(NULL, 1), w(wrong, 1)));
/** A C char (int) argument: a number or a one-character string. */
const CH: P = param(fc.oneof(fc.integer({ min: -1, max: 300 }).map<Recipe>((v) => ({ k: "num", v })), fc.constantFrom("a", "\0", "/").map<Recipe>((v) => ({ k: "str", v }))), fc.oneof(w(I(), 4), w(strings, 1), w(wrong, 1)));
/** A count in bytes (size_t): small, edges, or not a number. */
const COUNT = (i: number): P => LEN(i);
/** A box for C's char **endptr or time_t *: { value }, null, or a box that cannot be written. */
const BOXP: P = param(
  fc.oneof(fc.constant<Recipe>({ k: "obj", fields: [["value", { k: "num", v: 0 }]] }), NULL),
  fc.oneof(w(fc.constantFrom<Recipe>({ k: "obj", fields: [["value", { k: "num", v: 0 }]] }, { k: "obj", fields: [] }), 6), w(fc.constant(lit(Object.freeze({ value: 0 }))), 1), w(NULL, 2), w(wrong, 2)),
);
/** A timespec that never sleeps long: zero, negative (EINVAL), tv_nsec out of range, or not a timespec. */
const SHORT_TS: P = param(
  fc.constantFrom<Recipe>({ k: "obj", fields: [["tv_sec", { k: "num", v: 0 }], ["tv_nsec", { k: "num", v: 1000 }]], cls: "timespec" }),
  fc.oneof(
    w(fc.constantFrom(0, 1, 999_999_999, 1_000_000_000, -1).chain((nsec) => fc.constantFrom(0, -1).map<Recipe>((sec) => ({ k: "obj", fields: [["tv_sec", { k: "num", v: sec }], ["tv_nsec", { k: "num", v: nsec }]], cls: "timespec" }))), 6),
    w(structs(present(["timeval"])), 1), w(NULL, 1), w(wrong, 1),
  ),
);
const SIGNUMS = ["SIGUSR2", "SIGWINCH", "SIGPIPE", "SIGKILL", "SIGSTOP", "SIGSEGV", "SIGABRT"];
const SIGNUM: P = param(fc.constantFrom(...SIGNUMS).map<Recipe>((name) => lit(libc[name as keyof typeof libc])), fc.oneof(
  w(fc.constantFrom(...SIGNUMS).map<Recipe>((name) => lit(libc[name as keyof typeof libc])), 6),
  w(fc.constantFrom(0, -1, 65, 1000, 0.5, NaN).map<Recipe>((v) => ({ k: "num", v })), 2), w(wrong, 1),
));
const HANDLER: P = param(fc.constantFrom(libc.SIG_DFL, libc.SIG_IGN, () => undefined).map(lit), fc.oneof(w(fc.constantFrom(libc.SIG_DFL, libc.SIG_IGN, libc.SIG_ERR, 2, () => undefined).map(lit), 6), w(wrong, 1)));
/** A byte buffer's private replacement after setvbuf/setbuf: the fuzzed memory must not stay the stream's. */
const ownBuffer = (_r: unknown, a: unknown[]): void => {
  const f = a[0] as libc.FILE;
  if (f === libc.stdin || f === libc.stdout || f === libc.stderr) {
    libc.fflush(null);
    libc.setvbuf(f, Buffer.alloc(libc.BUFSIZ), f === libc.stderr ? libc._IONBF : libc._IOFBF, libc.BUFSIZ);
  }
};
/** An integer that cannot end the process: exit() is only ever called with what is no C int (TypeError). */
const NOT_AN_INT: A = fc.oneof(fc.constantFrom(0.5, NaN, Infinity).map<Recipe>((v) => ({ k: "num", v })), wrong.filter((x) => x.k !== "bool"));
const NOT_AN_INT_P: P = param(NOT_AN_INT, NOT_AN_INT);

/** Rows for src/libc.ts; `skip` names an export that cannot be called in the fuzzing process, and why. */
export const LIBC: Record<string, Model & { skip?: string }> = {
  // stdio
  printf: { args: [FORMAT, VARG, VARG, VARG], c: true },
  fprintf: { args: [FILE, FORMAT, VARG, VARG], c: true },
  dprintf: { args: [FD, FORMAT, VARG, VARG], c: true },
  sprintf: { args: [CHARBUF, FORMAT, VARG, VARG], c: true },
  snprintf: { args: [fc.oneof(w(CHARBUF, 8), w(NULL, 1)) as P, LEN(0), FORMAT, VARG, VARG], c: true },
  puts: { args: [CSTR], c: true },
  fputs: { args: [CSTR, FILE], c: true },
  putchar: { args: [CH], c: true },
  fputc: { args: [CH, FILE], c: true },
  putc: { args: [CH, FILE], c: true },
  fflush: { args: [fc.oneof(w(FILE, 4), w(NULL, 1)) as P], c: true },
  fgets: { args: [CHARBUF, LEN(0), FILE] },
  fgetc: { args: [FILE] },
  getc: { args: [FILE] },
  getchar: { args: [] },
  feof: { args: [FILE] },
  ferror: { args: [FILE] },
  clearerr: { args: [FILE] },
  fileno: { args: [FILE] },
  setvbuf: { args: [FILE, fc.oneof(w(CHARBUF, 4), w(NULL, 2)) as P, I("_IOFBF", "_IOLBF", "_IONBF"), LEN(1)], after: ownBuffer },
  setbuf: { args: [FILE, fc.oneof(w(CHARBUF, 4), w(NULL, 2)) as P], after: ownBuffer },
  // string.h
  strlen: { args: [CSTR] },
  strcmp: { args: [CSTR, CSTR] },
  strncmp: { args: [CSTR, CSTR, COUNT(0)] },
  strcpy: { args: [CHARBUF, CSTR] },
  strncpy: { args: [CHARBUF, CSTR, COUNT(0)] },
  strcat: { args: [CHARBUF, CSTR] },
  strncat: { args: [CHARBUF, CSTR, COUNT(1)] },
  strchr: { args: [CSTR, CH] },
  strrchr: { args: [CSTR, CH] },
  strstr: { args: [CSTR, CSTR] },
  strdup: { args: [CSTR] },
  memcmp: { args: [IN, IN, COUNT(0)] },
  memmove: { args: [OUT, IN, COUNT(0)] },
  memchr: { args: [IN, CH, COUNT(0)] },
  cstr_to_string: { args: [CSTR] },
  // malloc family: sizes from the edges (2^53, -1: ENOMEM) and small ones
  malloc: { args: [I()] },
  calloc: { args: [I(), I()] },
  realloc: { args: [fc.oneof(w(NULL, 2), w(bufs, 2), w(wrong, 1)) as P, I()] },
  free: { args: [fc.oneof(w(NULL, 2), w(bufs, 2), w(wrong, 1)) as P] },
  // numbers
  atoi: { args: [CSTR] },
  atol: { args: [CSTR] },
  strtol: { args: [CSTR, BOXP, I()] },
  strtoul: { args: [CSTR, BOXP, I()] },
  // process: nothing that ends the process or sleeps for long
  exit: { args: [NOT_AN_INT_P] },
  abort: { args: [], skip: "ends the process with SIGABRT; test/libc-stdio.test.ts runs it" },
  getpid: { args: [] },
  sleep: { args: [param(fc.constant<Recipe>({ k: "num", v: 0 }), fc.oneof(w(fc.constant<Recipe>({ k: "num", v: 0 }), 4), w(NOT_AN_INT, 1)))] },
  usleep: { args: [param(fc.constantFrom(0, 1, 999).map<Recipe>((v) => ({ k: "num", v })), fc.oneof(w(fc.constantFrom(0, 1, 999).map<Recipe>((v) => ({ k: "num", v })), 4), w(NOT_AN_INT, 1)))] },
  nanosleep: { args: [SHORT_TS, fc.oneof(w(SHORT_TS, 2), w(NULL, 1)) as P], c: true },
  time: { args: [BOXP] },
  signal: { args: [SIGNUM, HANDLER], after: (_r, a) => { if (typeof a[0] === "number") libc.signal(a[0], libc.SIG_DFL); } },
};

/** Exported classes that are not C structs with a layout: how to construct them. */
export const CLASSES: Record<string, A[]> = {
  iovec: [INIT],
  msghdr: [INIT],
  mmsghdr: [INIT],
  socklen_t: [fc.oneof(w(I(), 4), w(ANY, 1))],
  ptr: [ANY],
  hostent: [ANY],
  servent: [ANY],
  protoent: [ANY],
  Struct: [INIT],
};

/** A field value to assign to a struct field. */
export const FIELD_VALUE: A = fc.oneof(w(I(), 4), w(bufs, 2), w(structs(), 2), w(strings, 2), w(ANY, 1),
  w(fc.array(fc.integer({ min: -300, max: 300 }), { maxLength: 130 }).map<Recipe>((v) => ({ k: "lit", v })), 1));

// ---- the raw binding (src/native.ts) --------------------------------------
// Called directly with hostile arguments: the C++ must hold on its own, since
// the .node file can be called by anyone. Descriptor numbers that would alias
// Node's own descriptors after C's int conversion are replaced (see child.ts).

export const NATIVE: Record<string, { args: A[]; creates?: Model["creates"]; keepLast?: boolean; after?: (result: unknown, args: unknown[]) => void }> = {
  socket: { args: [I(...DOMAINS), I(...TYPES), I()], creates: fdResult },
  socketpair: { args: [I(...DOMAINS), I(...TYPES), I(), SV], creates: pairResult },
  bind: { args: [FD, ADDR, LEN(1)] },
  connect: { args: [FD, ADDR, LEN(1)] },
  listen: { args: [FD, I()] },
  accept: { args: [FD, ADDR, BOX(1)], creates: fdResult },
  accept4: { args: [FD, ADDR, BOX(1), I("SOCK_NONBLOCK")], creates: fdResult },
  shutdown: { args: [FD, I("SHUT_RDWR")] },
  close: { args: [FD] },
  getsockname: { args: [FD, ADDR, BOX(1)] },
  getpeername: { args: [FD, ADDR, BOX(1)] },
  fcntl: { args: [FD, I(...FCNTL), I()], creates: fcntlResult },
  ioctl_int: { args: [FD, I(...IOCTL), OUT] },
  read: { args: [FD, OUT, LEN(1)] },
  write: { args: [FD, IN, LEN(1)] },
  recv: { args: [FD, OUT, LEN(1), I(...MSG)] },
  send: { args: [FD, IN, LEN(1), I(...MSG)] },
  sendto: { args: [FD, IN, LEN(1), I(...MSG), ADDR, LEN(4)] },
  recvfrom: { args: [FD, OUT, LEN(1), I(...MSG), ADDR, BOX(4)] },
  setsockopt: { args: [FD, I(...LEVELS), I(...OPTS), OUT, LEN(3)] },
  getsockopt: { args: [FD, I(...LEVELS), I(...OPTS), OUT, BOX(3)] },
  getaddrinfo: { args: [STR, STR, OUT] },
  gai_strerror: { args: [I()] },
  getnameinfo: { args: [ADDR, LEN(0), OUT, LEN(2), OUT, LEN(4), I()] },
  gethostname: { args: [OUT, LEN(0)] },
  if_nametoindex: { args: [STR] },
  if_indextoname: { args: [I()] },
  if_nameindex: { args: [] },
  inet_pton: { args: [I("AF_INET", "AF_INET6"), STR, OUT] },
  inet_ntop: { args: [I("AF_INET", "AF_INET6"), OUT, I()] },
  inet_addr: { args: [STR] },
  inet_aton: { args: [STR, OUT] },
  inet_ntoa: { args: [I()] },
  strerror: { args: [I()] },
  // native/hostent.cc
  gethostbyname: { args: [STR] },
  gethostbyname2: { args: [STR, I()] },
  gethostbyaddr: { args: [OUT, LEN(0), I("AF_INET", "AF_INET6")] },
  hstrerror: { args: [I()] },
  getservbyname: { args: [STR, STR] },
  getservbyport: { args: [I(), STR] },
  getprotobyname: { args: [STR] },
  getprotobynumber: { args: [I()] },
  // native/msg.cc: msghdrs travel flat, [views, nums]
  sendmsg: { args: [FD, RAW_MSG, I(...MSG)] },
  recvmsg: { args: [FD, RAW_MSG, I(...MSG), OUT32([3])] },
  sendmmsg: { args: [FD, RAW_MMSG, I(), I(...MSG), OUT32([0, 4, 8, 12])] },
  recvmmsg: { args: [FD, RAW_MMSG, I(), I(...MSG), fc.oneof(w(S("timespec"), 1), w(NULL, 1)), OUT32([0, 4, 8, 12])] },
  // native/netdb.cc (threadpool; the promise is settled later and its result ignored)
  getaddrinfo_async: { args: [STR, STR, OUT] },
  getnameinfo_async: { args: [ADDR, LEN(0), OUT, LEN(2), OUT, LEN(4), I()] },
  // native/poll.cc (timeouts never block)
  select: { args: [I("FD_SETSIZE"), S("fd_set"), S("fd_set"), S("fd_set"), ZERO_TV], keepLast: true },
  poll: { args: [OUT, I(), NOWAIT] },
  epoll_create1: { args: [I()], creates: fdResult },
  epoll_ctl: { args: [FD, I(...EPOLL_OPS), FD, OUT] },
  epoll_wait: { args: [FD, OUT, I(), NOWAIT] },
  // native/watch.cc: every watch is undone after the call (the loop does not turn during a run)
  watch_init: { args: [fc.oneof(w(noop, 3), w(wrong, 1))] },
  watch: { args: [FD, I(...POLL_EVENTS)], after: (_r, a) => { if (typeof a[0] === "number") (native as unknown as { unwatch(fd: number): number }).unwatch(a[0]); } },
  unwatch: { args: [FD] },
  watch_count: { args: [] },
};

/** Argument positions of NATIVE calls that are descriptors. */
export const NATIVE_FD_ARGS: Record<string, number[]> = {};
for (const [name, m] of Object.entries(NATIVE)) {
  NATIVE_FD_ARGS[name] = m.args.flatMap((a, i) => (a === FD ? [i] : []));
}

/** Arguments beyond a function's declared ones: extra junk must be ignored, never read. */
export const EXTRA: A = ANY;

// ---- the promises entry point (src/promises.ts) ---------------------------
// Each export reuses the MODELS row of the same-named sync function, plus a
// last `options` argument drawn from OPTIONS (materialized in child.ts).

/** The `options` argument of a promises call: how it is made. */
export type OptHow =
  | "none" | "undefined" | "empty" | "live" | "aborted" | "later" // well-formed
  | "null" | "num" | "str" | "bool" | "fn" | "array" // not objects (or null)
  | "signal-null" | "signal-obj" | "signal-num" | "signal-target" | "signal-fake"; // { signal: <not an AbortSignal> }
export interface OptRecipe {
  k: "opt";
  how: OptHow;
  /** "later": the signal is aborted this many ms after the call. */
  ms: number;
}
const opt = (hows: OptHow[]): fc.Arbitrary<OptRecipe> =>
  fc.record({ k: fc.constant("opt" as const), how: fc.constantFrom(...hows), ms: fc.constantFrom(0, 0, 1, 3) });
export const OPTIONS: fc.Arbitrary<OptRecipe> = fc.oneof(
  { arbitrary: opt(["none", "undefined", "empty", "live", "aborted", "later", "later"]), weight: 3 },
  { arbitrary: opt(["null", "num", "str", "bool", "fn", "array", "signal-null", "signal-obj", "signal-num", "signal-target", "signal-fake"]), weight: 1 },
);
