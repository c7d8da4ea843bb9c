/* Test client for the echo servers: connects to 127.0.0.1:<port>, sends
 * <count> lines tagged with <id>, checks each echo, prints "ok <id>".
 * Usage: echo_client <port> <id> <count> */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: echo_client port id count\n"); return 2; }
  int port = atoi(argv[1]), count = atoi(argv[3]);
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in addr;
  memset(&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) { perror("connect"); return 1; }
  char line[128], back[128];
  for (int i = 0; i < count; i++) {
    int n = snprintf(line, sizeof line, "client %s line %d\n", argv[2], i);
    if (write(fd, line, n) != n) { perror("write"); return 1; }
    int got = 0;
    while (got < n) {
      ssize_t r = read(fd, back + got, n - got);
      if (r <= 0) { fprintf(stderr, "read: %s\n", r == 0 ? "eof" : "error"); return 1; }
      got += r;
    }
    if (memcmp(line, back, n) != 0) { fprintf(stderr, "mismatch\n"); return 1; }
  }
  close(fd);
  printf("ok %s\n", argv[2]);
  return 0;
}
