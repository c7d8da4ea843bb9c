/* The C baseline of `npm run bench`: the same workloads as bench/sockets.ts,
 * written the way a C program would. Loopback only (127.0.0.1).
 * Usage: bench <workload> <n>; prints {"ops":n,"seconds":s} on one line.
 * Workloads (one op each):
 *   calls    getsockopt(SO_TYPE): the cost of one system call
 *   udp      a 64-byte sendto/recvfrom round trip between two UDP sockets
 *   tcp      a 64-byte write/read round trip over a TCP connection (TCP_NODELAY)
 *   stream   a 64 KiB write, read until all of it has arrived
 *   connect  socket, connect, accept, close both (the client resets: SO_LINGER {1, 0})
 *   mmsg     32 datagrams by sendmmsg, 32 by recvmmsg (one op = 32 datagrams)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MSG 64
#define CHUNK 65536
#define BATCH 32

static void die(const char *what) { perror(what); exit(1); }

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int bound(int type, struct sockaddr_in *addr) {
  int fd = socket(AF_INET, type, 0);
  if (fd < 0) die("socket");
  memset(addr, 0, sizeof(*addr));
  addr->sin_family = AF_INET;
  addr->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, (struct sockaddr *)addr, sizeof(*addr)) < 0) die("bind");
  socklen_t len = sizeof(*addr);
  getsockname(fd, (struct sockaddr *)addr, &len);
  return fd;
}

static int readall(int fd, char *buf, size_t n) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = read(fd, buf + got, n - got);
    if (r <= 0) die("read");
    got += r;
  }
  return 0;
}

/* A connected TCP pair: *c the client end, *s the accepted end. */
static void tcp_pair(int *c, int *s) {
  struct sockaddr_in addr;
  int l = bound(SOCK_STREAM, &addr);
  if (listen(l, 1) < 0) die("listen");
  *c = socket(AF_INET, SOCK_STREAM, 0);
  if (connect(*c, (struct sockaddr *)&addr, sizeof(addr)) < 0) die("connect");
  *s = accept(l, NULL, NULL);
  if (*s < 0) die("accept");
  close(l);
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: bench <workload> <n>\n"); return 2; }
  const char *w = argv[1];
  long n = atol(argv[2]);
  static char buf[CHUNK], data[CHUNK];
  memset(data, 'x', sizeof(data));
  double t0, t1;

  if (strcmp(w, "calls") == 0) {
    struct sockaddr_in addr;
    int fd = bound(SOCK_DGRAM, &addr);
    int type;
    socklen_t len;
    t0 = now();
    for (long i = 0; i < n; i++) {
      len = sizeof(type);
      if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0) die("getsockopt");
    }
    t1 = now();
    close(fd);
  } else if (strcmp(w, "udp") == 0) {
    struct sockaddr_in a_addr, b_addr, from;
    int a = bound(SOCK_DGRAM, &a_addr), b = bound(SOCK_DGRAM, &b_addr);
    socklen_t fromlen;
    t0 = now();
    for (long i = 0; i < n; i++) {
      sendto(a, data, MSG, 0, (struct sockaddr *)&b_addr, sizeof(b_addr));
      fromlen = sizeof(from);
      if (recvfrom(b, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen) != MSG) die("recvfrom");
      sendto(b, buf, MSG, 0, (struct sockaddr *)&from, fromlen);
      fromlen = sizeof(from);
      if (recvfrom(a, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen) != MSG) die("recvfrom");
    }
    t1 = now();
    close(a);
    close(b);
  } else if (strcmp(w, "tcp") == 0) {
    int c, s, one = 1;
    tcp_pair(&c, &s);
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    t0 = now();
    for (long i = 0; i < n; i++) {
      if (write(c, data, MSG) != MSG) die("write");
      readall(s, buf, MSG);
      if (write(s, buf, MSG) != MSG) die("write");
      readall(c, buf, MSG);
    }
    t1 = now();
    close(c);
    close(s);
  } else if (strcmp(w, "stream") == 0) {
    int c, s, room = 1 << 20;
    tcp_pair(&c, &s);
    /* A send buffer that holds a whole chunk: the blocking write never waits for the read. */
    setsockopt(c, SOL_SOCKET, SO_SNDBUF, &room, sizeof(room));
    t0 = now();
    for (long i = 0; i < n; i++) {
      if (write(c, data, CHUNK) != CHUNK) die("write");
      readall(s, buf, CHUNK);
    }
    t1 = now();
    close(c);
    close(s);
  } else if (strcmp(w, "connect") == 0) {
    struct sockaddr_in addr;
    int l = bound(SOCK_STREAM, &addr);
    struct linger rst = {1, 0};
    if (listen(l, 128) < 0) die("listen");
    t0 = now();
    for (long i = 0; i < n; i++) {
      int c = socket(AF_INET, SOCK_STREAM, 0);
      if (connect(c, (struct sockaddr *)&addr, sizeof(addr)) < 0) die("connect");
      int s = accept(l, NULL, NULL);
      if (s < 0) die("accept");
      setsockopt(c, SOL_SOCKET, SO_LINGER, &rst, sizeof(rst));
      close(c);
      close(s);
    }
    t1 = now();
    close(l);
  } else if (strcmp(w, "mmsg") == 0) {
    struct sockaddr_in rx_addr, tx_addr;
    int rx = bound(SOCK_DGRAM, &rx_addr), tx = bound(SOCK_DGRAM, &tx_addr);
    int big = 1 << 22;
    setsockopt(rx, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
    struct mmsghdr out[BATCH], in[BATCH];
    struct iovec oiov[BATCH], iiov[BATCH];
    static char ibuf[BATCH][2048];
    memset(out, 0, sizeof(out));
    memset(in, 0, sizeof(in));
    for (int j = 0; j < BATCH; j++) {
      oiov[j].iov_base = data;
      oiov[j].iov_len = MSG;
      out[j].msg_hdr.msg_name = &rx_addr;
      out[j].msg_hdr.msg_namelen = sizeof(rx_addr);
      out[j].msg_hdr.msg_iov = &oiov[j];
      out[j].msg_hdr.msg_iovlen = 1;
      iiov[j].iov_base = ibuf[j];
      iiov[j].iov_len = sizeof(ibuf[j]);
      in[j].msg_hdr.msg_iov = &iiov[j];
      in[j].msg_hdr.msg_iovlen = 1;
    }
    t0 = now();
    for (long i = 0; i < n; i++) {
      if (sendmmsg(tx, out, BATCH, 0) != BATCH) die("sendmmsg");
      if (recvmmsg(rx, in, BATCH, MSG_DONTWAIT, NULL) != BATCH) die("recvmmsg");
    }
    t1 = now();
    close(rx);
    close(tx);
  } else {
    fprintf(stderr, "bench: unknown workload %s\n", w);
    return 2;
  }
  printf("{\"ops\":%ld,\"seconds\":%.6f}\n", n, t1 - t0);
  return 0;
}
