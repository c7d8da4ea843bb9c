// Name and address services: getaddrinfo(3), getnameinfo(3), inet_*(3),
// if_*(3), gethostname(2), strerror(3). None of these touch a socket.
#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include <vector>

#include "shim.h"

namespace bs {
namespace {

// getaddrinfo's inputs, copied out of JS so the call can also run on a pool
// thread.
struct GaiArgs {
  std::string node, service;
  bool has_node = false, has_service = false, has_hints = false;
  addrinfo hints{};
};

GaiArgs GaiIn(const Napi::CallbackInfo& info) {
  GaiArgs a;
  a.has_node = info[0].IsString();
  a.has_service = info[1].IsString();
  if (a.has_node) a.node = Str(info, 0);
  if (a.has_service) a.service = Str(info, 1);
  Bytes hints_bytes = ToBytes(info, 2, true);
  if (!hints_bytes.null) {
    if (hints_bytes.len < sizeof(addrinfo)) ThrowRange(info.Env(), "hints is smaller than struct addrinfo");
    // Only the four int fields are meaningful in hints; the pointers must be NULL.
    // Copied by offset: the caller's bytes may sit at any alignment (a subarray).
    const uint8_t* h = hints_bytes.data;
    a.has_hints = true;
    memcpy(&a.hints.ai_flags, h + offsetof(addrinfo, ai_flags), sizeof(int));
    memcpy(&a.hints.ai_family, h + offsetof(addrinfo, ai_family), sizeof(int));
    memcpy(&a.hints.ai_socktype, h + offsetof(addrinfo, ai_socktype), sizeof(int));
    memcpy(&a.hints.ai_protocol, h + offsetof(addrinfo, ai_protocol), sizeof(int));
  }
  return a;
}

// Runs getaddrinfo(3); sets code and err (errno, for EAI_SYSTEM).
addrinfo* GaiCall(const GaiArgs& a, int* code, int* err) {
  addrinfo* res = nullptr;
  errno = 0;
  *code = ::getaddrinfo(a.has_node ? a.node.c_str() : nullptr, a.has_service ? a.service.c_str() : nullptr,
                        a.has_hints ? &a.hints : nullptr, &res);
  *err = errno;
  return *code == 0 ? res : nullptr;
}

// { code, errno, list }: the list holds one plain object per addrinfo node,
// its address copied out; res is freed here.
Napi::Object GaiOut(Napi::Env env, int code, int err, addrinfo* res) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("code", code);
  out.Set("errno", err);
  Napi::Array list = Napi::Array::New(env);
  uint32_t i = 0;
  for (addrinfo* p = res; p != nullptr; p = p->ai_next) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("ai_flags", p->ai_flags);
    o.Set("ai_family", p->ai_family);
    o.Set("ai_socktype", p->ai_socktype);
    o.Set("ai_protocol", p->ai_protocol);
    o.Set("ai_addrlen", p->ai_addrlen);
    o.Set("ai_addr", Napi::Buffer<uint8_t>::Copy(env, reinterpret_cast<uint8_t*>(p->ai_addr), p->ai_addrlen));
    if (p->ai_canonname) o.Set("ai_canonname", p->ai_canonname);
    else o.Set("ai_canonname", env.Null());
    list.Set(i++, o);
  }
  if (res != nullptr) freeaddrinfo(res);
  out.Set("list", list);
  return out;
}

Napi::Value Getaddrinfo(const Napi::CallbackInfo& info) {
  GaiArgs a = GaiIn(info);
  int code, err;
  addrinfo* res = GaiCall(a, &code, &err);
  return GaiOut(info.Env(), code, err, res);
}

// getaddrinfo on the libuv threadpool (bounded work, not a socket wait):
// resolves with the same { code, errno, list }.
class GaiWorker : public Napi::AsyncWorker {
 public:
  GaiWorker(Napi::Env env, GaiArgs a) : Napi::AsyncWorker(env, "berkeley-sockets:getaddrinfo"), args_(std::move(a)), deferred_(env) {}
  ~GaiWorker() override {
    if (res_ != nullptr) freeaddrinfo(res_);
  }
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override { res_ = GaiCall(args_, &code_, &err_); }
  void OnOK() override {
    addrinfo* res = res_;
    res_ = nullptr;
    deferred_.Resolve(GaiOut(Env(), code_, err_, res));
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  GaiArgs args_;
  Napi::Promise::Deferred deferred_;
  addrinfo* res_ = nullptr;
  int code_ = 0, err_ = 0;
};

Napi::Value GetaddrinfoAsync(const Napi::CallbackInfo& info) {
  GaiWorker* w = new GaiWorker(info.Env(), GaiIn(info));
  Napi::Promise p = w->Promise();
  w->Queue();
  return p;
}

Napi::Value GaiStrerror(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), ::gai_strerror(Int(info, 0)));
}

