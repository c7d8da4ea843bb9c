/* udp_server.c: socket -> bind -> recvfrom/sendto -> close.
 * Usage: udp_server PORT NDATAGRAMS   (PORT 0 asks the kernel for a free port)
 * Answers NDATAGRAMS datagrams on 127.0.0.1, each with "echo: " + datagram,
 * sent back to the address it came from. udp_server.ts is the same program
 * in TypeScript. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
  if (argc != 3) { fprintf(stderr, "usage: udp_server PORT NDATAGRAMS\n"); exit(2); }
  int port = atoi(argv[1]);
  int ndatagrams = atoi(argv[2]);
  setvbuf(stdout, NULL, _IOLBF, 0); /* one line at a time, even into a pipe */

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); exit(1); }

  struct sockaddr_in addr;
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) { perror("bind"); exit(1); }

  socklen_t addrlen = sizeof(addr); /* port 0: ask which port the kernel chose */
  if (getsockname(fd, (struct sockaddr *)&addr, &addrlen) < 0) { perror("getsockname"); exit(1); }
  printf("listening on %s:%d\n", inet_ntoa(addr.sin_addr), ntohs(addr.sin_port));

  for (int served = 0; served < ndatagrams; served++) {
    char buf[1024];
    memcpy(buf, "echo: ", 6); /* the reply is the prefix followed by the datagram */
    struct sockaddr_in from;
    socklen_t fromlen = sizeof(from);
    ssize_t n = recvfrom(fd, buf + 6, sizeof(buf) - 6, 0, (struct sockaddr *)&from, &fromlen);
    if (n < 0) { perror("recvfrom"); exit(1); }
    printf("received %zd bytes from %s:%d: %.*s\n", n, inet_ntoa(from.sin_addr), ntohs(from.sin_port), (int)n, buf + 6);

    if (sendto(fd, buf, 6 + n, 0, (struct sockaddr *)&from, fromlen) < 0) { perror("sendto"); exit(1); }
  }

  if (close(fd) < 0) { perror("close"); exit(1); }
  printf("served %d datagrams\n", ndatagrams);
  return 0;
}
