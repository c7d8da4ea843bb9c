/* A multi-client TCP echo server on select(2), the classic way.
 * Usage: select_server [port]   (0 or none: an ephemeral port)
 * Prints "listening on <port>" once ready. Listens on 127.0.0.1 only. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <unistd.h>

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

  fd_set allset, rset;
  FD_ZERO(&allset);
  FD_SET(listenfd, &allset);
  int maxfd = listenfd;
  char buf[4096];
  for (;;) {
    rset = allset;
    int nready = select(maxfd + 1, &rset, NULL, NULL, NULL);
    if (nready < 0) { perror("select"); exit(1); }
    if (FD_ISSET(listenfd, &rset)) {
      struct sockaddr_in cli;
      socklen_t clilen = sizeof cli;
      int connfd = accept(listenfd, (struct sockaddr *)&cli, &clilen);
      if (connfd < 0) { perror("accept"); continue; }
      if (connfd >= FD_SETSIZE) { fprintf(stderr, "too many clients\n"); close(connfd); continue; }
      FD_SET(connfd, &allset);
      if (connfd > maxfd) maxfd = connfd;
      if (--nready <= 0) continue;
    }
    for (int fd = 0; fd <= maxfd; fd++) {
      if (fd == listenfd || !FD_ISSET(fd, &rset)) continue;
      ssize_t n = read(fd, buf, sizeof buf);
      if (n <= 0) {
        close(fd);
        FD_CLR(fd, &allset);
      } else {
        write(fd, buf, n);
      }
      if (--nready <= 0) break;
    }
  }
}
