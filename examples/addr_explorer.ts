// addr_explorer.ts: names, addresses and ports, explored with the calls that
// handle them: getaddrinfo, inet_pton/inet_ntop, bind to port 0 and
// getsockname, a second bind to a taken port (EADDRINUSE), and what
// SO_REUSEADDR changes. Everything stays on 127.0.0.1.
// Usage: addr_explorer [HOST [SERVICE]]   (default: localhost 8080)
// addr_explorer.c is the same program in C.
import {
  AF_INET, AF_INET6, AF_UNIX, AF_UNSPEC, EADDRINUSE, EAFNOSUPPORT, EINVAL, ENOSPC, INADDR_LOOPBACK, INET6_ADDRSTRLEN,
  SOCK_DGRAM, SOCK_RAW, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR,
  accept, addrinfo, bind, cast, close, connect, errno, freeaddrinfo, gai_strerror, getaddrinfo, getsockname, htonl, htons,
  in6_addr, in_addr, inet_aton, inet_ntoa, inet_ntop, inet_pton, listen, ntohs, perror, ptr, setsockopt, sizeof,
  sockaddr_in, sockaddr_in6, socket, socklen_t, strerror,
} from "berkeley-sockets";

function family_name(family: number): string {
  switch (family) {
    case AF_INET: return "AF_INET";
    case AF_INET6: return "AF_INET6";
    case AF_UNIX: return "AF_UNIX";
    default: return "AF_?";
  }
}

function socktype_name(socktype: number): string {
  switch (socktype) {
    case SOCK_STREAM: return "SOCK_STREAM";
    case SOCK_DGRAM: return "SOCK_DGRAM";
    case SOCK_RAW: return "SOCK_RAW";
    default: return "SOCK_?";
  }
}

function errno_name(e: number): string {
  switch (e) {
    case EADDRINUSE: return "EADDRINUSE";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case ENOSPC: return "ENOSPC";
    case EINVAL: return "EINVAL";
    default: return "E?";
  }
}

/** Prints "what = r", or "what = -1 ENAME (message)" when the call failed. */
function report(what: string, r: number): void {
  if (r < 0) console.log(`  ${what} = -1 ${errno_name(errno)} (${strerror(errno)})`);
  else console.log(`  ${what} = ${r}`);
}

/** bind(fd, 127.0.0.1:port). */
function bind_loopback(fd: number, port: number): number {
  const addr = new sockaddr_in();
  // zero-filled, as after memset
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return bind(fd, addr, sizeof(addr));
}

/** The port a socket is bound to, from getsockname. */
function local_port(fd: number): number {
  const addr = new sockaddr_in();
  const addrlen = new socklen_t(sizeof(addr));
  if (getsockname(fd, addr, addrlen) < 0) { perror("getsockname"); process.exit(1); }
  return ntohs(addr.sin_port);
}

function tcp_socket(reuseaddr: number): number {
  const fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) { perror("socket"); process.exit(1); }
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, reuseaddr, sizeof(reuseaddr)) < 0) { perror("setsockopt"); process.exit(1); }
  return fd;
}

function explore_getaddrinfo(host: string, service: string): void {
  console.log(`== getaddrinfo("${host}", "${service}")`);
  const hints = new addrinfo(), res = new ptr<addrinfo>();
  // hints is zero-filled, as after memset
  hints.ai_family = AF_UNSPEC; // IPv4 and IPv6
  hints.ai_socktype = 0; // every socket type
  const rc = getaddrinfo(host, service, hints, res);
  if (rc !== 0) { console.log(`  getaddrinfo: ${gai_strerror(rc)}`); return; }
  for (let ai = res.value; ai !== null; ai = ai.ai_next) {
    const text = Buffer.alloc(INET6_ADDRSTRLEN);
    let port: number;
    if (ai.ai_family === AF_INET) {
      const sin = cast(sockaddr_in, ai.ai_addr!);
      inet_ntop(AF_INET, sin.sin_addr, text, sizeof(text));
      port = ntohs(sin.sin_port);
    } else if (ai.ai_family === AF_INET6) {
      const sin6 = cast(sockaddr_in6, ai.ai_addr!);
      inet_ntop(AF_INET6, sin6.sin6_addr, text, sizeof(text));
      port = ntohs(sin6.sin6_port);
    } else {
      text.write("?\0");
      port = 0;
    }
    console.log(`  ${family_name(ai.ai_family)} ${socktype_name(ai.ai_socktype)} protocol ${ai.ai_protocol} addrlen ${ai.ai_addrlen}: ${text.toString("latin1", 0, text.indexOf(0))} port ${port}`);
  }
  freeaddrinfo(res.value);
}

