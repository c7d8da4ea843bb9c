/* seq_sender.c: sends COUNT numbered 100-byte records over UDP, TCP or to a
 * multicast group, GAP_MS apart, for the lab's experiments (docs/lab.md).
 * Usage: seq_sender [-g gap_ms] [-t ttl] [-i ifaddr] [-v] udp|tcp|mcast HOST PORT COUNT
 *   -g  milliseconds between records (default 1; 0: as fast as the socket takes them)
 *   -t  IP_MULTICAST_TTL for mcast (default 1); -i  IP_MULTICAST_IF, by address
 *   -v  a line per record once send() returned: "sent SEQ WALLCLOCK_MS"
 * For TCP it then shuts its side down, waits for the receiver to close (so
 * every record was acknowledged) and prints what TCP_INFO says it cost:
 * segments retransmitted (tcpi_total_retrans) and the smoothed round trip.
 * seq_sender.ts is the same program in TypeScript. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define RECORD 100

static double wallclock_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void usage(void) {
  fprintf(stderr, "usage: seq_sender [-g gap_ms] [-t ttl] [-i ifaddr] [-v] udp|tcp|mcast HOST PORT COUNT\n");
  exit(2);
}

int main(int argc, char *argv[]) {
  int gap = 1, ttl = 1, verbose = 0, opt;
  const char *ifaddr = NULL;
  while ((opt = getopt(argc, argv, "g:t:i:v")) != -1) {
    if (opt == 'g') gap = atoi(optarg);
    else if (opt == 't') ttl = atoi(optarg);
    else if (opt == 'i') ifaddr = optarg;
    else if (opt == 'v') verbose = 1;
    else usage();
  }
  if (argc - optind != 4) usage();
  const char *mode = argv[optind], *host = argv[optind + 1];
  int port = atoi(argv[optind + 2]), count = atoi(argv[optind + 3]);
  int tcp = strcmp(mode, "tcp") == 0, mcast = strcmp(mode, "mcast") == 0;
  if (!tcp && !mcast && strcmp(mode, "udp") != 0) usage();
  setvbuf(stdout, NULL, _IOLBF, 0);

  struct sockaddr_in to;
  memset(&to, 0, sizeof(to));
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  if (inet_pton(AF_INET, host, &to.sin_addr) != 1) { fprintf(stderr, "seq_sender: not an IPv4 address: %s\n", host); exit(2); }

  int fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); exit(1); }
  if (mcast) {
    if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, sizeof(ttl)) < 0) { perror("setsockopt IP_MULTICAST_TTL"); exit(1); }
    if (ifaddr != NULL) {
      struct in_addr iface;
      if (inet_pton(AF_INET, ifaddr, &iface) != 1) { fprintf(stderr, "seq_sender: bad interface %s\n", ifaddr); exit(2); }
      if (setsockopt(fd, IPPROTO_IP, IP_MULTICAST_IF, &iface, sizeof(iface)) < 0) { perror("setsockopt IP_MULTICAST_IF"); exit(1); }
    }
  }
  if (tcp && connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0) { perror("connect"); exit(1); }

  char rec[RECORD];
  for (int seq = 0; seq < count; seq++) {
    memset(rec, '.', sizeof(rec));
    snprintf(rec, sizeof(rec), "%d", seq);
    if (tcp) {
      for (size_t off = 0; off < sizeof(rec);) {
        ssize_t n = send(fd, rec + off, sizeof(rec) - off, 0);
        if (n < 0) { perror("send"); exit(1); }
        off += n;
      }
    } else if (sendto(fd, rec, sizeof(rec), 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
      perror("sendto");
      exit(1);
    }
    if (verbose) printf("sent %d %.1f\n", seq, wallclock_ms());
    if (gap > 0) usleep(gap * 1000);
  }
  printf("%s: sent %d records of %d bytes\n", mode, count, RECORD);
  if (tcp) {
    /* The receiver closes once it has every record: then all were acknowledged. */
    if (shutdown(fd, SHUT_WR) < 0) { perror("shutdown"); exit(1); }
    char b[64];
    while (recv(fd, b, sizeof(b), 0) > 0) {}
    struct tcp_info info;
    socklen_t len = sizeof(info);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &len) < 0) { perror("getsockopt TCP_INFO"); exit(1); }
    printf("tcp: retransmitted %u segments, smoothed rtt %.1f ms\n", info.tcpi_total_retrans, info.tcpi_rtt / 1000.0);
  }
  close(fd);
  return 0;
}
