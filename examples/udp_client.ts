// udp_client.ts: socket -> bind -> sendto/recvfrom -> close.
// Usage: udp_client HOST PORT MESSAGE   (HOST: a 127.x.y.z address)
// Binds to 127.0.0.1 on a port the kernel picks, sends MESSAGE as one
// datagram and prints the reply; gives up after 5 seconds without one.
// udp_client.c is the same program in C.
import {
  AF_INET, INADDR_LOOPBACK, SOCK_DGRAM, SOL_SOCKET, SO_RCVTIMEO,
  bind, close, getsockname, htonl, htons, inet_ntoa, inet_pton, ntohl, ntohs, perror, recvfrom, sendto, setsockopt, sizeof, sockaddr_in, socket, socklen_t, timeval,
} from "berkeley-sockets";

function main(argv: string[]): number {
  if (argv.length !== 4) { process.stderr.write("usage: udp_client HOST PORT MESSAGE\n"); process.exit(2); }
  const host = argv[1]!;
  const port = parseInt(argv[2]!, 10) || 0;
  const message = argv[3]!;
  // console.log writes each line at once (stdout is synchronous on Linux)

  const server = new sockaddr_in();
  // new sockaddr_in() is already zero-filled, as after memset
  server.sin_family = AF_INET;
  server.sin_port = htons(port);
  if (inet_pton(AF_INET, host, server.sin_addr) !== 1) { process.stderr.write(`udp_client: not an IPv4 address: ${host}\n`); process.exit(2); }
  if ((ntohl(server.sin_addr.s_addr) >>> 24) !== 127) { process.stderr.write("udp_client: loopback only (127.0.0.0/8)\n"); process.exit(2); }

  const fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); process.exit(1); }

  const local = new sockaddr_in();
  // zero-filled, as after memset
  local.sin_family = AF_INET;
  local.sin_port = htons(0);
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, local, sizeof(local)) < 0) { perror("bind"); process.exit(1); }
  const locallen = new socklen_t(sizeof(local));
  if (getsockname(fd, local, locallen) < 0) { perror("getsockname"); process.exit(1); }
  console.log(`bound to ${inet_ntoa(local.sin_addr)}:${ntohs(local.sin_port)}`);

  const tv = new timeval({ tv_sec: 5, tv_usec: 0 }); // recvfrom fails with EAGAIN after 5 s
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, sizeof(tv)) < 0) { perror("setsockopt"); process.exit(1); }

  const len = Buffer.byteLength(message);
  if (sendto(fd, message, len, 0, server, sizeof(server)) < 0) { perror("sendto"); process.exit(1); }

  const buf = Buffer.alloc(2048);
  const from = new sockaddr_in();
  const fromlen = new socklen_t(sizeof(from));
  const n = recvfrom(fd, buf, sizeof(buf), 0, from, fromlen);
  if (n < 0) { perror("recvfrom"); process.exit(1); }
  console.log(`reply from ${inet_ntoa(from.sin_addr)}:${ntohs(from.sin_port)}: ${buf.toString("utf8", 0, n)}`);

  if (close(fd) < 0) { perror("close"); process.exit(1); }
  return 0;
}

process.exit(main(process.argv.slice(1)));
