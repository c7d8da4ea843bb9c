// A TCP echo server for many clients with async/await, on
// berkeley-sockets/promises: one async function per client, none blocks the
// event loop. Usage: tsx examples/async_echo_server.ts [port]  (127.0.0.1 only)
import {
  AF_INET, bind, getsockname, htonl, htons, INADDR_LOOPBACK, listen, ntohs, perror, setsockopt, sizeof, SO_REUSEADDR,
  SOCK_STREAM, sockaddr_in, socket, socklen_t, SOL_SOCKET,
} from "berkeley-sockets";
import { accept, close, recv, send, type SocketError } from "berkeley-sockets/promises";

const port = process.argv[2] ? Number(process.argv[2]) : 0;
const listenfd = socket(AF_INET, SOCK_STREAM, 0);
if (listenfd < 0) { perror("socket"); process.exit(1); }
setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, 1, sizeof(1));
const addr = new sockaddr_in();
addr.sin_family = AF_INET;
addr.sin_port = htons(port);
addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
if (bind(listenfd, addr, sizeof(addr)) < 0) { perror("bind"); process.exit(1); }
if (listen(listenfd, 128) < 0) { perror("listen"); process.exit(1); }
getsockname(listenfd, addr, new socklen_t(sizeof(addr)));
console.log(`listening on ${ntohs(addr.sin_port)}`);

async function serve(fd: number): Promise<void> {
  const buf = Buffer.alloc(4096);
  try {
    for (;;) {
      const n = await recv(fd, buf, buf.length, 0);
      if (n === 0) break; // the client closed
      // send may be partial, as in C: loop until all n bytes are out.
      for (let off = 0; off < n; ) off += await send(fd, buf.subarray(off), n - off, 0);
    }
  } catch (err) {
    console.error(`client ${fd}: ${(err as SocketError).code}`);
  } finally {
    await close(fd);
  }
}

for (;;) {
  const connfd = await accept(listenfd, null, null);
  void serve(connfd);
}