// getnameinfo(sa, salen, host, hostlen, serv, servlen, flags): host and serv
// are the caller's buffers, written NUL-terminated as in C. Returns
// [code, errno].
Napi::Value Getnameinfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Bytes sa = ToBytes(info, 0, false);
  socklen_t salen = static_cast<socklen_t>(Length(info, 1, sa.len));
  Bytes host = ToBytes(info, 2, true);
  size_t hostlen = Length(info, 3, KernelBound(host));  // libc ignores the length of a NULL buffer
  Bytes serv = ToBytes(info, 4, true);
  size_t servlen = Length(info, 5, KernelBound(serv));
  int flags = Int(info, 6);
  errno = 0;
  int code = ::getnameinfo(reinterpret_cast<sockaddr*>(sa.data), salen, reinterpret_cast<char*>(host.data),
                           hostlen, reinterpret_cast<char*>(serv.data), servlen, flags);
  Napi::Array out = Napi::Array::New(env, 2);
  out.Set(0u, code);
  out.Set(1u, errno);
  return out;
}

// getnameinfo on the threadpool: the address is copied in; resolves with
// { code, errno, host, serv } (strings, or null where no buffer was given);
// the caller copies them into its buffers.
class GniWorker : public Napi::AsyncWorker {
 public:
  GniWorker(Napi::Env env, const Bytes& sa, socklen_t salen, size_t hostlen, bool host, size_t servlen, bool serv, int flags)
      : Napi::AsyncWorker(env, "berkeley-sockets:getnameinfo"),
        sa_(sa.data, sa.data + salen),
        host_(hostlen),
        serv_(servlen),
        want_host_(host),
        want_serv_(serv),
        flags_(flags),
        deferred_(env) {}
  Napi::Promise Promise() { return deferred_.Promise(); }
  void Execute() override {
    errno = 0;
    code_ = ::getnameinfo(reinterpret_cast<sockaddr*>(sa_.data()), static_cast<socklen_t>(sa_.size()),
                          want_host_ ? host_.data() : nullptr, host_.size(), want_serv_ ? serv_.data() : nullptr,
                          serv_.size(), flags_);
    err_ = errno;
  }
  void OnOK() override {
    Napi::Env env = Env();
    Napi::Object out = Napi::Object::New(env);
    out.Set("code", code_);
    out.Set("errno", err_);
    auto text = [&](const std::vector<char>& b, bool want) -> Napi::Value {
      if (!want || code_ != 0 || b.empty()) return env.Null();
      return Napi::String::New(env, b.data(), strnlen(b.data(), b.size()));
    };
    out.Set("host", text(host_, want_host_));
    out.Set("serv", text(serv_, want_serv_));
    deferred_.Resolve(out);
  }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  std::vector<uint8_t> sa_;
  std::vector<char> host_, serv_;
  bool want_host_, want_serv_;
  int flags_, code_ = 0, err_ = 0;
  Napi::Promise::Deferred deferred_;
};

// getnameinfo_async(sa, salen, host, hostlen, serv, servlen, flags)
Napi::Value GetnameinfoAsync(const Napi::CallbackInfo& info) {
  Bytes sa = ToBytes(info, 0, false);
  socklen_t salen = static_cast<socklen_t>(Length(info, 1, sa.len));
  Bytes host = ToBytes(info, 2, true);
  size_t hostlen = Length(info, 3, KernelBound(host));
  Bytes serv = ToBytes(info, 4, true);
  size_t servlen = Length(info, 5, KernelBound(serv));
  int flags = Int(info, 6);
  // libc ignores the length of a NULL buffer; so does the worker's copy.
  if (host.null) hostlen = 0;
  if (serv.null) servlen = 0;
  GniWorker* w = new GniWorker(info.Env(), sa, salen, hostlen, !host.null, servlen, !serv.null, flags);
  Napi::Promise p = w->Promise();
  w->Queue();
  return p;
}

Napi::Value Gethostname(const Napi::CallbackInfo& info) {
  Bytes buf = ToBytes(info, 0, false);
  size_t len = Length(info, 1, buf.len);
  // An empty or detached buffer has no data pointer; glibc's gethostname
  // declares name nonnull, so hand it a valid one (len 0: nothing is written).
  char none;
  char* name = buf.data != nullptr ? reinterpret_cast<char*>(buf.data) : &none;
  return Result(info.Env(), ::gethostname(name, len));
}

Napi::Value IfNametoindex(const Napi::CallbackInfo& info) {
  std::string name = Str(info, 0);
  unsigned idx = ::if_nametoindex(name.c_str());
  return Napi::Number::New(info.Env(), idx == 0 ? -errno : static_cast<double>(idx));
}

