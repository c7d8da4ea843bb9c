/* A multi-client TCP echo server on epoll(7), level-triggered.
 * Usage: epoll_server [port]   (0 or none: an ephemeral port)
 * Prints "listening on <port>" once ready. Listens on 127.0.0.1 only. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_EVENTS 64

int main(int argc, char **argv) {
  int port = argc > 1 ? atoi(argv[1]) : 0;
  int listenfd = socket(AF_INET, SOCK_STREAM, 0);
  if (listenfd < 0) { perror("socket"); exit(1); }
  int yes = 1;
  setsockopt(listenfd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listenfd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("bind"); exit(1); }
  if (listen(listenfd, 64) < 0) { perror("listen"); exit(1); }
  socklen_t len = sizeof addr;
  getsockname(listenfd, (struct sockaddr *)&addr, &len);
  printf("listening on %d\n", ntohs(addr.sin_port));
  fflush(stdout);

  int epfd = epoll_create1(EPOLL_CLOEXEC);
  if (epfd < 0) { perror("epoll_create1"); exit(1); }
  struct epoll_event ev;
  memset(&ev, 0, sizeof ev);
  ev.events = EPOLLIN;
  ev.data.fd = listenfd;
  if (epoll_ctl(epfd, EPOLL_CTL_ADD, listenfd, &ev) < 0) { perror("epoll_ctl"); exit(1); }
  struct epoll_event events[MAX_EVENTS];
  char buf[4096];
  for (;;) {
    int n = epoll_wait(epfd, events, MAX_EVENTS, -1);
    if (n < 0) { perror("epoll_wait"); exit(1); }
    for (int i = 0; i < n; i++) {
      int fd = events[i].data.fd;
      if (fd == listenfd) {
        int connfd = accept(listenfd, NULL, NULL);
        if (connfd < 0) { perror("accept"); continue; }
        ev.events = EPOLLIN;
        ev.data.fd = connfd;
        epoll_ctl(epfd, EPOLL_CTL_ADD, connfd, &ev);
      } else {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r <= 0) {
          epoll_ctl(epfd, EPOLL_CTL_DEL, fd, NULL);
          close(fd);
        } else {
          write(fd, buf, r);
        }
      }
    }
  }
}
