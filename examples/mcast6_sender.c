/* mcast6_sender: sends a message to an IPv6 multicast group.
 * usage: mcast6_sender [-i ifname] [-h hops] [-n count] group port message
 * -i: IPV6_MULTICAST_IF by interface name; default lo. -h: IPV6_MULTICAST_HOPS (default 1). */
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
  int hops = 1, count = 1, opt;
  while ((opt = getopt(argc, argv, "i:h:n:")) != -1) {
    if (opt == 'i') ifname = optarg;
    else if (opt == 'h') hops = atoi(optarg);
    else if (opt == 'n') count = atoi(optarg);
    else { fprintf(stderr, "usage: mcast6_sender [-i ifname] [-h hops] [-n count] group port message\n"); return 2; }
  }
  if (argc - optind != 3) { fprintf(stderr, "usage: mcast6_sender [-i ifname] [-h hops] [-n count] group port message\n"); return 2; }
  const char *group = argv[optind], *message = argv[optind + 2];
  int port = atoi(argv[optind + 1]);

  int fd = socket(AF_INET6, SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); return 1; }
  unsigned int ifindex = if_nametoindex(ifname);
  if (ifindex == 0) { perror("if_nametoindex"); return 1; }
  if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, &ifindex, sizeof(ifindex)) < 0) { perror("setsockopt IPV6_MULTICAST_IF"); return 1; }
  if (setsockopt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, &hops, sizeof(hops)) < 0) { perror("setsockopt IPV6_MULTICAST_HOPS"); return 1; }

  struct sockaddr_in6 to;
  memset(&to, 0, sizeof(to));
  to.sin6_family = AF_INET6;
  to.sin6_port = htons(port);
  if (inet_pton(AF_INET6, group, &to.sin6_addr) != 1) { fprintf(stderr, "bad group %s\n", group); return 2; }
  for (int i = 0; i < count; i++) {
    ssize_t n = sendto(fd, message, strlen(message), 0, (struct sockaddr *)&to, sizeof(to));
    if (n < 0) { perror("sendto"); return 1; }
    printf("sent %zd bytes to [%s]:%d (hops %d)\n", n, group, port, hops);
    fflush(stdout);
    if (i + 1 < count) usleep(100000);
  }
  close(fd);
  return 0;
}
