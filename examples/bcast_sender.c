/* bcast_sender: sends a message to a broadcast address.
 * usage: bcast_sender [-n] [-c count] address port message
 * -n: do not set SO_BROADCAST, to see the kernel refuse with EACCES. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  int broadcast = 1, count = 1, opt;
  while ((opt = getopt(argc, argv, "nc:")) != -1) {
    if (opt == 'n') broadcast = 0;
    else if (opt == 'c') count = atoi(optarg);
    else { fprintf(stderr, "usage: bcast_sender [-n] [-c count] address port message\n"); return 2; }
  }
  if (argc - optind != 3) { fprintf(stderr, "usage: bcast_sender [-n] [-c count] address port message\n"); return 2; }
  const char *address = argv[optind], *message = argv[optind + 2];
  int port = atoi(argv[optind + 1]);

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); return 1; }
  if (broadcast && setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &broadcast, sizeof(broadcast)) < 0) { perror("setsockopt SO_BROADCAST"); return 1; }
  struct sockaddr_in to;
  memset(&to, 0, sizeof(to));
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  if (inet_pton(AF_INET, address, &to.sin_addr) != 1) { fprintf(stderr, "bad address %s\n", address); return 2; }
  for (int i = 0; i < count; i++) {
    ssize_t n = sendto(fd, message, strlen(message), 0, (struct sockaddr *)&to, sizeof(to));
    if (n < 0) { perror("sendto"); return 1; }
    printf("sent %zd bytes to %s:%d\n", n, address, port);
    fflush(stdout);
    if (i + 1 < count) usleep(100000);
  }
  close(fd);
  return 0;
}
