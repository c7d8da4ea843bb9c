// udp_server.ts: socket -> bind -> recvfrom/sendto -> close.
// Usage: udp_server PORT NDATAGRAMS   (PORT 0 asks the kernel for a free port)
// Answers NDATAGRAMS datagrams on 127.0.0.1, each with "echo: " + datagram,
// sent back to the address it came from. udp_server.c is the same program
// in C.
import {
  AF_INET, INADDR_LOOPBACK, SOCK_DGRAM,
  bind, close, getsockname, htonl, htons, inet_ntoa, ntohs, perror, recvfrom, sendto, sizeof, sockaddr_in, socket, socklen_t,
} from "berkeley-sockets";

function main(argv: string[]): number {
  if (argv.length !== 3) { process.stderr.write("usage: udp_server PORT NDATAGRAMS\n"); process.exit(2); }
  const port = parseInt(argv[1]!, 10) || 0;
  const ndatagrams = parseInt(argv[2]!, 10) || 0;
  // console.log writes each line at once (stdout is synchronous on Linux)

  const fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); process.exit(1); }

  const addr = new sockaddr_in();
  // new sockaddr_in() is already zero-filled, as after memset
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, addr, sizeof(addr)) < 0) { perror("bind"); process.exit(1); }

  const addrlen = new socklen_t(sizeof(addr)); // port 0: ask which port the kernel chose
  if (getsockname(fd, addr, addrlen) < 0) { perror("getsockname"); process.exit(1); }
  console.log(`listening on ${inet_ntoa(addr.sin_addr)}:${ntohs(addr.sin_port)}`);

  for (let served = 0; served < ndatagrams; served++) {
    const buf = Buffer.alloc(1024);
    buf.write("echo: ", 0); // the reply is the prefix followed by the datagram
    const from = new sockaddr_in();
    const fromlen = new socklen_t(sizeof(from));
    const n = recvfrom(fd, buf.subarray(6), sizeof(buf) - 6, 0, from, fromlen);
    if (n < 0) { perror("recvfrom"); process.exit(1); }
    console.log(`received ${n} bytes from ${inet_ntoa(from.sin_addr)}:${ntohs(from.sin_port)}: ${buf.toString("utf8", 6, 6 + n)}`);

    if (sendto(fd, buf, 6 + n, 0, from, fromlen.value) < 0) { perror("sendto"); process.exit(1); }
  }

  if (close(fd) < 0) { perror("close"); process.exit(1); }
  console.log(`served ${ndatagrams} datagrams`);
  return 0;
}

process.exit(main(process.argv.slice(1)));
