// read(2)/write(2)/send(2)/recv(2) family. Socket writes carry MSG_NOSIGNAL so a
// vanished peer is -1/EPIPE, never a SIGPIPE death (Node's SIG_IGN is lost once
// a program adds and removes a SIGPIPE listener).
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "shim.h"

namespace bs {
namespace {

// write(2) on something that is not a socket (a pipe, a file): SIGPIPE is
// blocked around the call and a SIGPIPE it raised is consumed, so EPIPE is an
// errno here too. Returns the count or -errno.
ssize_t WriteNoSigpipe(int fd, const void* buf, size_t len) {
  sigset_t pipe, old, pending;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, &old);
  sigpending(&pending);
  bool was_pending = sigismember(&pending, SIGPIPE);
  ssize_t r = Syscall(::write(fd, buf, len));
  if (r == -EPIPE && !was_pending) {
    timespec zero = {0, 0};
    sigtimedwait(&pipe, nullptr, &zero);
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return r;
}

Napi::Value Read(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  Bytes buf = ToBytes(info, 1, true);
  size_t len = Length(info, 2, KernelBound(buf));
  return Result(info.Env(), ::read(fd, buf.data, len));
}

Napi::Value Write(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  Bytes buf = ToBytes(info, 1, true);
  size_t len = Length(info, 2, KernelBound(buf));
  ssize_t r = Syscall(::send(fd, buf.data, len, MSG_NOSIGNAL));
  if (r == -ENOTSOCK) r = WriteNoSigpipe(fd, buf.data, len);
  return Napi::Number::New(info.Env(), static_cast<double>(r));
}

Napi::Value Recv(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  Bytes buf = ToBytes(info, 1, true);
  size_t len = Length(info, 2, KernelBound(buf));
  int flags = Int(info, 3);
  return Result(info.Env(), ::recv(fd, buf.data, len, flags));
}

Napi::Value Send(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  Bytes buf = ToBytes(info, 1, true);
  size_t len = Length(info, 2, KernelBound(buf));
  int flags = Int(info, 3);
  return Result(info.Env(), ::send(fd, buf.data, len, flags | MSG_NOSIGNAL));
}

Napi::Value Sendto(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  Bytes buf = ToBytes(info, 1, true);
  size_t len = Length(info, 2, KernelBound(buf));
  int flags = Int(info, 3);
  Bytes addr = ToBytes(info, 4, true);
  socklen_t addrlen = static_cast<socklen_t>(Length(info, 5, KernelBound(addr)));
  return Result(info.Env(), ::sendto(fd, buf.data, len, flags | MSG_NOSIGNAL,
                                     reinterpret_cast<sockaddr*>(addr.data), addrlen));
}

Napi::Value Recvfrom(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  Bytes buf = ToBytes(info, 1, true);
  size_t len = Length(info, 2, KernelBound(buf));
  int flags = Int(info, 3);
  OutPair from(info, 4, 5);
  if (from.efault) return Efault(info.Env());
  ssize_t r = Syscall(::recvfrom(fd, buf.data, len, flags, from.sa(), from.lenp()));
  from.Commit();
  return Napi::Number::New(info.Env(), static_cast<double>(r));
}

}  // namespace

void InitIo(Napi::Env env, Napi::Object exports) {
  Set(env, exports, "read", Read);
  Set(env, exports, "write", Write);
  Set(env, exports, "recv", Recv);
  Set(env, exports, "send", Send);
  Set(env, exports, "sendto", Sendto);
  Set(env, exports, "recvfrom", Recvfrom);
}

}  // namespace bs
