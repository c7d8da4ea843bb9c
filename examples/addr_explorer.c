/* addr_explorer.c: names, addresses and ports, explored with the calls that
 * handle them: getaddrinfo, inet_pton/inet_ntop, bind to port 0 and
 * getsockname, a second bind to a taken port (EADDRINUSE), and what
 * SO_REUSEADDR changes. Everything stays on 127.0.0.1.
 * Usage: addr_explorer [HOST [SERVICE]]   (default: localhost 8080)
 * addr_explorer.ts is the same program in TypeScript. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *family_name(int family) {
  switch (family) {
    case AF_INET: return "AF_INET";
    case AF_INET6: return "AF_INET6";
    case AF_UNIX: return "AF_UNIX";
    default: return "AF_?";
  }
}

static const char *socktype_name(int socktype) {
  switch (socktype) {
    case SOCK_STREAM: return "SOCK_STREAM";
    case SOCK_DGRAM: return "SOCK_DGRAM";
    case SOCK_RAW: return "SOCK_RAW";
    default: return "SOCK_?";
  }
}

static const char *errno_name(int e) {
  switch (e) {
    case EADDRINUSE: return "EADDRINUSE";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case ENOSPC: return "ENOSPC";
    case EINVAL: return "EINVAL";
    default: return "E?";
  }
}

/* Prints "what = r", or "what = -1 ENAME (message)" when the call failed. */
static void report(const char *what, int r) {
  if (r < 0) printf("  %s = -1 %s (%s)\n", what, errno_name(errno), strerror(errno));
  else printf("  %s = %d\n", what, r);
}

/* bind(fd, 127.0.0.1:port). */
static int bind_loopback(int fd, int port) {
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return bind(fd, (struct sockaddr *)&addr, sizeof(addr));
}

/* The port a socket is bound to, from getsockname. */
static int local_port(int fd) {
  struct sockaddr_in addr;
  socklen_t addrlen = sizeof(addr);
  if (getsockname(fd, (struct sockaddr *)&addr, &addrlen) < 0) { perror("getsockname"); exit(1); }
  return ntohs(addr.sin_port);
}

static int tcp_socket(int reuseaddr) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) { perror("socket"); exit(1); }
  if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuseaddr, sizeof(reuseaddr)) < 0) { perror("setsockopt"); exit(1); }
  return fd;
}

static void explore_getaddrinfo(const char *host, const char *service) {
  printf("== getaddrinfo(\"%s\", \"%s\")\n", host, service);
  struct addrinfo hints, *res;
  memset(&hints, 0, sizeof(hints));
  hints.ai_family = AF_UNSPEC; /* IPv4 and IPv6 */
  hints.ai_socktype = 0;       /* every socket type */
  int rc = getaddrinfo(host, service, &hints, &res);
  if (rc != 0) { printf("  getaddrinfo: %s\n", gai_strerror(rc)); return; }
  for (struct addrinfo *ai = res; ai != NULL; ai = ai->ai_next) {
    char text[INET6_ADDRSTRLEN];
    int port;
    if (ai->ai_family == AF_INET) {
      struct sockaddr_in *sin = (struct sockaddr_in *)ai->ai_addr;
      inet_ntop(AF_INET, &sin->sin_addr, text, sizeof(text));
      port = ntohs(sin->sin_port);
    } else if (ai->ai_family == AF_INET6) {
      struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ai->ai_addr;
      inet_ntop(AF_INET6, &sin6->sin6_addr, text, sizeof(text));
      port = ntohs(sin6->sin6_port);
    } else {
      strcpy(text, "?");
      port = 0;
    }
    printf("  %s %s protocol %d addrlen %u: %s port %d\n", family_name(ai->ai_family), socktype_name(ai->ai_socktype),
           ai->ai_protocol, (unsigned)ai->ai_addrlen, text, port);
  }
  freeaddrinfo(res);
}

