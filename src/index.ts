// berkeley-sockets: the Berkeley sockets API with C's names, signatures and
// results. See MIRROR.md for the rules; each family lives in its own file.
export * from "./constants.js";
export { errno, perror, strerror } from "./errno.js";
export * from "./inet.js";
export * from "./io.js";
export * from "./netdb.js";
export { epoll_create, epoll_create1, epoll_ctl, epoll_data, epoll_event, epoll_wait, FD_CLR, FD_ISSET, FD_SET, FD_ZERO, fd_set, poll, pollfd, select } from "./poll.js";
export * from "./sockaddr.js";
export * from "./socket.js";
export * from "./sockopt.js";
export { bzero, cast, memcpy, memset, offsetof, sizeof, socklen_t, Struct, type StructClass } from "./struct.js";
export * from "./ports.js";
export * from "./tcp.js";
export * from "./multicast.js";
export * from "./msg.js";
