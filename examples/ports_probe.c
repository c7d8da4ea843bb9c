/*
 * ports_probe: the ephemeral-port experiment of `berkeley-sockets ports`, in C.
 * The TypeScript command and this program make the same calls in the same
 * order and print comparable lines (test/ports-cli.test.ts checks they agree).
 *
 *   ports_probe alloc K        K ports by each call, in this network namespace
 *   ports_probe exhaust LOW HIGH
 *                               in a new network namespace (unshare(2): as
 *                               root, or in a user namespace of its own),
 *                               narrow ip_local_port_range to LOW..HIGH and
 *                               run each call until the kernel refuses
 *   ports_probe timewait       rebinding a server port after close
 *   ports_probe reuseport N    N clients over two SO_REUSEPORT sockets
 *
 * One JSON object per line on stdout. Loopback only: every address is
 * 127.0.0.1, and the namespace of `exhaust` is checked for a default route
 * before anything is sent.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif
#ifndef IP_LOCAL_PORT_RANGE
#define IP_LOCAL_PORT_RANGE 51
#endif

static const char *errname(int e) {
  switch (e) {
    case 0: return "";
    case EADDRINUSE: return "EADDRINUSE";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case EAGAIN: return "EAGAIN";
    case EINVAL: return "EINVAL";
    case EMFILE: return "EMFILE";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    case ECONNREFUSED: return "ECONNREFUSED";
    case EPERM: return "EPERM";
    default: return "E?";
  }
}

static struct sockaddr_in lo4(int port) {
  struct sockaddr_in a;
  memset(&a, 0, sizeof a);
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

static int local_port(int fd) {
  struct sockaddr_in a;
  socklen_t len = sizeof a;
  if (getsockname(fd, (struct sockaddr *)&a, &len) < 0) return -1;
  return ntohs(a.sin_port);
}

/* Close without TIME_WAIT: SO_LINGER {1, 0} makes close() send RST. */
static void close_rst(int fd) {
  struct linger l = {1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  close(fd);
}

static int listener(int port, int backlog) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  struct sockaddr_in a = lo4(port);
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, backlog) < 0) {
    perror("listener");
    exit(1);
  }
  return fd;
}

/* The calls of the experiment: each makes one socket and gets it a port. */
enum call { CALL_TCP_BIND, CALL_UDP_BIND, CALL_TCP_CONNECT, CALL_TCP_BIND_CONNECT, CALL_TCP_NO_PORT_CONNECT, CALL_TCP_RANGE_BIND, CALL_TCP_RANGE_CONNECT,
            CALL_TCP_LISTEN, CALL_UDP_CONNECT };
static const char *call_name[] = {"tcp_bind", "udp_bind", "tcp_connect", "tcp_bind_connect", "tcp_no_port_connect",
                                  "tcp_range_bind", "tcp_range_connect", "tcp_listen", "udp_connect"};
static int range_lo, range_hi; /* for the IP_LOCAL_PORT_RANGE calls */