// Returns the name, or -errno.
Napi::Value IfIndextoname(const Napi::CallbackInfo& info) {
  char name[IF_NAMESIZE];
  if (::if_indextoname(Uint(info, 0), name) == nullptr) return Napi::Number::New(info.Env(), -errno);
  return Napi::String::New(info.Env(), name);
}

// Returns [{ if_index, if_name }...] without the terminator, or -errno.
Napi::Value IfNameindex(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  struct if_nameindex* ni = ::if_nameindex();
  if (ni == nullptr) return Napi::Number::New(env, -errno);
  Napi::Array out = Napi::Array::New(env);
  uint32_t i = 0;
  for (struct if_nameindex* p = ni; p->if_index != 0; p++) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("if_index", p->if_index);
    o.Set("if_name", p->if_name);
    out.Set(i++, o);
  }
  ::if_freenameindex(ni);
  return out;
}

size_t AddrSize(int af) { return af == AF_INET6 ? sizeof(in6_addr) : sizeof(in_addr); }

// inet_pton(af, src, dst): 1, 0, or -errno (EAFNOSUPPORT).
Napi::Value InetPton(const Napi::CallbackInfo& info) {
  int af = Int(info, 0);
  std::string src = Str(info, 1);
  Bytes dst = ToBytes(info, 2, false);
  if (af == AF_INET || af == AF_INET6) {
    if (dst.len < AddrSize(af)) ThrowRange(info.Env(), "dst is too small for the address family");
  }
  return Result(info.Env(), ::inet_pton(af, src.c_str(), dst.data));
}

// inet_ntop(af, src, size): the text, or -errno (EAFNOSUPPORT, ENOSPC).
Napi::Value InetNtop(const Napi::CallbackInfo& info) {
  int af = Int(info, 0);
  Bytes src = ToBytes(info, 1, false);
  uint32_t size = Uint(info, 2);
  if ((af == AF_INET || af == AF_INET6) && src.len < AddrSize(af))
    ThrowRange(info.Env(), "src is too small for the address family");
  char text[INET6_ADDRSTRLEN];
  socklen_t room = size < sizeof text ? size : sizeof text;
  if (::inet_ntop(af, src.data, text, room) == nullptr) return Napi::Number::New(info.Env(), -errno);
  return Napi::String::New(info.Env(), text);
}

Napi::Value InetAddr(const Napi::CallbackInfo& info) {
  std::string cp = Str(info, 0);
  return Napi::Number::New(info.Env(), ::inet_addr(cp.c_str()));
}

// inet_aton(cp, inp): 1 or 0; writes the address into inp.
Napi::Value InetAton(const Napi::CallbackInfo& info) {
  std::string cp = Str(info, 0);
  Bytes inp = ToBytes(info, 1, false);
  if (inp.len < sizeof(in_addr)) ThrowRange(info.Env(), "inp is smaller than struct in_addr");
  in_addr a;
  int r = ::inet_aton(cp.c_str(), &a);
  if (r) memcpy(inp.data, &a, sizeof a);
  return Napi::Number::New(info.Env(), r);
}

Napi::Value InetNtoa(const Napi::CallbackInfo& info) {
  in_addr a;
  a.s_addr = Uint(info, 0);
  return Napi::String::New(info.Env(), ::inet_ntoa(a));
}

Napi::Value Strerror(const Napi::CallbackInfo& info) {
  char buf[256];
  // GNU strerror_r returns the message (possibly not in buf).
  const char* msg = ::strerror_r(Int(info, 0), buf, sizeof buf);
  return Napi::String::New(info.Env(), msg);
}

}  // namespace

void InitNetdb(Napi::Env env, Napi::Object exports) {
  Set(env, exports, "getaddrinfo", Getaddrinfo);
  Set(env, exports, "gai_strerror", GaiStrerror);
  Set(env, exports, "getnameinfo", Getnameinfo);
  Set(env, exports, "getaddrinfo_async", GetaddrinfoAsync);
  Set(env, exports, "getnameinfo_async", GetnameinfoAsync);
  Set(env, exports, "gethostname", Gethostname);
  Set(env, exports, "if_nametoindex", IfNametoindex);
  Set(env, exports, "if_indextoname", IfIndextoname);
  Set(env, exports, "if_nameindex", IfNameindex);
  Set(env, exports, "inet_pton", InetPton);
  Set(env, exports, "inet_ntop", InetNtop);
  Set(env, exports, "inet_addr", InetAddr);
  Set(env, exports, "inet_aton", InetAton);
  Set(env, exports, "inet_ntoa", InetNtoa);
  Set(env, exports, "strerror", Strerror);
}

}  // namespace bs
