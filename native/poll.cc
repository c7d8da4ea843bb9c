// Multiplexing: select(2), poll(2), epoll_create1(2), epoll_ctl(2),
// epoll_wait(2). Each shim is one system call; these block like C (the
// promises entry point calls them with a zero timeout instead).
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/time.h>

#include <cstring>

#include "shim.h"

namespace bs {
namespace {

// An optional fd_set argument: at least sizeof(fd_set) bytes, else the kernel
// would read and write past it.
Bytes FdSet(const Napi::CallbackInfo& info, size_t i) {
  Bytes b = ToBytes(info, i, true);
  if (!b.null && b.len < sizeof(fd_set)) ThrowRange(info.Env(), "argument " + std::to_string(i) + " is smaller than fd_set");
  return b;
}

// select(nfds, readfds, writefds, exceptfds, timeout). The sets and the
// timeval are copied in and out, so JS memory of any alignment works; the
// remaining time is written back as Linux does.
Napi::Value Select(const Napi::CallbackInfo& info) {
  int nfds = Int(info, 0);
  if (nfds > FD_SETSIZE) ThrowRange(info.Env(), "nfds exceeds FD_SETSIZE");
  Bytes sets[3] = {FdSet(info, 1), FdSet(info, 2), FdSet(info, 3)};
  Bytes tv = ToBytes(info, 4, true);
  if (!tv.null && tv.len < sizeof(timeval)) ThrowRange(info.Env(), "timeout is smaller than struct timeval");
  fd_set local[3];
  fd_set* ptrs[3];
  for (int k = 0; k < 3; k++) {
    ptrs[k] = sets[k].null ? nullptr : &local[k];
    if (ptrs[k]) memcpy(&local[k], sets[k].data, sizeof(fd_set));
  }
  timeval t;
  if (!tv.null) memcpy(&t, tv.data, sizeof t);
  int r = Syscall(::select(nfds, ptrs[0], ptrs[1], ptrs[2], tv.null ? nullptr : &t));
  if (r >= 0) {
    for (int k = 0; k < 3; k++)
      if (ptrs[k]) memcpy(sets[k].data, &local[k], sizeof(fd_set));
  }
  if (!tv.null) memcpy(tv.data, &t, sizeof t);
  return Napi::Number::New(info.Env(), r);
}

// poll(fds, nfds, timeout): fds is the packed pollfd array, nfds entries of it.
Napi::Value Poll(const Napi::CallbackInfo& info) {
  Bytes fds = ToBytes(info, 0, true);
  double n = info[1].IsNumber() ? info[1].As<Napi::Number>().DoubleValue() : -1;
  if (!(n >= 0) || n * sizeof(pollfd) > fds.len) ThrowRange(info.Env(), "nfds exceeds the pollfd array");
  int timeout = Int(info, 2);
  if (reinterpret_cast<uintptr_t>(fds.data) % alignof(pollfd) != 0) ThrowType(info.Env(), "fds is not aligned for struct pollfd");
  return Result(info.Env(), ::poll(reinterpret_cast<pollfd*>(fds.data), static_cast<nfds_t>(n), timeout));
}

// epoll_create1(flags): always close-on-exec (MIRROR §6).
Napi::Value EpollCreate1(const Napi::CallbackInfo& info) {
  return Result(info.Env(), ::epoll_create1(Int(info, 0) | EPOLL_CLOEXEC));
}

// epoll_ctl(epfd, op, fd, event): event may be null (EPOLL_CTL_DEL).
Napi::Value EpollCtl(const Napi::CallbackInfo& info) {
  int epfd = Int(info, 0), op = Int(info, 1), fd = Int(info, 2);
  Bytes ev = ToBytes(info, 3, true);
  if (!ev.null && ev.len < sizeof(epoll_event)) ThrowRange(info.Env(), "event is smaller than struct epoll_event");
  epoll_event local;
  if (!ev.null) memcpy(&local, ev.data, sizeof local);
  return Result(info.Env(), ::epoll_ctl(epfd, op, fd, ev.null ? nullptr : &local));
}

// epoll_wait(epfd, events, maxevents, timeout): events is the packed array.
// epoll_event is packed on x86-64, so any alignment is fine there; elsewhere
// the kernel writes through copy_to_user, which does not care either.
Napi::Value EpollWait(const Napi::CallbackInfo& info) {
  int epfd = Int(info, 0);
  Bytes evs = ToBytes(info, 1, true);
  int maxevents = Int(info, 2);
  if (maxevents > 0 && static_cast<size_t>(maxevents) * sizeof(epoll_event) > evs.len)
    ThrowRange(info.Env(), "maxevents exceeds the epoll_event array");
  int timeout = Int(info, 3);
  return Result(info.Env(), ::epoll_wait(epfd, reinterpret_cast<epoll_event*>(evs.data), maxevents, timeout));
}

}  // namespace

void InitPoll(Napi::Env env, Napi::Object exports) {
  Set(env, exports, "select", Select);
  Set(env, exports, "poll", Poll);
  Set(env, exports, "epoll_create1", EpollCreate1);
  Set(env, exports, "epoll_ctl", EpollCtl);
  Set(env, exports, "epoll_wait", EpollWait);
}

}  // namespace bs
