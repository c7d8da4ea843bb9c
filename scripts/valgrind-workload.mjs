// The core workload for `npm run test:valgrind`: every core call on real
// loopback sockets, success and failure paths, plus argument errors, in plain
// node over the compiled dist/ (valgrind makes node ~50x slower; no tsx).
import * as bs from "../dist/index.js";

const {
  AF_INET, AF_INET6, AF_UNIX, SOCK_STREAM, SOCK_DGRAM, SOL_SOCKET, SO_REUSEADDR, SO_RCVTIMEO, SO_LINGER, SO_ERROR,
  IPPROTO_TCP, TCP_NODELAY, INADDR_LOOPBACK, AI_NUMERICHOST, NI_NUMERICHOST, NI_NUMERICSERV, FIONREAD, F_GETFL, F_SETFL, O_NONBLOCK,
} = bs;
const ROUNDS = Number(process.env.VALGRIND_ROUNDS ?? 50);
const must = (r, what) => {
  if (r < 0) throw new Error(`${what}: ${bs.strerror(bs.errno)}`);
  return r;
};
const throws = (f) => {
  try {
    f();
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError) return;
    throw e;
  }
  throw new Error("expected a TypeError/RangeError");
};

function round() {
  // TCP over loopback: listen, connect, accept, send/recv, options, names.
  const a = new bs.sockaddr_in();
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = bs.htonl(INADDR_LOOPBACK);
  const l = must(bs.socket(AF_INET, SOCK_STREAM, 0), "socket");
  must(bs.setsockopt(l, SOL_SOCKET, SO_REUSEADDR, 1, bs.sizeof(1)), "setsockopt");
  must(bs.bind(l, a, bs.sizeof(a)), "bind");
  must(bs.listen(l, 4), "listen");
  must(bs.getsockname(l, a, new bs.socklen_t(bs.sizeof(a))), "getsockname");
  const c = must(bs.socket(AF_INET, SOCK_STREAM, 0), "socket");
  must(bs.connect(c, a, bs.sizeof(a)), "connect");
  const peer = new bs.sockaddr_in();
  const plen = new bs.socklen_t(bs.sizeof(peer));
  const s = must(bs.accept(l, peer, plen), "accept");
  must(bs.setsockopt(c, IPPROTO_TCP, TCP_NODELAY, 1, 4), "TCP_NODELAY");
  const tv = new bs.timeval({ tv_sec: 1, tv_usec: 0 });
  must(bs.setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, tv, bs.sizeof(tv)), "SO_RCVTIMEO");
  const err = new Int32Array(1);
  must(bs.getsockopt(s, SOL_SOCKET, SO_ERROR, err, new bs.socklen_t(4)), "SO_ERROR");
  const lg = new bs.linger();
  must(bs.getsockopt(s, SOL_SOCKET, SO_LINGER, lg, new bs.socklen_t(bs.sizeof(lg))), "SO_LINGER");
  must(bs.send(c, "hello, valgrind", 15, 0), "send");
  must(bs.write(c, new Uint8Array(100).subarray(3, 50), 47), "write");
  const n = new Int32Array(1);
  must(bs.ioctl(s, FIONREAD, n), "ioctl");
  const buf = Buffer.alloc(256);
  must(bs.recv(s, buf, buf.length, 0), "recv");
  must(bs.getpeername(s, peer, new bs.socklen_t(bs.sizeof(peer))), "getpeername");
  const fl = must(bs.fcntl(s, F_GETFL), "fcntl");
  must(bs.fcntl(s, F_SETFL, fl | O_NONBLOCK), "fcntl");
  if (bs.read(s, buf, buf.length) < 0 && bs.read(s, buf, 0) < -1) throw new Error("read");
  must(bs.shutdown(c, bs.SHUT_WR), "shutdown");
  for (const fd of [s, c, l]) must(bs.close(fd), "close");

  // UDP v4 and v6 datagrams with source addresses.
  for (const [fam, Cls] of [[AF_INET, bs.sockaddr_in], [AF_INET6, bs.sockaddr_in6]]) {
    const u = must(bs.socket(fam, SOCK_DGRAM, 0), "socket");
    const ua = new Cls();
    if (fam === AF_INET) {
      ua.sin_family = AF_INET;
      ua.sin_addr.s_addr = bs.htonl(INADDR_LOOPBACK);
    } else {
      ua.sin6_family = AF_INET6;
      ua.sin6_addr = bs.in6addr_loopback;
    }
    must(bs.bind(u, ua, bs.sizeof(ua)), "bind");
    must(bs.getsockname(u, ua, new bs.socklen_t(bs.sizeof(ua))), "getsockname");
    must(bs.sendto(u, Buffer.from("datagram"), 8, 0, ua, bs.sizeof(ua)), "sendto");
    const from = new bs.sockaddr_storage();
    must(bs.recvfrom(u, buf, buf.length, 0, from, new bs.socklen_t(bs.sizeof(from))), "recvfrom");
    const host = Buffer.alloc(64);
    const serv = Buffer.alloc(16);
    bs.getnameinfo(from, bs.sizeof(from), host, host.length, serv, serv.length, NI_NUMERICHOST | NI_NUMERICSERV);
    must(bs.close(u), "close");
  }

  // sendmsg/recvmsg with IP_PKTINFO control data, sendmmsg/recvmmsg batches, and
  // msghdrs the shims refuse (the flat form re-checked in C++).
  {
    const { IPPROTO_IP, IP_PKTINFO, MSG_DONTWAIT } = bs;
    const u = must(bs.socket(AF_INET, SOCK_DGRAM, 0), "socket");
    const ua = new bs.sockaddr_in();
    ua.sin_family = AF_INET;
    ua.sin_addr.s_addr = bs.htonl(INADDR_LOOPBACK);
    must(bs.bind(u, ua, bs.sizeof(ua)), "bind");
    must(bs.getsockname(u, ua, new bs.socklen_t(bs.sizeof(ua))), "getsockname");
    must(bs.setsockopt(u, IPPROTO_IP, IP_PKTINFO, 1, 4), "IP_PKTINFO");
    const out = new bs.msghdr({ msg_name: ua, msg_namelen: bs.sizeof(ua), msg_iov: [new bs.iovec({ iov_base: Buffer.from("ab"), iov_len: 2 }), new bs.iovec({ iov_base: Buffer.from("cd"), iov_len: 2 })], msg_iovlen: 2 });
    must(bs.sendmsg(u, out, 0), "sendmsg");
    const ctrl = Buffer.alloc(bs.CMSG_SPACE(bs.sizeof(bs.in_pktinfo)));
    const from = new bs.sockaddr_in();
    const inn = new bs.msghdr({ msg_name: from, msg_namelen: bs.sizeof(from), msg_iov: [new bs.iovec({ iov_base: buf, iov_len: 3 })], msg_iovlen: 1, msg_control: ctrl, msg_controllen: ctrl.length });
    must(bs.recvmsg(u, inn, 0), "recvmsg"); // 4 bytes into 3: MSG_TRUNC
    for (let c = bs.CMSG_FIRSTHDR(inn); c !== null; c = bs.CMSG_NXTHDR(inn, c)) bs.cast(bs.in_pktinfo, bs.CMSG_DATA(c));
    const batch = (make) => Array.from({ length: 4 }, make);
    const sends = batch(() => new bs.mmsghdr({ msg_hdr: new bs.msghdr({ msg_name: ua, msg_namelen: bs.sizeof(ua), msg_iov: [new bs.iovec({ iov_base: Buffer.from("batch"), iov_len: 5 })], msg_iovlen: 1 }) }));
    must(bs.sendmmsg(u, sends, 4, 0), "sendmmsg");
    const recvs = batch(() => new bs.mmsghdr({ msg_hdr: new bs.msghdr({ msg_iov: [new bs.iovec({ iov_base: Buffer.alloc(8), iov_len: 8 })], msg_iovlen: 1, msg_control: Buffer.alloc(64), msg_controllen: 64 }) }));
    must(bs.recvmmsg(u, recvs, 4, MSG_DONTWAIT, new bs.timespec({ tv_sec: 1, tv_nsec: 0 })), "recvmmsg");
    throws(() => bs.sendmsg(u, new bs.msghdr({ msg_iov: [new bs.iovec({ iov_base: buf, iov_len: buf.length + 1 })], msg_iovlen: 1 }), 0));
    throws(() => bs.recvmmsg(u, recvs, 5, 0, null));
    must(bs.close(u), "close");
  }

  // UNIX pair, failures with errno, argument errors.
  const sv = new Int32Array(2);
  must(bs.socketpair(AF_UNIX, SOCK_STREAM, 0, sv), "socketpair");
  must(bs.send(sv[0], "x", 1, 0), "send");
  must(bs.recv(sv[1], buf, 1, 0), "recv");
  bs.close(sv[0]);
  bs.close(sv[1]);
  if (bs.close(sv[0]) !== -1 || bs.recv(-1, buf, 1, 0) !== -1) throw new Error("expected -1");
  throws(() => bs.recv(0, buf, buf.length + 1, 0));
  throws(() => bs.bind(0, "nope", 3));
  throws(() => bs.recvfrom(0, buf, 1, 0, new bs.sockaddr_in(), new bs.socklen_t(1000)));
  const un = new bs.sockaddr_un();
  throws(() => (un.sun_path = "x".repeat(200)));

  // Name and address services that stay on the machine.
  const hints = new bs.addrinfo({ ai_flags: AI_NUMERICHOST, ai_socktype: SOCK_STREAM });
  const res = { value: null };
  if (bs.getaddrinfo("127.0.0.1", "80", hints, res) !== 0) throw new Error("getaddrinfo");
  bs.freeaddrinfo(res.value);
  bs.getaddrinfo("localhost", null, null, { value: null });
  const in6 = new bs.in6_addr();
  must(bs.inet_pton(AF_INET6, "::ffff:127.0.0.1", in6), "inet_pton");
  bs.inet_ntop(AF_INET6, in6, Buffer.alloc(46), 46);
  bs.inet_ntop(AF_INET6, in6, Buffer.alloc(4), 4);
  bs.inet_ntoa(a.sin_addr);
  bs.inet_aton("10.1.2.3", new bs.in_addr());
  bs.inet_addr("1.2.3.4");
  bs.gethostname(Buffer.alloc(256), 256);
  bs.if_nameindex();
  bs.if_indextoname(1, Buffer.alloc(16));
  bs.if_nametoindex("lo");
  bs.gai_strerror(-2);
  bs.strerror(bs.EADDRINUSE);
}

const t0 = Date.now();
for (let i = 0; i < ROUNDS; i++) round();
console.log(`valgrind workload: ${ROUNDS} rounds in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