/* Returns the descriptor (its port via getsockname), or -1 with errno. */
static int get_port(enum call c, int dst_port) {
  int udp = c == CALL_UDP_BIND || c == CALL_UDP_CONNECT;
  int fd = socket(AF_INET, (udp ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  struct sockaddr_in any = lo4(0), dst = lo4(dst_port);
  int r = 0, one = 1;
  switch (c) {
    case CALL_TCP_BIND: case CALL_UDP_BIND:
      r = bind(fd, (struct sockaddr *)&any, sizeof any);
      break;
    case CALL_TCP_CONNECT: case CALL_UDP_CONNECT:
      r = connect(fd, (struct sockaddr *)&dst, sizeof dst);
      break;
    case CALL_TCP_BIND_CONNECT:
      r = bind(fd, (struct sockaddr *)&any, sizeof any);
      if (r == 0) r = connect(fd, (struct sockaddr *)&dst, sizeof dst);
      break;
    case CALL_TCP_NO_PORT_CONNECT:
      setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
      r = bind(fd, (struct sockaddr *)&any, sizeof any);
      if (r == 0) r = connect(fd, (struct sockaddr *)&dst, sizeof dst);
      break;
    case CALL_TCP_RANGE_BIND: case CALL_TCP_RANGE_CONNECT: {
      unsigned int range = (unsigned int)range_lo | (unsigned int)range_hi << 16;
      r = setsockopt(fd, IPPROTO_IP, IP_LOCAL_PORT_RANGE, &range, sizeof range);
      if (r == 0) r = c == CALL_TCP_RANGE_BIND ? bind(fd, (struct sockaddr *)&any, sizeof any)
                                          : connect(fd, (struct sockaddr *)&dst, sizeof dst);
      break;
    }
    case CALL_TCP_LISTEN:
      r = listen(fd, 1);
      break;
  }
  if (r < 0) {
    int e = errno;
    close(fd);
    errno = e;
    return -1;
  }
  return fd;
}

static int read_range(int *lo, int *hi) {
  FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "r");
  if (!f) return -1;
  int n = fscanf(f, "%d %d", lo, hi);
  fclose(f);
  return n == 2 ? 0 : -1;
}

/* K ports by one call, held open together so the kernel must hand out distinct ones. */
static void alloc_one(enum call c, int k, int dst_port, int lo, int hi) {
  int *fds = calloc(k, sizeof *fds), n = 0, err = 0;
  int odd = 0, even = 0, min = 65536, max = -1, in_range = 0;
  static unsigned char seen[65536];
  memset(seen, 0, sizeof seen);
  int dup = 0;
  for (; n < k; n++) {
    fds[n] = get_port(c, dst_port);
    if (fds[n] < 0) { err = errno; break; }
    int p = local_port(fds[n]);
    if (p & 1) odd++; else even++;
    if (p < min) min = p;
    if (p > max) max = p;
    if (p >= lo && p <= hi) in_range++;
    if (seen[p]++) dup++;
  }
  printf("{\"exp\":\"alloc\",\"call\":\"%s\",\"count\":%d,\"odd\":%d,\"even\":%d,\"min\":%d,\"max\":%d,"
         "\"in_range\":%d,\"dup\":%d,\"errno\":\"%s\",\"range\":[%d,%d]}\n",
         call_name[c], n, odd, even, n ? min : 0, n ? max : 0, in_range, dup, errname(err), lo, hi);
  for (int i = 0; i < n; i++) close_rst(fds[i]);
  free(fds);
}

static void alloc(int k) {
  int lo, hi;
  if (read_range(&lo, &hi) < 0) { perror("ip_local_port_range"); exit(1); }
  int srv = listener(0, 4096), dst = local_port(srv);
  alloc_one(CALL_TCP_BIND, k, dst, lo, hi);
  alloc_one(CALL_UDP_BIND, k, dst, lo, hi);
  alloc_one(CALL_TCP_CONNECT, k, dst, lo, hi);
  alloc_one(CALL_TCP_BIND_CONNECT, k, dst, lo, hi);
  alloc_one(CALL_TCP_NO_PORT_CONNECT, k, dst, lo, hi);
  /* A per-socket range inside the system one: its first 4K ports, so bind(0)
     can have K of its preferred parity even with others in use. */
  range_lo = lo;
  range_hi = lo + 4 * k - 1 < hi ? lo + 4 * k - 1 : hi;
  alloc_one(CALL_TCP_RANGE_BIND, k, dst, range_lo, range_hi);
  alloc_one(CALL_TCP_RANGE_CONNECT, k, dst, range_lo, range_hi);
  close(srv);
}

/*
 * Refuse to send anything in a namespace that could reach past this machine:
 * it must have no interface but lo (/proc/net/dev), no IPv4 default route,
 * and no IPv6 default route but the kernel's unreachable one (RTF_REJECT).
 */
static int has_route_out(void) {
  FILE *f = fopen("/proc/net/dev", "r");
  char line[512];
  int found = 0, n = 0;
  if (!f) return 1;
  while (fgets(line, sizeof line, f)) {
    char name[64];
    if (++n > 2 && sscanf(line, " %63[^:]:", name) == 1 && strcmp(name, "lo") != 0) found = 1;
  }
  fclose(f);
  f = fopen("/proc/net/route", "r");
  if (!f) return 1;
  while (fgets(line, sizeof line, f)) {
    char ifname[64];
    unsigned dest;
    if (sscanf(line, "%63s %x", ifname, &dest) == 2 && dest == 0 && strcmp(ifname, "lo") != 0) found = 1;
  }
  fclose(f);
  f = fopen("/proc/net/ipv6_route", "r");
  if (!f) return 1;
  while (fgets(line, sizeof line, f)) {
    char dst[40], dev[64];
    unsigned plen, flags;
    if (sscanf(line, "%39s %x %*s %*s %*s %*s %*s %*s %x %63s", dst, &plen, &flags, dev) == 4 && plen == 0 &&
        !(flags & 0x200) && strcmp(dev, "lo") != 0)
      found = 1;
  }
  fclose(f);
  return found;
}

static void exhaust_one(enum call c, int dst_port, int limit, int lo, int hi) {
  int *fds = calloc(limit, sizeof *fds), n = 0, err = 0;
  for (; n < limit; n++) {
    fds[n] = get_port(c, dst_port);
    if (fds[n] < 0) { err = errno; break; }
  }
  printf("{\"exp\":\"exhaust\",\"call\":\"%s\",\"range\":[%d,%d],\"ok\":%d,\"errno\":\"%s\"}\n", call_name[c], lo, hi, n,
         errname(err));
  for (int i = 0; i < n; i++) close_rst(fds[i]);
  free(fds);
}

static int write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  int ok = fputs(text, f) >= 0;
  return fclose(f) == 0 && ok ? 0 : -1;
}

