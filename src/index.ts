/**
 * The Berkeley sockets API with C's names, parameters and results: a C socket
 * program ports to TypeScript line by line, and behaves the same. Calls block
 * exactly like C; a failure returns -1 (or null where C returns NULL) and sets
 * the live binding `errno`; descriptors are plain integers; structs are
 * byte-exact views with C's field names that read and write in the byte order
 * C stores them, so `addr.sin_port = htons(8080)` is needed exactly as in C.
 * A constant typed `number | undefined` may be absent on a platform.
 *
 * @packageDocumentation
 */

// berkeley-sockets: the Berkeley sockets API with C's names, signatures and
// results. See MIRROR.md for the rules; each family lives in its own file.
export * from "./constants.js";
export {
  char, type CType, int, int16_t, int32_t, int64_t, int8_t, in_addr_t, in_port_t, long, sa_family_t, short, size_t, ssize_t, uint16_t, uint32_t,
  uint64_t, uint8_t, unsigned,
} from "./ctypes.js";
export { errno, perror, set_errno, strerror, strerrorname_np } from "./errno.js";
export {
  gethostbyaddr, gethostbyname, gethostbyname2, getprotobyname, getprotobynumber, getservbyname, getservbyport, h_errno, herror, hostent,
  hstrerror, protoent, servent,
} from "./hostent.js";
export * from "./inet.js";
export * from "./io.js";
export {
  addrinfo, freeaddrinfo, gai_strerror, getaddrinfo, gethostname, getnameinfo, if_freenameindex, if_indextoname, if_nameindex,
  type if_nameindex_entry, if_nametoindex, ptr,
} from "./netdb.js";
export { epoll_create, epoll_create1, epoll_ctl, epoll_data, epoll_event, epoll_wait, FD_CLR, FD_ISSET, FD_SET, FD_ZERO, fd_set, poll, pollfd, select } from "./poll.js";
export * from "./sockaddr.js";
export * from "./socket.js";
export * from "./sockopt.js";
export { bzero, cast, memcpy, memset, offsetof, sizeof, socklen_t, Struct, type StructClass } from "./struct.js";
export * from "./ports.js";
export * from "./tcp.js";
export * from "./multicast.js";
export {
  CMSG_ALIGN, CMSG_DATA, CMSG_FIRSTHDR, CMSG_LEN, CMSG_NXTHDR, CMSG_SPACE, cmsghdr, in6_pktinfo, in_pktinfo, iovec, mmsghdr, msghdr,
  recvmmsg, recvmsg, sendmmsg, sendmsg, timespec,
} from "./msg.js";
