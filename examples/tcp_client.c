/* tcp_client.c: socket -> connect -> write/read -> close.
 * Usage: tcp_client HOST PORT MESSAGE   (HOST: a 127.x.y.z address)
 * Sends MESSAGE, shuts down its sending side so the server sees the end of
 * the request, then reads the reply until the server closes, and prints it.
 * tcp_client.ts is the same program in TypeScript. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
  if (argc != 4) { fprintf(stderr, "usage: tcp_client HOST PORT MESSAGE\n"); exit(2); }
  const char *host = argv[1];
  int port = atoi(argv[2]);
  const char *message = argv[3];
  setvbuf(stdout, NULL, _IOLBF, 0); /* one line at a time, even into a pipe */

  struct sockaddr_in addr;
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  if (inet_pton(AF_INET, host, &addr.sin_addr) != 1) { fprintf(stderr, "tcp_client: not an IPv4 address: %s\n", host); exit(2); }
  if ((ntohl(addr.sin_addr.s_addr) >> 24) != 127) { fprintf(stderr, "tcp_client: loopback only (127.0.0.0/8)\n"); exit(2); }

  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) { perror("socket"); exit(1); }
  if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) { perror("connect"); exit(1); }
  printf("connected to %s:%d\n", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));

  size_t len = strlen(message);
  if (write(fd, message, len) < 0) { perror("write"); exit(1); }
  if (shutdown(fd, SHUT_WR) < 0) { perror("shutdown"); exit(1); } /* end of request */

  char buf[2048];
  size_t used = 0;
  ssize_t n = 0;
  while (used < sizeof(buf) && (n = read(fd, buf + used, sizeof(buf) - used)) > 0) used += n;
  if (n < 0) { perror("read"); exit(1); }
  printf("reply: %.*s\n", (int)used, buf);

  if (close(fd) < 0) { perror("close"); exit(1); }
  return 0;
}
