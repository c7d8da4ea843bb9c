/* mcast_sender: sends a message to a multicast group.
 * usage: mcast_sender [-i ifaddr] [-t ttl] [-l loop] [-n count] group port message
 * -i: the interface (by address) to send on, IP_MULTICAST_IF; default 127.0.0.1.
 * -t: IP_MULTICAST_TTL (default 1: this segment only). -l: IP_MULTICAST_LOOP (default 1). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *ifaddr = "127.0.0.1";
  int ttl = 1, loop = 1, count = 1, opt;
  while ((opt = getopt(argc, argv, "i:t:l:n:")) != -1) {
    if (opt == 'i') ifaddr = optarg;
    else if (opt == 't') ttl = atoi(optarg);
    else if (opt == 'l') loop = atoi(optarg);
    else if (opt == 'n') count = atoi(optarg);
    else { fprintf(stderr, "usage: mcast_sender [-i ifaddr] [-t ttl] [-l loop] [-n count] group port message\n"); return 2; }
  }
  if (argc - optind != 3) { fprintf(stderr, "usage: mcast_sender [-i ifaddr] [-t ttl] [-l loop] [-n count] group port message\n"); return 2; }
  const char *group = argv[optind], *message = argv[optind + 2];
  int port = atoi(argv[optind + 1]);

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); return 1; }
  struct in_addr iface;
  if (inet_pton(AF_INET, ifaddr, &iface) != 1) { fprintf(stderr, "bad interface %s\n", ifaddr); return 2; }
  if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &iface, sizeof(iface)) < 0) { perror("setsockopt IP_MULTICAST_IF"); return 1; }
  if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)) < 0) { perror("setsockopt IP_MULTICAST_TTL"); return 1; }
  if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, &loop, sizeof(loop)) < 0) { perror("setsockopt IP_MULTICAST_LOOP"); return 1; }

  struct sockaddr_in to;
  memset(&to, 0, sizeof(to));
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  if (inet_pton(AF_INET, group, &to.sin_addr) != 1) { fprintf(stderr, "bad group %s\n", group); return 2; }
  for (int i = 0; i < count; i++) {
    ssize_t n = sendto(fd, message, strlen(message), 0, (struct sockaddr *)&to, sizeof(to));
    if (n < 0) { perror("sendto"); return 1; }
    printf("sent %zd bytes to %s:%d (ttl %d)\n", n, group, port, ttl);
    fflush(stdout);
    if (i + 1 < count) usleep(100000);
  }
  close(fd);
  return 0;
}
