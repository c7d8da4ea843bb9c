/* pktinfo_receiver: joins a group and prints, for each datagram, the
 * destination address and the arrival interface (IP_PKTINFO, recvmsg, CMSG_*).
 * usage: pktinfo_receiver [-i ifaddr] [-n count] group port */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *ifaddr = "127.0.0.1";
  int count = 1, opt;
  while ((opt = getopt(argc, argv, "i:n:")) != -1) {
    if (opt == 'i') ifaddr = optarg;
    else if (opt == 'n') count = atoi(optarg);
    else { fprintf(stderr, "usage: pktinfo_receiver [-i ifaddr] [-n count] group port\n"); return 2; }
  }
  if (argc - optind != 2) { fprintf(stderr, "usage: pktinfo_receiver [-i ifaddr] [-n count] group port\n"); return 2; }
  const char *group = argv[optind];
  int port = atoi(argv[optind + 1]);

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); return 1; }
  int yes = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  if (setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &yes, sizeof(yes)) < 0) { perror("setsockopt IP_PKTINFO"); return 1; }
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) { perror("bind"); return 1; }
  struct ip_mreq mreq;
  memset(&mreq, 0, sizeof(mreq));
  inet_pton(AF_INET, group, &mreq.imr_multiaddr);
  inet_pton(AF_INET, ifaddr, &mreq.imr_interface);
  if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)) < 0) { perror("setsockopt IP_ADD_MEMBERSHIP"); return 1; }
  printf("joined %s on %s\n", group, ifaddr);
  fflush(stdout);

  for (int i = 0; i < count; i++) {
    char buf[1500], control[CMSG_SPACE(sizeof(struct in_pktinfo))];
    struct sockaddr_in from;
    struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
    struct msghdr msg;
    memset(&msg, 0, sizeof(msg));
    msg.msg_name = &from;
    msg.msg_namelen = sizeof(from);
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof(control);
    ssize_t n = recvmsg(fd, &msg, 0);
    if (n < 0) { perror("recvmsg"); return 1; }
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level != IPPROTO_IP || c->cmsg_type != IP_PKTINFO) continue;
      struct in_pktinfo *pi = (struct in_pktinfo *)CMSG_DATA(c);
      char dst[INET_ADDRSTRLEN], src[INET_ADDRSTRLEN], name[IF_NAMESIZE];
      inet_ntop(AF_INET, &pi->ipi_addr, dst, sizeof(dst));
      inet_ntop(AF_INET, &from.sin_addr, src, sizeof(src));
      printf("from %s to %s on %s%s: %.*s\n", src, dst, if_indextoname(pi->ipi_ifindex, name),
             (msg.msg_flags & MSG_TRUNC) ? " (truncated)" : "", (int)n, buf);
    }
    fflush(stdout);
  }
  close(fd);
  return 0;
}
