// setsockopt(2)/getsockopt(2): option values travel as the caller's own bytes
// (an int, a struct, raw bytes), so every option the kernel knows is reachable.
#include <sys/socket.h>

#include "shim.h"

namespace bs {
namespace {

Napi::Value Setsockopt(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0), level = Int(info, 1), name = Int(info, 2);
  Bytes val = ToBytes(info, 3, true);
  socklen_t len = static_cast<socklen_t>(Length(info, 4, KernelBound(val)));
  return Result(info.Env(), ::setsockopt(fd, level, name, val.data, len));
}

Napi::Value Getsockopt(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0), level = Int(info, 1), name = Int(info, 2);
  OutPair val(info, 3, 4);  // an option value is an out-parameter pair like an address
  if (val.efault) return Efault(info.Env());
  int r = Syscall(::getsockopt(fd, level, name, val.addr, val.lenp()));
  val.Commit();
  return Napi::Number::New(info.Env(), r);
}

}  // namespace

void InitSockopt(Napi::Env env, Napi::Object exports) {
  Set(env, exports, "setsockopt", Setsockopt);
  Set(env, exports, "getsockopt", Getsockopt);
}

}  // namespace bs
