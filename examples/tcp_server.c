/* tcp_server.c: socket -> bind -> listen -> accept -> read/write -> close.
 * Usage: tcp_server PORT NCLIENTS   (PORT 0 asks the kernel for a free port)
 * Serves NCLIENTS clients one after the other on 127.0.0.1: reads each
 * client's request until it shuts down its side, answers "echo: " + request,
 * and closes the connection. tcp_server.ts is the same program in TypeScript. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
  if (argc != 3) { fprintf(stderr, "usage: tcp_server PORT NCLIENTS\n"); exit(2); }
  int port = atoi(argv[1]);
  int nclients = atoi(argv[2]);
  setvbuf(stdout, NULL, _IOLBF, 0); /* one line at a time, even into a pipe */

  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) { perror("socket"); exit(1); }
  int yes = 1; /* restart at once, even while old connections sit in TIME_WAIT */
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes)) < 0) { perror("setsockopt"); exit(1); }

  struct sockaddr_in addr;
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) { perror("bind"); exit(1); }
  if (listen(fd, 16) < 0) { perror("listen"); exit(1); }

  socklen_t addrlen = sizeof(addr); /* port 0: ask which port the kernel chose */
  if (getsockname(fd, (struct sockaddr *)&addr, &addrlen) < 0) { perror("getsockname"); exit(1); }
  printf("listening on %s:%d\n", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));

  for (int served = 0; served < nclients; served++) {
    struct sockaddr_in peer;
    socklen_t peerlen = sizeof(peer);
    int conn = accept(fd, (struct sockaddr *)&peer, &peerlen);
    if (conn < 0) { perror("accept"); exit(1); }
    printf("accepted %s:%d\n", inet_ntoa(peer.sin_addr), ntohs(peer.sin_port));

    char buf[1024];
    size_t used = 0;
    ssize_t n = 0;
    while (used < sizeof(buf) && (n = read(conn, buf + used, sizeof(buf) - used)) > 0) used += n;
    if (n < 0) { perror("read"); exit(1); }
    printf("read %zu bytes: %.*s\n", used, (int)used, buf);

    if (write(conn, "echo: ", 6) < 0) { perror("write"); exit(1); }
    if (write(conn, buf, used) < 0) { perror("write"); exit(1); }
    if (close(conn) < 0) { perror("close"); exit(1); }
  }

  if (close(fd) < 0) { perror("close"); exit(1); }
  printf("served %d clients\n", nclients);
  return 0;
}
