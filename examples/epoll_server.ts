// A multi-client TCP echo server on epoll(7): examples/epoll_server.c, line
// for line. Usage: tsx examples/epoll_server.ts [port]   (127.0.0.1 only)
import {
  accept, AF_INET, bind, close, EPOLL_CLOEXEC, EPOLL_CTL_ADD, EPOLL_CTL_DEL, epoll_create1, epoll_ctl, epoll_event,
  epoll_wait, EPOLLIN, getsockname, htonl, htons, INADDR_LOOPBACK, listen, ntohs, perror, read, setsockopt, sizeof,
  SO_REUSEADDR, SOCK_STREAM, sockaddr_in, socket, socklen_t, SOL_SOCKET, write,
} from "berkeley-sockets";

const MAX_EVENTS = 64;
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

const epfd = epoll_create1(EPOLL_CLOEXEC);
if (epfd < 0) { perror("epoll_create1"); process.exit(1); }
const ev = new epoll_event();
ev.events = EPOLLIN;
ev.data.fd = listenfd;
if (epoll_ctl(epfd, EPOLL_CTL_ADD, listenfd, ev) < 0) { perror("epoll_ctl"); process.exit(1); }
const events = Array.from({ length: MAX_EVENTS }, () => new epoll_event());
const buf = Buffer.alloc(4096);
for (;;) {
  const n = epoll_wait(epfd, events, MAX_EVENTS, -1);
  if (n < 0) { perror("epoll_wait"); process.exit(1); }
  for (let i = 0; i < n; i++) {
    const fd = events[i]!.data.fd;
    if (fd === listenfd) {
      const connfd = accept(listenfd, null, null);
      if (connfd < 0) { perror("accept"); continue; }
      ev.events = EPOLLIN;
      ev.data.fd = connfd;
      epoll_ctl(epfd, EPOLL_CTL_ADD, connfd, ev);
    } else {
      const r = read(fd, buf, buf.length);
      if (r <= 0) {
        epoll_ctl(epfd, EPOLL_CTL_DEL, fd, null);
        close(fd);
      } else {
        write(fd, buf, r);
      }
    }
  }
}
