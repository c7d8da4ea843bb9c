/* udp_client.c: socket -> bind -> sendto/recvfrom -> close.
 * Usage: udp_client HOST PORT MESSAGE   (HOST: a 127.x.y.z address)
 * Binds to 127.0.0.1 on a port the kernel picks, sends MESSAGE as one
 * datagram and prints the reply; gives up after 5 seconds without one.
 * udp_client.ts is the same program in TypeScript. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int main(int argc, char *argv[]) {
  if (argc != 4) { fprintf(stderr, "usage: udp_client HOST PORT MESSAGE\n"); exit(2); }
  const char *host = argv[1];
  int port = atoi(argv[2]);
  const char *message = argv[3];
  setvbuf(stdout, NULL, _IOLBF, 0); /* one line at a time, even into a pipe */

  struct sockaddr_in server;
  memset(&server, 0, sizeof(server));
  server.sin_family = AF_INET;
  server.sin_port = htons(port);
  if (inet_pton(AF_INET, host, &server.sin_addr) != 1) { fprintf(stderr, "udp_client: not an IPv4 address: %s\n", host); exit(2); }
  if ((ntohl(server.sin_addr.s_addr) >> 24) != 127) { fprintf(stderr, "udp_client: loopback only (127.0.0.0/8)\n"); exit(2); }

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); exit(1); }

  struct sockaddr_in local;
  memset(&local, 0, sizeof(local));
  local.sin_family = AF_INET;
  local.sin_port = htons(0);
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)&local, sizeof(local)) < 0) { perror("bind"); exit(1); }
  socklen_t locallen = sizeof(local);
  if (getsockname(fd, (struct sockaddr *)&local, &locallen) < 0) { perror("getsockname"); exit(1); }
  printf("bound to %s:%d\n", inet_ntoa(local.sin_addr), ntohs(local.sin_port));

  struct timeval tv = { 5, 0 }; /* recvfrom fails with EAGAIN after 5 s */
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) { perror("setsockopt"); exit(1); }

  size_t len = strlen(message);
  if (sendto(fd, message, len, 0, (struct sockaddr *)&server, sizeof(server)) < 0) { perror("sendto"); exit(1); }

  char buf[2048];
  struct sockaddr_in from;
  socklen_t fromlen = sizeof(from);
  ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
  if (n < 0) { perror("recvfrom"); exit(1); }
  printf("reply from %s:%d: %.*s\n", inet_ntoa(from.sin_addr), ntohs(from.sin_port), (int)n, buf);

  if (close(fd) < 0) { perror("close"); exit(1); }
  return 0;
}
