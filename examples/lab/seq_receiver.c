/* seq_receiver.c: receives the numbered records of seq_sender and says what
 * arrived: how many, whether in order, which are missing.
 * Usage: seq_receiver [-i ifaddr] [-w idle_ms] [-v] udp|tcp|mcast PORT COUNT [GROUP]
 *   -i  the interface (by address) to join GROUP on (mcast; default: any)
 *   -w  UDP and mcast: stop after this many ms without a record (default 2000)
 *   -v  a line per record: "rx SEQ WALLCLOCK_MS"
 * UDP and mcast stop at COUNT records or when the sender has gone quiet;
 * TCP reads one connection to its end, then closes it.
 * seq_receiver.ts is the same program in TypeScript. */
#include <arpa/inet.h>
#include <netinet/in.h>
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
  fprintf(stderr, "usage: seq_receiver [-i ifaddr] [-w idle_ms] [-v] udp|tcp|mcast PORT COUNT [GROUP]\n");
  exit(2);
}

static void timeout_ms(int fd, int ms) {
  struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0) { perror("setsockopt SO_RCVTIMEO"); exit(1); }
}

int main(int argc, char *argv[]) {
  int idle = 2000, verbose = 0, opt;
  const char *ifaddr = "0.0.0.0";
  while ((opt = getopt(argc, argv, "i:w:v")) != -1) {
    if (opt == 'i') ifaddr = optarg;
    else if (opt == 'w') idle = atoi(optarg);
    else if (opt == 'v') verbose = 1;
    else usage();
  }
  if (argc - optind < 3 || argc - optind > 4) usage();
  const char *mode = argv[optind];
  int port = atoi(argv[optind + 1]), count = atoi(argv[optind + 2]);
  int tcp = strcmp(mode, "tcp") == 0, mcast = strcmp(mode, "mcast") == 0;
  if ((!tcp && !mcast && strcmp(mode, "udp") != 0) || (mcast && argc - optind != 4)) usage();
  setvbuf(stdout, NULL, _IOLBF, 0);

  int fd = socket(AF_INET, tcp ? SOCK_STREAM : SOCK_DGRAM, 0);
  if (fd < 0) { perror("socket"); exit(1); }
  int yes = 1;
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes)) < 0) { perror("setsockopt SO_REUSEADDR"); exit(1); }
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) { perror("bind"); exit(1); }
  if (mcast) {
    struct ip_mreq mreq;
    if (inet_pton(AF_INET, argv[optind + 3], &mreq.imr_multiaddr) != 1 || inet_pton(AF_INET, ifaddr, &mreq.imr_interface) != 1) usage();
    if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)) < 0) { perror("setsockopt IP_ADD_MEMBERSHIP"); exit(1); }
    printf("%s: joined %s, port %d\n", mode, argv[optind + 3], port);
  } else {
    if (tcp && listen(fd, 1) < 0) { perror("listen"); exit(1); }
    printf("%s: listening on port %d\n", mode, port); /* now a sender may start */
  }
  int conn = fd;
  if (tcp) {
    conn = accept(fd, NULL, NULL);
    if (conn < 0) { perror("accept"); exit(1); }
  }

  char *seen = calloc(count, 1);
  int received = 0, in_order = 0, duplicates = 0, highest = -1;
  char rec[RECORD];
  if (!tcp) timeout_ms(fd, 30000); /* the first record may take a while */
  for (;;) {
    ssize_t n;
    if (tcp) {
      size_t off = 0;
      n = 1;
      while (off < sizeof(rec) && (n = recv(conn, rec + off, sizeof(rec) - off, 0)) > 0) off += n;
      if (off < sizeof(rec)) break; /* the end of the stream */
    } else {
      n = recv(fd, rec, sizeof(rec), 0);
      if (n < 0) break; /* quiet for idle ms: the sender is done */
      timeout_ms(fd, idle);
    }
    int seq = atoi(rec);
    if (seq < 0 || seq >= count) continue;
    if (verbose) printf("rx %d %.1f\n", seq, wallclock_ms());
    if (seen[seq]) { duplicates++; continue; }
    seen[seq] = 1;
    received++;
    if (seq > highest) { in_order++; highest = seq; }
    if (received == count && !tcp) break;
  }
  printf("%s: received %d of %d (%.1f%%), %d in order, %d overtaken, %d duplicates\n", mode, received, count, 100.0 * received / count, in_order,
         received - in_order, duplicates);
  int shown = 0;
  for (int i = 0; i < count && shown < 8; i++) {
    if (seen[i]) continue;
    if (shown == 0) printf("%s: missing", mode);
    printf(" %d", i);
    shown++;
  }
  if (shown > 0) printf("%s\n", received + 8 < count ? " ..." : "");
  free(seen);
  if (tcp) close(conn);
  close(fd);
  return 0;
}
