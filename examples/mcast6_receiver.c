/* mcast6_receiver: joins an IPv6 multicast group and prints each datagram.
 * usage: mcast6_receiver [-i ifname] [-n count] group port
 * -i: the interface (by name) to join on; default lo. */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *ifname = "lo";
  int count = 1, opt;
  while ((opt = getopt(argc, argv, "i:n:")) != -1) {
    if (opt == 'i') ifname = optarg;
    else if (opt == 'n') count = atoi(optarg);
    else { fprintf(stderr, "usage: mcast6_receiver [-i ifname] [-n count] group port\n"); return 2; }
  }
  if (argc - optind != 2) { fprintf(stderr, "usage: mcast6_receiver [-i ifname] [-n count] group port\n"); return 2; }
  const char *group = argv[optind];
  int port = atoi(argv[optind + 1]);

  int fd = socket(AF_INET6, SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); return 1; }
  int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  struct sockaddr_in6 addr;
  memset(&addr, 0, sizeof(addr));
  addr.sin6_family = AF_INET6;
  addr.sin6_port = htons(port);
  addr.sin6_addr = in6addr_any;
  if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) { perror("bind"); return 1; }

  struct ipv6_mreq mreq;
  memset(&mreq, 0, sizeof(mreq));
  if (inet_pton(AF_INET6, group, &mreq.ipv6mr_multiaddr) != 1) { fprintf(stderr, "bad group %s\n", group); return 2; }
  mreq.ipv6mr_interface = if_nametoindex(ifname);
  if (mreq.ipv6mr_interface == 0) { perror("if_nametoindex"); return 1; }
  if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq, sizeof(mreq)) < 0) { perror("setsockopt IPV6_JOIN_GROUP"); return 1; }
  printf("joined %s on %s\n", group, ifname);
  fflush(stdout);

  for (int i = 0; i < count; i++) {
    char buf[1500], text[INET6_ADDRSTRLEN];
    struct sockaddr_in6 from;
    socklen_t fromlen = sizeof(from);
    ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen);
    if (n < 0) { perror("recvfrom"); return 1; }
    printf("from %s: %.*s\n", inet_ntop(AF_INET6, &from.sin6_addr, text, sizeof(text)), (int)n, buf);
    fflush(stdout);
  }
  close(fd);
  return 0;
}