static void round_trip(int af, const char *src) {
  unsigned char bytes[sizeof(struct in6_addr)];
  memset(bytes, 0, sizeof(bytes));
  int r = inet_pton(af, src, bytes);
  printf("  inet_pton(%s, \"%s\") = %d", family_name(af), src, r);
  if (r == 1) {
    char text[INET6_ADDRSTRLEN];
    int size = af == AF_INET ? 4 : 16;
    printf(":");
    for (int i = 0; i < size; i++) printf(" %02x", bytes[i]);
    const char *back = inet_ntop(af, bytes, text, sizeof(text));
    printf(" -> inet_ntop \"%s\"", back);
  } else if (r < 0) {
    printf(" %s (%s)", errno_name(errno), strerror(errno));
  }
  printf("\n");
}

static void explore_text(void) {
  printf("== inet_pton / inet_ntop\n");
  round_trip(AF_INET, "127.0.0.1");
  round_trip(AF_INET, "127.1");        /* inet_pton wants all four parts */
  round_trip(AF_INET, "127.0.0.256");
  round_trip(AF_INET6, "::1");
  round_trip(AF_INET6, "0:0:0:0:0:0:0:1"); /* comes back in its shortest form */
  round_trip(AF_INET6, "::ffff:127.0.0.1");
  round_trip(AF_UNIX, "127.0.0.1");

  struct in_addr a;
  int r = inet_aton("127.1", &a); /* the old parser fills in the missing parts */
  printf("  inet_aton(\"127.1\") = %d: %s\n", r, inet_ntoa(a));

  struct in6_addr a6;
  inet_pton(AF_INET6, "::ffff:127.0.0.1", &a6);
  char small[8];
  const char *text = inet_ntop(AF_INET6, &a6, small, sizeof(small));
  if (text == NULL) printf("  inet_ntop into %zu bytes = NULL %s (%s)\n", sizeof(small), errno_name(errno), strerror(errno));
}

static void explore_bind(void) {
  printf("== bind to port 0, then the same port again\n");
  int first = tcp_socket(0);
  report("bind(first, 127.0.0.1:0)", bind_loopback(first, 0));
  int port = local_port(first);
  printf("  getsockname(first): 127.0.0.1:%d\n", port);
  int second = tcp_socket(0);
  report("bind(second, same port)", bind_loopback(second, port));
  close(second);
  close(first);
}

static void explore_reuseaddr(void) {
  printf("== SO_REUSEADDR and a connection in TIME_WAIT\n");
  int listener = tcp_socket(1);
  report("bind(listener, 127.0.0.1:0) with SO_REUSEADDR", bind_loopback(listener, 0));
  int port = local_port(listener);
  report("listen(listener)", listen(listener, 1));
  int client = tcp_socket(0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof(addr));
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  report("connect(client)", connect(client, (struct sockaddr *)&addr, sizeof(addr)));
  int conn = accept(listener, NULL, NULL);
  if (conn < 0) { perror("accept"); exit(1); }
  close(conn); /* the server side closes first: its end waits in TIME_WAIT */
  close(client);
  close(listener);

  int plain = tcp_socket(0);
  report("bind(new socket, same port) without SO_REUSEADDR", bind_loopback(plain, port));
  close(plain);
  int reuse = tcp_socket(1);
  report("bind(new socket, same port) with SO_REUSEADDR", bind_loopback(reuse, port));
  close(reuse);

  printf("== SO_REUSEADDR on two sockets, one port\n");
  int a = tcp_socket(1);
  report("bind(a, 127.0.0.1:0)", bind_loopback(a, 0));
  int b = tcp_socket(1);
  report("bind(b, a's port)", bind_loopback(b, local_port(a)));
  report("listen(a)", listen(a, 1));
  report("listen(b)", listen(b, 1));
  close(b);
  close(a);
}

int main(int argc, char *argv[]) {
  const char *host = argc > 1 ? argv[1] : "localhost";
  const char *service = argc > 2 ? argv[2] : "8080";
  setvbuf(stdout, NULL, _IOLBF, 0); /* one line at a time, even into a pipe */
  explore_getaddrinfo(host, service);
  explore_text();
  explore_bind();
  explore_reuseaddr();
  return 0;
}
