// tcp_server.ts: socket -> bind -> listen -> accept -> read/write -> close.
// Usage: tcp_server PORT NCLIENTS   (PORT 0 asks the kernel for a free port)
// Serves NCLIENTS clients one after the other on 127.0.0.1: reads each
// client's request until it shuts down its side, answers "echo: " + request,
// and closes the connection. tcp_server.c is the same program in C.
import {
  AF_INET, INADDR_LOOPBACK, SOCK_STREAM, SOL_SOCKET, SO_REUSEADDR,
  accept, bind, close, getsockname, htonl, htons, inet_ntoa, listen, ntohs, perror, read, setsockopt, sizeof, sockaddr_in, socket, socklen_t, write,
} from "berkeley-sockets";

function main(argv: string[]): number {
  if (argv.length !== 3) { process.stderr.write("usage: tcp_server PORT NCLIENTS\n"); process.exit(2); }
  const port = parseInt(argv[1]!, 10) || 0;
  const nclients = parseInt(argv[2]!, 10) || 0;
  // console.log writes each line at once (stdout is synchronous on Linux)

  const fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) { perror("socket"); process.exit(1); }
  const yes = 1; // restart at once, even while old connections sit in TIME_WAIT
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, yes, sizeof(yes)) < 0) { perror("setsockopt"); process.exit(1); }

  const addr = new sockaddr_in();
  // new sockaddr_in() is already zero-filled, as after memset
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, addr, sizeof(addr)) < 0) { perror("bind"); process.exit(1); }
  if (listen(fd, 16) < 0) { perror("listen"); process.exit(1); }

  const addrlen = new socklen_t(sizeof(addr)); // port 0: ask which port the kernel chose
  if (getsockname(fd, addr, addrlen) < 0) { perror("getsockname"); process.exit(1); }
  console.log(`listening on ${inet_ntoa(addr.sin_addr)}:${ntohs(addr.sin_port)}`);

  for (let served = 0; served < nclients; served++) {
    const peer = new sockaddr_in();
    const peerlen = new socklen_t(sizeof(peer));
    const conn = accept(fd, peer, peerlen);
    if (conn < 0) { perror("accept"); process.exit(1); }
    console.log(`accepted ${inet_ntoa(peer.sin_addr)}:${ntohs(peer.sin_port)}`);

    const buf = Buffer.alloc(1024);
    let used = 0;
    let n = 0;
    while (used < sizeof(buf) && (n = read(conn, buf.subarray(used), sizeof(buf) - used)) > 0) used += n;
    if (n < 0) { perror("read"); process.exit(1); }
    console.log(`read ${used} bytes: ${buf.toString("utf8", 0, used)}`);

    if (write(conn, "echo: ", 6) < 0) { perror("write"); process.exit(1); }
    if (write(conn, buf, used) < 0) { perror("write"); process.exit(1); }
    if (close(conn) < 0) { perror("close"); process.exit(1); }
  }

  if (close(fd) < 0) { perror("close"); process.exit(1); }
  console.log(`served ${nclients} clients`);
  return 0;
}

process.exit(main(process.argv.slice(1)));
