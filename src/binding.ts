// The raw binding's interface, typed once: what native/*.cc exports. A module
// of types only, so that src/native.ts (which loads the binding) and
// src/trace.ts (which wraps it) both depend on it and not on each other. Each
// function is a thin shim: it returns the system call's result, or -errno.

/** Any ArrayBufferView (Buffer, TypedArray, DataView) the shim reads or writes in place. */
type Mem = ArrayBufferView;
/** A socklen_t box's storage: a Uint32Array of length 1. */
type LenBox = Uint32Array;

export interface FieldLayout {
  readonly [field: string]: readonly [offset: number, size: number];
}
export interface StructLayout {
  readonly size: number;
  readonly fields: FieldLayout;
  /** Bitfields, which offsetof cannot take: the byte holding each, its first bit and width. */
  readonly bitfields?: { readonly [field: string]: readonly [byte: number, shift: number, width: number] };
}

export interface AddrinfoNode {
  ai_flags: number;
  ai_family: number;
  ai_socktype: number;
  ai_protocol: number;
  ai_addrlen: number;
  ai_addr: Uint8Array;
  ai_canonname: string | null;
}

/**
 * struct msghdrs as the msg shims take them, one pair for any number of
 * messages: per message, views holds msg_name, msg_control, then each iov_base;
 * nums holds msg_namelen, msg_controllen, msg_iovlen, then each iov_len.
 */
export type MsgFlat = [views: (Mem | null)[], nums: Float64Array];
export interface GaiResult {
  code: number;
  errno: number;
  list: AddrinfoNode[];
}

export interface GniResult {
  code: number;
  errno: number;
  host: string | null;
  serv: string | null;
}

/** A struct hostent copied out of glibc (h_addr_list: h_length bytes per address). */
export interface HostentNode {
  h_name: string | null;
  h_aliases: string[];
  h_addrtype: number;
  h_length: number;
  h_addr_list: Uint8Array[];
}
/**
 * A netdb lookup: the entry (copied out of glibc's static buffer) or null, and
 * the values the call left in h_errno and errno, each null where it left the
 * variable alone.
 */
export type Lookup<T> = [entry: T | null, h_errno: number | null, errno: number | null];
export interface ServentNode {
  s_name: string | null;
  s_aliases: string[];
  s_port: number;
  s_proto: string | null;
}
export interface ProtoentNode {
  p_name: string | null;
  p_aliases: string[];
  p_proto: number;
}

export interface Native {
  // native/socket.cc
  socket(domain: number, type: number, protocol: number): number;
  socketpair(domain: number, type: number, protocol: number, sv: Int32Array): number;
  bind(fd: number, addr: Mem | null, len: number): number;
  connect(fd: number, addr: Mem | null, len: number): number;
  listen(fd: number, backlog: number): number;
  accept(fd: number, addr: Mem | null, len: LenBox | null): number;
  accept4(fd: number, addr: Mem | null, len: LenBox | null, flags: number): number;
  shutdown(fd: number, how: number): number;
  close(fd: number): number;
  getsockname(fd: number, addr: Mem | null, len: LenBox | null): number;
  getpeername(fd: number, addr: Mem | null, len: LenBox | null): number;
  fcntl(fd: number, cmd: number, arg: number): number;
  ioctl_int(fd: number, request: number, arg: Mem): number;
  // native/io.cc
  read(fd: number, buf: Mem | null, len: number): number;
  write(fd: number, buf: Mem | null, len: number): number;
  recv(fd: number, buf: Mem | null, len: number, flags: number): number;
  send(fd: number, buf: Mem | null, len: number, flags: number): number;
  sendto(fd: number, buf: Mem | null, len: number, flags: number, addr: Mem | null, addrlen: number): number;
  recvfrom(fd: number, buf: Mem | null, len: number, flags: number, addr: Mem | null, addrlen: LenBox | null): number;
  // native/sockopt.cc
  setsockopt(fd: number, level: number, name: number, val: Mem | null, len: number): number;
  getsockopt(fd: number, level: number, name: number, val: Mem | null, len: LenBox | null): number;
  // native/msg.cc: msghdrs travel flat (see MsgFlat)
  sendmsg(fd: number, msgs: MsgFlat, flags: number): number;
  recvmsg(fd: number, msgs: MsgFlat, flags: number, out: Uint32Array): number;
  sendmmsg(fd: number, msgs: MsgFlat, vlen: number, flags: number, out: Uint32Array): number;
  recvmmsg(fd: number, msgs: MsgFlat, vlen: number, flags: number, timeout: Mem | null, out: Uint32Array): number;
  // native/netdb.cc
  getaddrinfo(node: string | null, service: string | null, hints: Mem | null): GaiResult;
  gai_strerror(code: number): string;
  getnameinfo(sa: Mem, salen: number, host: Mem | null, hostlen: number, serv: Mem | null, servlen: number, flags: number): [code: number, errno: number];
  gethostname(buf: Mem, len: number): number;
  if_nametoindex(name: string): number;
  if_indextoname(index: number): string | number;
  if_nameindex(): { if_index: number; if_name: string }[] | number;
  inet_pton(af: number, src: string, dst: Mem): number;
  inet_ntop(af: number, src: Mem, size: number): string | number;
  inet_addr(cp: string): number;
  inet_aton(cp: string, inp: Mem): number;
  inet_ntoa(addr: number): string;
  strerror(errnum: number): string;
  getaddrinfo_async(node: string | null, service: string | null, hints: Mem | null): Promise<GaiResult>;
  getnameinfo_async(sa: Mem, salen: number, host: Mem | null, hostlen: number, serv: Mem | null, servlen: number, flags: number): Promise<GniResult>;
  // native/hostent.cc
  gethostbyname(name: string): Lookup<HostentNode>;
  gethostbyname2(name: string, af: number): Lookup<HostentNode>;
  gethostbyaddr(addr: Mem, len: number, type: number): Lookup<HostentNode>;
  hstrerror(err: number): string;
  getservbyname(name: string, proto: string | null): Lookup<ServentNode>;
  getservbyport(port: number, proto: string | null): Lookup<ServentNode>;
  getprotobyname(name: string): Lookup<ProtoentNode>;
  getprotobynumber(proto: number): Lookup<ProtoentNode>;
  // native/poll.cc
  select(nfds: number, readfds: Mem | null, writefds: Mem | null, exceptfds: Mem | null, timeout: Mem | null): number;
  poll(fds: Mem | null, nfds: number, timeout: number): number;
  epoll_create1(flags: number): number;
  epoll_ctl(epfd: number, op: number, fd: number, event: Mem | null): number;
  epoll_wait(epfd: number, events: Mem | null, maxevents: number, timeout: number): number;
  // native/watch.cc: one uv_poll_t per waited-on descriptor (POLL* event bits)
  watch_init(dispatch: (fd: number, status: number, revents: number) => void): void;
  watch(fd: number, events: number): number;
  unwatch(fd: number): number;
  watch_count(): number;
  // native/constants.cc, native/layout.cc
  readonly constants: Readonly<Record<string, number>>;
  readonly layout: Readonly<Record<string, StructLayout>>;
  readonly platform: { readonly cmsg_align: number; readonly sizeof_fd_mask: number; readonly sizeof_int: number; readonly little_endian: boolean };
  /** sizeof each C scalar type, by its C name ("int", "long long", "void*", ...). */
  readonly types: Readonly<Record<string, number>>;
  // native/libc.cc: <stdio.h>, <stdlib.h> and <signal.h> constants, for berkeley-sockets/libc
  readonly libc: Readonly<Record<string, number>>;
}