/*
 * A network namespace of our own: unshare(CLONE_NEWNET) as root, or, where
 * that is refused, inside a new user namespace that maps us to its root
 * (as `unshare -rn` does), which owns the new network namespace.
 */
static int own_netns(void) {
  if (unshare(CLONE_NEWNET) == 0) return 0;
  uid_t uid = getuid();
  gid_t gid = getgid();
  if (unshare(CLONE_NEWUSER | CLONE_NEWNET) < 0) return -1;
  char map[64];
  write_file("/proc/self/setgroups", "deny");
  snprintf(map, sizeof map, "0 %u 1\n", (unsigned)uid);
  if (write_file("/proc/self/uid_map", map) < 0) return -1;
  snprintf(map, sizeof map, "0 %u 1\n", (unsigned)gid);
  return write_file("/proc/self/gid_map", map);
}

static void exhaust(int lo, int hi) {
  if (own_netns() < 0) {
    printf("{\"exp\":\"exhaust\",\"skipped\":\"unshare: %s\"}\n", strerror(errno));
    return;
  }
  if (has_route_out()) {
    printf("{\"exp\":\"exhaust\",\"skipped\":\"the new namespace has a route out\"}\n");
    return;
  }
  /* Bring lo up (SIOCSIFFLAGS), as `ip link set lo up` does. */
  int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  strcpy(ifr.ifr_name, "lo");
  if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0 || (ifr.ifr_flags |= IFF_UP, ioctl(s, SIOCSIFFLAGS, &ifr) < 0)) {
    perror("lo up");
    exit(1);
  }
  close(s);
  FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "w");
  if (!f || fprintf(f, "%d %d\n", lo, hi) < 0 || fclose(f) != 0) {
    perror("ip_local_port_range");
    exit(1);
  }
  int limit = (hi - lo + 1) * 2 + 8;
  /* The listener's port is outside the range, so it does not use one up. */
  int srv = listener(hi + 1, 64), dst = hi + 1;
  exhaust_one(CALL_TCP_BIND, dst, limit, lo, hi);
  exhaust_one(CALL_TCP_LISTEN, dst, limit, lo, hi);
  exhaust_one(CALL_UDP_BIND, dst, limit, lo, hi);
  exhaust_one(CALL_UDP_CONNECT, dst, limit, lo, hi);
  exhaust_one(CALL_TCP_CONNECT, dst, limit, lo, hi);
  close(srv);
}

static int tcp_state(int fd) {
  struct tcp_info ti;
  socklen_t len = sizeof ti;
  memset(&ti, 0, sizeof ti);
  if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0) return -1;
  return ti.tcpi_state;
}

static const char *state_name(int s) {
  static const char *names[] = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2", "TIME_WAIT",
                                "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};
  return s >= 0 && s <= 11 ? names[s] : "?";
}

/* TIME_WAIT entries on a local port, from /proc/net/tcp (state 06). */
static int time_wait_count(int port) {
  FILE *f = fopen("/proc/net/tcp", "r");
  char line[512];
  int n = 0;
  if (!f) return -1;
  while (fgets(line, sizeof line, f)) {
    unsigned lport, st;
    if (sscanf(line, " %*d: %*x:%x %*x:%*x %x", &lport, &st) == 2 && (int)lport == port && st == 6) n++;
  }
  fclose(f);
  return n;
}

