// sendmsg(2)/recvmsg(2)/sendmmsg(2)/recvmmsg(2). JS hands over the parts of a
// struct msghdr (name bytes, iovec bases and lengths, control bytes); the shim
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

#include <cstring>
#include <vector>

#include "shim.h"

#ifndef IOV_MAX
#define IOV_MAX UIO_MAXIOV
#endif

namespace bs {
namespace {

template <typename Name>
size_t LenOf(Napi::Env env, Napi::Value v, size_t limit, const Name& name) {
  if (!v.IsNumber()) ThrowType(env, NameOf(name) + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d > static_cast<double>(limit)) ThrowRange(env, NameOf(name) + " exceeds the memory it describes");
  return static_cast<size_t>(d);
}

// The parts of one msghdr, in order: name, namelen, iov bases (Array),
// iov lengths (Array), iovlen, control, controllen.
constexpr size_t kParts = 7;

// Every JS value of one msghdr, fetched first: reading an array element can
// run JS (an accessor) that detaches or resizes a buffer, so no pointer is
// taken until every value is in hand; after that no JS runs until the call.
struct MsgValues {
  Napi::Value parts[kParts];
  std::vector<Napi::Value> bases, lens;
};

template <typename At>
void Fetch(Napi::Env env, At at, MsgValues* v) {
  for (size_t k = 0; k < kParts; k++) v->parts[k] = at(k);
  if (!v->parts[2].IsArray() || !v->parts[3].IsArray()) ThrowType(env, "msg_iov must be an array");
  Napi::Array bases = v->parts[2].As<Napi::Array>(), lens = v->parts[3].As<Napi::Array>();
  size_t have = std::min(bases.Length(), lens.Length());
  size_t n = LenOf(env, v->parts[4], std::min<size_t>(have, IOV_MAX), "msg_iovlen");
  for (uint32_t k = 0; k < n; k++) {
    v->bases.push_back(bases.Get(k));
    v->lens.push_back(lens.Get(k));
  }
}

// Builds the msghdr from fetched values: type and bounds checks only, no JS.
void Build(Napi::Env env, const MsgValues& v, msghdr* m, std::vector<iovec>* iov) {
  Bytes name = ToBytes(env, v.parts[0], "msg_name", true);
  m->msg_name = name.data;
  m->msg_namelen = static_cast<socklen_t>(LenOf(env, v.parts[1], name.len, "msg_namelen"));
  if (name.null) m->msg_namelen = 0;
  size_t n = v.bases.size();
  iov->resize(n);
  for (size_t k = 0; k < n; k++) {
    auto iov_name = [k](const char* field) { return "msg_iov[" + std::to_string(k) + "]." + field; };
    Bytes b = ToBytes(env, v.bases[k], [&] { return iov_name("iov_base"); }, true);
    (*iov)[k].iov_base = b.data;
    (*iov)[k].iov_len = LenOf(env, v.lens[k], b.len, [&] { return iov_name("iov_len"); });
  }
  m->msg_iov = n ? iov->data() : nullptr;
  m->msg_iovlen = n;
  Bytes control = ToBytes(env, v.parts[5], "msg_control", true);
  m->msg_control = control.data;
  m->msg_controllen = LenOf(env, v.parts[6], control.len, "msg_controllen");
  if (control.null) m->msg_controllen = 0;
  m->msg_flags = 0;
}

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

// sendmsg(fd, name, namelen, bases, lens, iovlen, control, controllen, flags)
Napi::Value Sendmsg(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  MsgValues v;
  Fetch(info.Env(), [&](size_t k) { return info[1 + k]; }, &v);
  int flags = Int(info, 1 + kParts);
  msghdr m{};
  std::vector<iovec> iov;
  Build(info.Env(), v, &m, &iov);
  return Result(info.Env(), ::sendmsg(fd, &m, flags | MSG_NOSIGNAL));
}

// recvmsg(fd, name, namelen, bases, lens, iovlen, control, controllen, flags, out[3])
// out receives msg_namelen, msg_controllen, msg_flags.
Napi::Value Recvmsg(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  MsgValues v;
  Fetch(info.Env(), [&](size_t k) { return info[1 + k]; }, &v);
  int flags = Int(info, 1 + kParts);
  msghdr m{};
  std::vector<iovec> iov;
  Build(info.Env(), v, &m, &iov);
  uint32_t* out = OutBox(info, 2 + kParts, 3);
  ssize_t r = ::recvmsg(fd, &m, flags | MSG_CMSG_CLOEXEC);
  int e = errno;
  if (r >= 0) {
    out[0] = m.msg_namelen;
    out[1] = static_cast<uint32_t>(m.msg_controllen);
    out[2] = static_cast<uint32_t>(m.msg_flags & ~Added(flags));
  }
  errno = e;
  return Result(info.Env(), r);
}

// Fetches the values of vlen messages from an array of part arrays (see kParts).
std::vector<MsgValues> FetchVec(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[1].IsArray()) ThrowType(env, "argument 1 must be an array");
  Napi::Array msgs = info[1].As<Napi::Array>();
  unsigned vlen = static_cast<unsigned>(LenOf(env, info[2], std::min<size_t>(msgs.Length(), UIO_MAXIOV), "vlen"));
  std::vector<MsgValues> all(vlen);
  for (unsigned k = 0; k < vlen; k++) {
    Napi::Value v = msgs.Get(k);
    if (!v.IsArray()) ThrowType(env, "msgvec[" + std::to_string(k) + "] must be an array");
    Napi::Array parts = v.As<Napi::Array>();
    Fetch(env, [&](size_t p) { return parts.Get(static_cast<uint32_t>(p)); }, &all[k]);
  }
  return all;
}

void BuildVec(Napi::Env env, const std::vector<MsgValues>& all, std::vector<mmsghdr>* vec, std::vector<std::vector<iovec>>* iovs) {
  vec->assign(all.size(), mmsghdr{});
  iovs->resize(all.size());
  for (size_t k = 0; k < all.size(); k++) Build(env, all[k], &(*vec)[k].msg_hdr, &(*iovs)[k]);
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
  std::vector<MsgValues> all = FetchVec(info);
  unsigned vlen = static_cast<unsigned>(all.size());
  int flags = Int(info, 3);
  std::vector<mmsghdr> vec;
  std::vector<std::vector<iovec>> iovs;
  BuildVec(info.Env(), all, &vec, &iovs);
  uint32_t* out = OutBox(info, 4, 4 * static_cast<size_t>(vlen));
  int r = ::sendmmsg(fd, vec.data(), vlen, flags | MSG_NOSIGNAL);
  int e = errno;
  WriteBack(vec, r, out, 0);
  errno = e;
  return Result(info.Env(), r);
}

// recvmmsg(fd, msgs, vlen, flags, timeout|null, out[4*vlen])
Napi::Value Recvmmsg(const Napi::CallbackInfo& info) {
  int fd = Int(info, 0);
  std::vector<MsgValues> all = FetchVec(info);
  unsigned vlen = static_cast<unsigned>(all.size());
  int flags = Int(info, 3);
  std::vector<mmsghdr> vec;
  std::vector<std::vector<iovec>> iovs;
  BuildVec(info.Env(), all, &vec, &iovs);
  Bytes timeout = ToBytes(info, 4, true);
  if (!timeout.null && timeout.len < sizeof(timespec)) ThrowRange(info.Env(), "timeout is smaller than a struct timespec");
  uint32_t* out = OutBox(info, 5, 4 * static_cast<size_t>(vlen));
  // The caller's bytes may be unaligned: the kernel's timespec goes through a local copy.
  timespec ts{};
  if (!timeout.null) memcpy(&ts, timeout.data, sizeof ts);
  int r = ::recvmmsg(fd, vec.data(), vlen, flags | MSG_CMSG_CLOEXEC, timeout.null ? nullptr : &ts);
  int e = errno;
  if (!timeout.null) memcpy(timeout.data, &ts, sizeof ts);
  WriteBack(vec, r, out, Added(flags));
  errno = e;
  return Result(info.Env(), r);
}

}  // namespace

void InitMsg(Napi::Env env, Napi::Object exports) {
  Set(env, exports, "sendmsg", Sendmsg);
  Set(env, exports, "recvmsg", Recvmsg);
  Set(env, exports, "sendmmsg", Sendmmsg);
  Set(env, exports, "recvmmsg", Recvmmsg);
}

}  // namespace bs
