/* mcast_receiver: joins a multicast group and prints each datagram.
 * usage: mcast_receiver [-i ifaddr] [-n count] group port
 * -i: the interface (by address) to join on; default 127.0.0.1.
 * SO_REUSEADDR lets several receivers share the port: each gets every datagram. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *ifaddr = "127.0.0.1";
  int count = 1, opt;
  while ((opt = getopt(argc, argv, "i:n:")) != -1) {
    if (opt == 'i') ifaddr = optarg;
    else if (opt == 'n') count = atoi(optarg);
    else { fprintf(stderr, "usage: mcast_receiver [-i ifaddr] [-n count] group port\n"); return 2; }
  }
  if (argc - optind != 2) { fprintf(stderr, "usage: mcast_receiver [-i ifaddr] [-n count] group port\n"); return 2; }
  const char *group = argv[optind];
  int port = atoi(argv[optind + 1]);

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); return 1; }
  int yes = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes)) < 0) { perror("setsockopt SO_REUSEADDR"); return 1; }
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) { perror("bind"); return 1; }

  struct ip_mreq mreq;
  memset(&mreq, 0, sizeof(mreq));
  if (inet_pton(AF_INET, group, &mreq.imr_multiaddr) != 1) { fprintf(stderr, "bad group %s\n", group); return 2; }
  if (inet_pton(AF_INET, ifaddr, &mreq.imr_interface) != 1) { fprintf(stderr, "bad interface %s\n", ifaddr); return 2; }
  if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)) < 0) { perror("setsockopt IP_ADD_MEMBERSHIP"); return 1; }
  printf("joined %s on %s\n", group, ifaddr);
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
  setsockopt(fd, IPPROTO_IP, IP_DROP_MEMBERSHIP, &mreq, sizeof(mreq));
  close(fd);
  return 0;
}