/*
 * A server on 127.0.0.1:P accepts one client and closes first (the active
 * close, which leaves TIME_WAIT on P), or with SO_LINGER {1, 0} (RST, no
 * TIME_WAIT). Then a new socket binds P with or without SO_REUSEADDR.
 */
static void timewait_case(const char *name, int reuse_before, int rst, int reuse_after) {
  int one = 1;
  int srv = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (reuse_before) setsockopt(srv, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  struct sockaddr_in a = lo4(0);
  bind(srv, (struct sockaddr *)&a, sizeof a);
  listen(srv, 1);
  int port = local_port(srv);
  int cli = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  a = lo4(port);
  connect(cli, (struct sockaddr *)&a, sizeof a);
  int acc = accept4(srv, NULL, NULL, SOCK_CLOEXEC);
  int before = tcp_state(cli);
  if (rst) close_rst(acc); else close(acc);
  usleep(10000);
  int peer = tcp_state(cli); /* the client sees FIN (CLOSE_WAIT) or RST (CLOSE) */
  close(cli);
  close(srv);
  usleep(10000);
  int tw = time_wait_count(port);
  int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (reuse_after) setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  a = lo4(port);
  int r = bind(s, (struct sockaddr *)&a, sizeof a);
  int e = r < 0 ? errno : 0;
  printf("{\"exp\":\"time_wait\",\"case\":\"%s\",\"before\":\"%s\",\"peer\":\"%s\",\"time_wait\":%d,\"bind\":%d,"
         "\"errno\":\"%s\"}\n",
         name, state_name(before), state_name(peer), tw, r, errname(e));
  close(s);
}

static void timewait(void) {
  timewait_case("close", 0, 0, 0);
  timewait_case("close_reuseaddr_after", 0, 0, 1);
  timewait_case("reuseaddr_close_reuseaddr", 1, 0, 1);
  timewait_case("linger_rst", 0, 1, 0);
}

/* Two sockets with SO_REUSEPORT on one port; n clients; who gets what. */
static void reuseport(int n) {
  int one = 1;
  for (int tcp = 0; tcp <= 1; tcp++) {
    int type = (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC | SOCK_NONBLOCK;
    int s[2], port = 0;
    for (int i = 0; i < 2; i++) {
      s[i] = socket(AF_INET, type, 0);
      setsockopt(s[i], SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
      struct sockaddr_in a = lo4(port);
      if (bind(s[i], (struct sockaddr *)&a, sizeof a) < 0) { perror("bind reuseport"); exit(1); }
      if (tcp) listen(s[i], n);
      port = local_port(s[i]);
    }
    /* A third socket without SO_REUSEPORT is refused. */
    int third = socket(AF_INET, type, 0);
    struct sockaddr_in a = lo4(port);
    int r = bind(third, (struct sockaddr *)&a, sizeof a);
    int e = r < 0 ? errno : 0;
    close(third);
    int got[2] = {0, 0};
    for (int i = 0; i < n; i++) {
      int c = socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
      if (tcp) {
        connect(c, (struct sockaddr *)&a, sizeof a);
      } else {
        sendto(c, "x", 1, 0, (struct sockaddr *)&a, sizeof a);
      }
      for (int j = 0; j < 2; j++) {
        char buf[8];
        int fd = tcp ? accept4(s[j], NULL, NULL, SOCK_CLOEXEC) : (int)recv(s[j], buf, sizeof buf, 0);
        if (fd >= 0) {
          got[j]++;
          if (tcp) close_rst(fd);
        }
      }
      close_rst(c);
    }
    printf("{\"exp\":\"reuseport\",\"proto\":\"%s\",\"n\":%d,\"split\":[%d,%d],\"third_bind\":%d,\"errno\":\"%s\"}\n",
           tcp ? "tcp" : "udp", n, got[0], got[1], r, errname(e));
    close(s[0]);
    close(s[1]);
  }
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc >= 3 && strcmp(argv[1], "alloc") == 0) alloc(atoi(argv[2]));
  else if (argc >= 4 && strcmp(argv[1], "exhaust") == 0) exhaust(atoi(argv[2]), atoi(argv[3]));
  else if (argc >= 2 && strcmp(argv[1], "timewait") == 0) timewait();
  else if (argc >= 3 && strcmp(argv[1], "reuseport") == 0) reuseport(atoi(argv[2]));
  else {
    fprintf(stderr, "usage: ports_probe alloc K | exhaust LOW HIGH | timewait | reuseport N\n");
    return 2;
  }
  return 0;
}
