// sendmsg(2)/recvmsg(2)/sendmmsg(2)/recvmmsg(2). JS hands over the parts of
// struct msghdrs (name bytes, iovec bases and lengths, control bytes); the shim
// builds the real msghdr and iovec array over that same memory (no payload is
// copied) after checking every length against the memory it describes, then
// makes the one system call. recvmsg writes msg_namelen, msg_controllen and
// msg_flags back through an out array, as the kernel writes them in C.
// Descriptors received with SCM_RIGHTS are close-on-exec (MSG_CMSG_CLOEXEC),
// like every descriptor the package creates.
#include <limits.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "shim.h"

#ifndef IOV_MAX
#define IOV_MAX UIO_MAXIOV
#endif

namespace bs {
namespace {

// A length from a double: a number in [0, limit].
template <typename Name>
size_t LenFrom(Napi::Env env, double d, size_t limit, const Name& name) {
  if (!(d >= 0) || d > static_cast<double>(limit)) ThrowRange(env, NameOf(name) + " exceeds the memory it describes");
  return static_cast<size_t>(d);
}

// Messages travel in a flat form, one pair [views, nums] for any number of
// them: per message, views holds msg_name, msg_control, then each iov_base;
// nums (a Float64Array) holds msg_namelen, msg_controllen, msg_iovlen, then
// each iov_len. A batch of 32 datagrams is then two arrays, not 32 x 9 values.
struct Flat {
  std::vector<Napi::Value> views;
  const double* nums = nullptr;
  size_t count = 0;
};

// Every JS value is fetched first: reading an array element can run JS (an
// accessor) that detaches or resizes a buffer, so no pointer is taken until
// every value is in hand; after that no JS runs until the call.
Flat Fetch(Napi::Env env, Napi::Value msgs) {
  if (!msgs.IsArray()) ThrowType(env, "msgs must be an array [views, nums]");
  Napi::Array pair = msgs.As<Napi::Array>();
  Napi::Value views = pair.Get(0u), nums = pair.Get(1u);
  if (!views.IsArray()) ThrowType(env, "msgs[0] must be an array of views");
  Napi::Array va = views.As<Napi::Array>();
  Flat f;
  uint32_t n = va.Length();
  f.views.reserve(n);
  for (uint32_t i = 0; i < n; i++) f.views.push_back(va.Get(i));
  napi_typedarray_type type;
  size_t count;
  void* data;
  bool is = false;
  napi_is_typedarray(env, nums, &is);
  if (!is || napi_get_typedarray_info(env, nums, &type, &count, &data, nullptr, nullptr) != napi_ok || type != napi_float64_array)
    ThrowType(env, "msgs[1] must be a Float64Array");
  f.nums = static_cast<const double*>(data);
  f.count = data == nullptr ? 0 : count;  // detached: empty
  return f;
}

// Walks the flat form, one message at a time; each index is checked before use
// and each number read once (the memory may be shared with another thread).
// The iovecs of every message live in the walker, which must outlive the call.
class Walker {
 public:
  // Every iovec has a view, so the views bound them: no reallocation moves an
  // msg_iov already handed out.
  Walker(Napi::Env env, const Flat& f) : env_(env), f_(f) { iov_.reserve(f.views.size()); }

  // Fills m (and its iovecs) with the next message; no JS runs.
  void Next(msghdr* m) {
    if (num_ + 3 > f_.count || view_ + 2 > f_.views.size()) ThrowRange(env_, "the messages end before vlen");
    double namelen = f_.nums[num_], controllen = f_.nums[num_ + 1], iovlen_d = f_.nums[num_ + 2];
    num_ += 3;
    Bytes name = ToBytes(env_, f_.views[view_], "msg_name", true);
    Bytes control = ToBytes(env_, f_.views[view_ + 1], "msg_control", true);
    view_ += 2;
    size_t room = std::min(f_.count - num_, f_.views.size() - view_);
    size_t iovlen = LenFrom(env_, iovlen_d, std::min<size_t>(room, IOV_MAX), "msg_iovlen");
    m->msg_name = name.data;
    m->msg_namelen = static_cast<socklen_t>(LenFrom(env_, namelen, name.len, "msg_namelen"));
    if (name.null) m->msg_namelen = 0;
    size_t first = iov_.size();
    for (size_t k = 0; k < iovlen; k++) {
      auto iov_name = [k](const char* field) { return "msg_iov[" + std::to_string(k) + "]." + field; };
      Bytes b = ToBytes(env_, f_.views[view_ + k], [&] { return iov_name("iov_base"); }, true);
      size_t len = LenFrom(env_, f_.nums[num_ + k], b.len, [&] { return iov_name("iov_len"); });
      iov_.push_back(iovec{b.data, len});
    }
    view_ += iovlen;
    num_ += iovlen;
    m->msg_iov = iovlen ? iov_.data() + first : nullptr;
    m->msg_iovlen = iovlen;
    m->msg_control = control.data;
    m->msg_controllen = LenFrom(env_, controllen, control.len, "msg_controllen");
    if (control.null) m->msg_controllen = 0;
    m->msg_flags = 0;
  }