function round_trip(af: number, src: string): void {
  const bytes = Buffer.alloc(sizeof(in6_addr));
  // zero-filled, as after memset
  const r = inet_pton(af, src, bytes);
  let line = `  inet_pton(${family_name(af)}, "${src}") = ${r}`;
  if (r === 1) {
    const text = Buffer.alloc(INET6_ADDRSTRLEN);
    const size = af === AF_INET ? 4 : 16;
    line += ":";
    for (let i = 0; i < size; i++) line += ` ${bytes[i]!.toString(16).padStart(2, "0")}`;
    const back = inet_ntop(af, bytes, text, sizeof(text));
    line += ` -> inet_ntop "${back}"`;
  } else if (r < 0) {
    line += ` ${errno_name(errno)} (${strerror(errno)})`;
  }
  console.log(line);
}

function explore_text(): void {
  console.log("== inet_pton / inet_ntop");
  round_trip(AF_INET, "127.0.0.1");
  round_trip(AF_INET, "127.1"); // inet_pton wants all four parts
  round_trip(AF_INET, "127.0.0.256");
  round_trip(AF_INET6, "::1");
  round_trip(AF_INET6, "0:0:0:0:0:0:0:1"); // comes back in its shortest form
  round_trip(AF_INET6, "::ffff:127.0.0.1");
  round_trip(AF_UNIX, "127.0.0.1");

  const a = new in_addr();
  const r = inet_aton("127.1", a); // the old parser fills in the missing parts
  console.log(`  inet_aton("127.1") = ${r}: ${inet_ntoa(a)}`);

  const a6 = new in6_addr();
  inet_pton(AF_INET6, "::ffff:127.0.0.1", a6);
  const small = Buffer.alloc(8);
  const text = inet_ntop(AF_INET6, a6, small, sizeof(small));
  if (text === null) console.log(`  inet_ntop into ${sizeof(small)} bytes = NULL ${errno_name(errno)} (${strerror(errno)})`);
}

function explore_bind(): void {
  console.log("== bind to port 0, then the same port again");
  const first = tcp_socket(0);
  report("bind(first, 127.0.0.1:0)", bind_loopback(first, 0));
  const port = local_port(first);
  console.log(`  getsockname(first): 127.0.0.1:${port}`);
  const second = tcp_socket(0);
  report("bind(second, same port)", bind_loopback(second, port));
  close(second);
  close(first);
}

function explore_reuseaddr(): void {
  console.log("== SO_REUSEADDR and a connection in TIME_WAIT");
  const listener = tcp_socket(1);
  report("bind(listener, 127.0.0.1:0) with SO_REUSEADDR", bind_loopback(listener, 0));
  const port = local_port(listener);
  report("listen(listener)", listen(listener, 1));
  const client = tcp_socket(0);
  const addr = new sockaddr_in();
  // zero-filled, as after memset
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  report("connect(client)", connect(client, addr, sizeof(addr)));
  const conn = accept(listener, null, null);
  if (conn < 0) { perror("accept"); process.exit(1); }
  close(conn); // the server side closes first: its end waits in TIME_WAIT
  close(client);
  close(listener);

  const plain = tcp_socket(0);
  report("bind(new socket, same port) without SO_REUSEADDR", bind_loopback(plain, port));
  close(plain);
  const reuse = tcp_socket(1);
  report("bind(new socket, same port) with SO_REUSEADDR", bind_loopback(reuse, port));
  close(reuse);

  console.log("== SO_REUSEADDR on two sockets, one port");
  const a = tcp_socket(1);
  report("bind(a, 127.0.0.1:0)", bind_loopback(a, 0));
  const b = tcp_socket(1);
  report("bind(b, a's port)", bind_loopback(b, local_port(a)));
  report("listen(a)", listen(a, 1));
  report("listen(b)", listen(b, 1));
  close(b);
  close(a);
}

function main(argv: string[]): number {
  const host = argv.length > 1 ? argv[1]! : "localhost";
  const service = argv.length > 2 ? argv[2]! : "8080";
  // console.log writes each line at once (stdout is synchronous on Linux)
  explore_getaddrinfo(host, service);
  explore_text();
  explore_bind();
  explore_reuseaddr();
  return 0;
}

process.exit(main(process.argv.slice(1)));
