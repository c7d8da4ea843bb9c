// A multi-client TCP echo server on select(2): examples/select_server.c, line
// for line. Usage: tsx examples/select_server.ts [port]   (127.0.0.1 only)
import {
  accept, AF_INET, bind, close, FD_CLR, FD_ISSET, FD_SET, fd_set, FD_SETSIZE, FD_ZERO, getsockname, htonl, htons,
  INADDR_LOOPBACK, listen, ntohs, perror, read, select, setsockopt, sizeof, SO_REUSEADDR, SOCK_STREAM, sockaddr_in,
  socket, socklen_t, SOL_SOCKET, write,
} from "berkeley-sockets";

const port = process.argv[2] ? Number(process.argv[2]) : 0;
const listenfd = socket(AF_INET, SOCK_STREAM, 0);
if (listenfd < 0) { perror("socket"); process.exit(1); }
const yes = 1;
setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, yes, sizeof(yes));
const addr = new sockaddr_in();
addr.sin_family = AF_INET;
addr.sin_port = htons(port);
addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
if (bind(listenfd, addr, sizeof(addr)) < 0) { perror("bind"); process.exit(1); }
if (listen(listenfd, 64) < 0) { perror("listen"); process.exit(1); }
const len = new socklen_t(sizeof(addr));
getsockname(listenfd, addr, len);
console.log(`listening on ${ntohs(addr.sin_port)}`);

const allset = new fd_set();
FD_ZERO(allset);
FD_SET(listenfd, allset);
let maxfd = listenfd;
const buf = Buffer.alloc(4096);
for (;;) {
  const rset = new fd_set(allset);
  let nready = select(maxfd + 1, rset, null, null, null);
  if (nready < 0) { perror("select"); process.exit(1); }
  if (FD_ISSET(listenfd, rset)) {
    const cli = new sockaddr_in();
    const clilen = new socklen_t(sizeof(cli));
    const connfd = accept(listenfd, cli, clilen);
    if (connfd < 0) { perror("accept"); continue; }
    if (connfd >= FD_SETSIZE) { console.error("too many clients"); close(connfd); continue; }
    FD_SET(connfd, allset);
    if (connfd > maxfd) maxfd = connfd;
    if (--nready <= 0) continue;
  }
  for (let fd = 0; fd <= maxfd; fd++) {
    if (fd === listenfd || !FD_ISSET(fd, rset)) continue;
    const n = read(fd, buf, buf.length);
    if (n <= 0) {
      close(fd);
      FD_CLR(fd, allset);
    } else {
      write(fd, buf, n);
    }
    if (--nready <= 0) break;
  }
}