 private:
  Napi::Env env_;
  const Flat& f_;
  std::vector<iovec> iov_;
  size_t view_ = 0, num_ = 0;
};

// The kernel echoes MSG_CMSG_CLOEXEC in msg_flags; C shows it only to a caller who passed it.
int Added(int flags) {
  return (flags & MSG_CMSG_CLOEXEC) ? 0 : MSG_CMSG_CLOEXEC;
}

uint32_t* OutBox(const Napi::CallbackInfo& info, size_t i, size_t count) {
  Bytes b = ToBytes(info, i, false);
  if (b.len < count * sizeof(uint32_t) || reinterpret_cast<uintptr_t>(b.data) % alignof(uint32_t) != 0)
    ThrowType(info.Env(), "argument " + std::to_string(i) + " must be a Uint32Array of " + std::to_string(count));
  return reinterpret_cast<uint32_t*>(b.data);
}

// sendmsg(fd, msgs, flags): the first message of msgs.
Napi::Value Sendmsg(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  Flat f = Fetch(info.Env(), info[1]);
  int flags = Int(info, 2);
  msghdr m{};
  Walker walk(info.Env(), f);
  walk.Next(&m);
  return Result(info.Env(), ::sendmsg(fd, &m, flags | MSG_NOSIGNAL));
}

// recvmsg(fd, msgs, flags, out[3]): out receives msg_namelen, msg_controllen, msg_flags.
Napi::Value Recvmsg(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  Flat f = Fetch(info.Env(), info[1]);
  int flags = Int(info, 2);
  msghdr m{};
  Walker walk(info.Env(), f);
  walk.Next(&m);
  uint32_t* out = OutBox(info, 3, 3);
  ssize_t r = Syscall(::recvmsg(fd, &m, flags | MSG_CMSG_CLOEXEC));
  if (r >= 0) {
    out[0] = m.msg_namelen;
    out[1] = static_cast<uint32_t>(m.msg_controllen);
    out[2] = static_cast<uint32_t>(m.msg_flags & ~Added(flags));
  }
  return Napi::Number::New(info.Env(), static_cast<double>(r));
}

// The first vlen messages of the walk, as mmsghdrs.
std::vector<mmsghdr> BuildVec(const Napi::CallbackInfo& info, Walker* walk) {
  unsigned vlen = static_cast<unsigned>(Length(info, 2, UIO_MAXIOV));
  std::vector<mmsghdr> vec(vlen, mmsghdr{});
  for (unsigned k = 0; k < vlen; k++) walk->Next(&vec[k].msg_hdr);
  return vec;
}

// out receives, per message: msg_len, msg_namelen, msg_controllen, msg_flags.
void WriteBack(const std::vector<mmsghdr>& vec, int r, uint32_t* out, int hide) {
  for (int k = 0; k < r; k++) {
    out[4 * k + 0] = vec[k].msg_len;
    out[4 * k + 1] = vec[k].msg_hdr.msg_namelen;
    out[4 * k + 2] = static_cast<uint32_t>(vec[k].msg_hdr.msg_controllen);
    out[4 * k + 3] = static_cast<uint32_t>(vec[k].msg_hdr.msg_flags & ~hide);
  }
}

// sendmmsg(fd, msgs, vlen, flags, out[4*vlen])
Napi::Value Sendmmsg(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  Flat f = Fetch(info.Env(), info[1]);
  int flags = Int(info, 3);
  Walker walk(info.Env(), f);
  std::vector<mmsghdr> vec = BuildVec(info, &walk);
  unsigned vlen = static_cast<unsigned>(vec.size());
  uint32_t* out = OutBox(info, 4, 4 * static_cast<size_t>(vlen));
  int r = Syscall(::sendmmsg(fd, vec.data(), vlen, flags | MSG_NOSIGNAL));
  WriteBack(vec, r, out, 0);
  return Napi::Number::New(info.Env(), r);
}

// recvmmsg(fd, msgs, vlen, flags, timeout|null, out[4*vlen])
Napi::Value Recvmmsg(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  Flat f = Fetch(info.Env(), info[1]);
  int flags = Int(info, 3);
  Walker walk(info.Env(), f);
  std::vector<mmsghdr> vec = BuildVec(info, &walk);
  unsigned vlen = static_cast<unsigned>(vec.size());
  Bytes timeout = ToBytes(info, 4, true);
  if (!timeout.null && timeout.len < sizeof(timespec)) ThrowRange(info.Env(), "timeout is smaller than a struct timespec");
  uint32_t* out = OutBox(info, 5, 4 * static_cast<size_t>(vlen));
  // The caller's bytes may be unaligned: the kernel's timespec goes through a local copy.
  timespec ts{};
  if (!timeout.null) memcpy(&ts, timeout.data, sizeof ts);
  int r = Syscall(::recvmmsg(fd, vec.data(), vlen, flags | MSG_CMSG_CLOEXEC, timeout.null ? nullptr : &ts));
  if (!timeout.null) memcpy(timeout.data, &ts, sizeof ts);
  WriteBack(vec, r, out, Added(flags));
  return Napi::Number::New(info.Env(), r);
}

}  // namespace

void InitMsg(Napi::Env env, Napi::Object exports) {
  Set(env, exports, "sendmsg", Sendmsg);
  Set(env, exports, "recvmsg", Recvmsg);
  Set(env, exports, "sendmmsg", Sendmmsg);
  Set(env, exports, "recvmmsg", Recvmmsg);
}

}  // namespace bs
