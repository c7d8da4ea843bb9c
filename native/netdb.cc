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

// Returns { code, errno, list }: the list holds one plain object per addrinfo
// node, its address copied out so freeaddrinfo can run before returning.
Napi::Value Getaddrinfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string node, service;
  bool has_node = info[0].IsString(), has_service = info[1].IsString();
  if (has_node) node = Str(info, 0);
  if (has_service) service = Str(info, 1);
  Bytes hints_bytes = ToBytes(info, 2, true);
  addrinfo hints{};
  if (!hints_bytes.null) {
    if (hints_bytes.len < sizeof(addrinfo)) ThrowRange(env, "hints is smaller than struct addrinfo");
    // Only the four int fields are meaningful in hints; the pointers must be NULL.
    // Copied by offset: the caller's bytes may sit at any alignment (a subarray).
    const uint8_t* h = hints_bytes.data;
    memcpy(&hints.ai_flags, h + offsetof(addrinfo, ai_flags), sizeof(int));
    memcpy(&hints.ai_family, h + offsetof(addrinfo, ai_family), sizeof(int));
    memcpy(&hints.ai_socktype, h + offsetof(addrinfo, ai_socktype), sizeof(int));
    memcpy(&hints.ai_protocol, h + offsetof(addrinfo, ai_protocol), sizeof(int));
  }
  addrinfo* res = nullptr;
  errno = 0;
  int code = ::getaddrinfo(has_node ? node.c_str() : nullptr, has_service ? service.c_str() : nullptr,
                           hints_bytes.null ? nullptr : &hints, &res);
  int err = errno;
  Napi::Object out = Napi::Object::New(env);
  out.Set("code", code);
  out.Set("errno", err);
  Napi::Array list = Napi::Array::New(env);
  if (code == 0) {
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
    freeaddrinfo(res);
  }
  out.Set("list", list);
  return out;
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
