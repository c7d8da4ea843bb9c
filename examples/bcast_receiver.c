/* bcast_receiver: prints each datagram that arrives on a port (broadcasts included).
 * usage: bcast_receiver [-n count] port */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int count = 1, opt;
  while ((opt = getopt(argc, argv, "n:")) != -1) {
    if (opt == 'n') count = atoi(optarg);
    else { fprintf(stderr, "usage: bcast_receiver [-n count] port\n"); return 2; }
  }
  if (argc - optind != 1) { fprintf(stderr, "usage: bcast_receiver [-n count] port\n"); return 2; }
  int port = atoi(argv[optind]);

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); return 1; }
  int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) { perror("bind"); return 1; }
  printf("listening on port %d\n", port);
  fflush(stdout);
  for (int i = 0; i < count; i++) {
    char buf[1500];
    struct sockaddr_in from;
    socklen_t fromlen = sizeof(from);
    ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
    if (n < 0) { perror("recvfrom"); return 1; }
    printf("from %s: %.*s\n", inet_ntoa(from.sin_addr), (int)n, buf);
    fflush(stdout);
  }
  close(fd);
  return 0;
}
