// tcp_client.ts: socket -> connect -> write/read -> close.
// Usage: tcp_client HOST PORT MESSAGE   (HOST: a 127.x.y.z address)
// Sends MESSAGE, shuts down its sending side so the server sees the end of
// the request, then reads the reply until the server closes, and prints it.
// tcp_client.c is the same program in C.
import {
  AF_INET, SHUT_WR, SOCK_STREAM,
  close, connect, htons, inet_ntoa, inet_pton, ntohl, ntohs, perror, read, shutdown, sizeof, sockaddr_in, socket, write,
} from "berkeley-sockets";

function main(argv: string[]): number {
  if (argv.length !== 4) { process.stderr.write("usage: tcp_client HOST PORT MESSAGE\n"); process.exit(2); }
  const host = argv[1]!;
  const port = parseInt(argv[2]!, 10) || 0;
  const message = argv[3]!;
  // console.log writes each line at once (stdout is synchronous on Linux)

  const addr = new sockaddr_in();
  // new sockaddr_in() is already zero-filled, as after memset
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (inet_pton(AF_INET, host, addr.sin_addr) !== 1) { process.stderr.write(`tcp_client: not an IPv4 address: ${host}\n`); process.exit(2); }
  if ((ntohl(addr.sin_addr.s_addr) >>> 24) !== 127) { process.stderr.write("tcp_client: loopback only (127.0.0.0/8)\n"); process.exit(2); }

  const fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) { perror("socket"); process.exit(1); }
  if (connect(fd, addr, sizeof(addr)) < 0) { perror("connect"); process.exit(1); }
  console.log(`connected to ${inet_ntoa(addr.sin_addr)}:${ntohs(addr.sin_port)}`);

  const len = Buffer.byteLength(message);
  if (write(fd, message, len) < 0) { perror("write"); process.exit(1); }
  if (shutdown(fd, SHUT_WR) < 0) { perror("shutdown"); process.exit(1); } // end of request

  const buf = Buffer.alloc(2048);
  let used = 0;
  let n = 0;
  while (used < sizeof(buf) && (n = read(fd, buf.subarray(used), sizeof(buf) - used)) > 0) used += n;
  if (n < 0) { perror("read"); process.exit(1); }
  console.log(`reply: ${buf.toString("utf8", 0, used)}`);

  if (close(fd) < 0) { perror("close"); process.exit(1); }
  return 0;
}

process.exit(main(process.argv.slice(1)));
