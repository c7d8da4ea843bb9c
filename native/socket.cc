// socket(2) family: creating, naming, connecting and closing descriptors.
// Every new descriptor is close-on-exec (MIRROR §6), as in Python and libuv.
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/sockios.h>

#include "shim.h"

namespace bs {
namespace {

Napi::Value Socket(const Napi::CallbackInfo& info) {
  int domain = Int(info, 0), type = Int(info, 1), protocol = Int(info, 2);
  return Result(info.Env(), ::socket(domain, type | SOCK_CLOEXEC, protocol));
}

Napi::Value Socketpair(const Napi::CallbackInfo& info) {
  int domain = Int(info, 0), type = Int(info, 1), protocol = Int(info, 2);
  Bytes sv = ToBytes(info, 3, false);
  if (sv.len < 2 * sizeof(int) || reinterpret_cast<uintptr_t>(sv.data) % alignof(int) != 0)
    ThrowType(info.Env(), "sv must be an Int32Array of length 2");
  return Result(info.Env(), ::socketpair(domain, type | SOCK_CLOEXEC, protocol, reinterpret_cast<int*>(sv.data)));
}

Napi::Value Bind(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  Bytes addr = ToBytes(info, 1, true);
  socklen_t len = static_cast<socklen_t>(Length(info, 2, KernelBound(addr)));
  return Result(info.Env(), ::bind(fd, reinterpret_cast<sockaddr*>(addr.data), len));
}

Napi::Value Connect(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  Bytes addr = ToBytes(info, 1, true);
  socklen_t len = static_cast<socklen_t>(Length(info, 2, KernelBound(addr)));
  return Result(info.Env(), ::connect(fd, reinterpret_cast<sockaddr*>(addr.data), len));
}

Napi::Value Listen(const Napi::CallbackInfo& info) {
  return Result(info.Env(), ::listen(Int(info, 0), Int(info, 1)));
}

// accept(fd, addr, addrlen) and accept4(fd, addr, addrlen, flags): both are
// accept4(2) underneath (close-on-exec), but each is its own function, so a
// trace names the call the program made.
template <bool kFlags>
Napi::Value Accept(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  OutPair out(info, 1, 2);
  int flags = kFlags ? Int(info, 3) : 0;
  if (out.efault) return Efault(info.Env());
  int r = Syscall(::accept4(fd, out.sa(), out.lenp(), flags | SOCK_CLOEXEC));
  out.Commit();
  return Napi::Number::New(info.Env(), r);
}

Napi::Value Shutdown(const Napi::CallbackInfo& info) {
  return Result(info.Env(), ::shutdown(Int(info, 0), Int(info, 1)));
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  return Result(info.Env(), ::close(Int(info, 0)));
}

template <int (*Call)(int, sockaddr*, socklen_t*)>
Napi::Value SockName(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  OutPair out(info, 1, 2);
  if (out.efault) return Efault(info.Env());
  int r = Syscall(Call(fd, out.sa(), out.lenp()));
  out.Commit();
  return Napi::Number::New(info.Env(), r);
}

// fcntl with an int argument only (F_GETFL/F_SETFL/F_GETFD/F_SETFD/F_DUPFD...):
// commands taking a pointer are refused, since no pointer comes from JS.
Napi::Value Fcntl(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0), cmd = Int(info, 1);
  long arg = Int(info, 2);
  switch (cmd) {
    case F_GETFL: case F_SETFL: case F_GETFD: case F_SETFD:
    case F_DUPFD: case F_DUPFD_CLOEXEC: case F_GETOWN: case F_SETOWN:
      return Result(info.Env(), ::fcntl(fd, cmd, arg));
    default:
      return Napi::Number::New(info.Env(), -EINVAL);
  }
}

// ioctl for the requests whose argument is an int: the int is read from and
// written back to a 4-byte view.
Napi::Value IoctlInt(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  unsigned long req = Uint(info, 1);
  Bytes arg = ToBytes(info, 2, false);
  if (arg.len < sizeof(int)) ThrowRange(info.Env(), "ioctl argument must hold an int");
  switch (req) {
    case FIONREAD: case SIOCOUTQ: case FIONBIO: case SIOCATMARK: case SIOCOUTQNSD: {
      int v;
      memcpy(&v, arg.data, sizeof v);
      int r = Syscall(::ioctl(fd, req, &v));
      if (r >= 0) memcpy(arg.data, &v, sizeof v);
      return Napi::Number::New(info.Env(), r);
    }
    default:
      return Napi::Number::New(info.Env(), -ENOTTY);
  }
}

}  // namespace

void InitSocket(Napi::Env env, Napi::Object exports) {
  Set(env, exports, "socket", Socket);
  Set(env, exports, "socketpair", Socketpair);
  Set(env, exports, "bind", Bind);
  Set(env, exports, "connect", Connect);
  Set(env, exports, "listen", Listen);
  Set(env, exports, "accept", Accept<false>);
  Set(env, exports, "accept4", Accept<true>);
  Set(env, exports, "shutdown", Shutdown);
  Set(env, exports, "close", Close);
  Set(env, exports, "getsockname", SockName<::getsockname>);
  Set(env, exports, "getpeername", SockName<::getpeername>);
  Set(env, exports, "fcntl", Fcntl);
  Set(env, exports, "ioctl_int", IoctlInt);
}

}  // namespace bs
