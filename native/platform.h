// The platform header: every system header whose constants and structs the
// addon exposes, in one place, so the #ifdef logic lives here and in the
// constants table only.
#pragma once
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/un.h>
// The kernel's uapi headers carry options newer than glibc's copies
// (IP_LOCAL_PORT_RANGE, ...); glibc's libc-compat guards make them safe to add.
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/sockios.h>
