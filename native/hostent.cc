// The netdb(3) databases of hosts, services and protocols: gethostbyname(3),
// gethostbyname2, gethostbyaddr, getservbyname(3), getservbyport,
// getprotobyname(3), getprotobynumber, hstrerror(3).
//
// Each shim calls glibc's own non-reentrant function, so every detail a C
// program sees comes from glibc itself: numeric input, address order, when
// h_errno is set (glibc's wrapper leaves it alone unless the lookup gave a
// code) and what errno is left as. The result sits in glibc's static buffer,
// so the call and the copy-out hold one lock per function (glibc's wrapper
// holds its own only during the call): two of Node's threads never see each
// other's results half-written.
#include <arpa/inet.h>
#include <netdb.h>

#include <climits>
#include <mutex>
#include <vector>

#include "shim.h"

namespace bs {
namespace {

// A value no lookup leaves in errno or h_errno: finding it after the call
// means the call did not touch the variable, which C's caller would then see
// unchanged too.
constexpr int kUntouched = INT_MIN + 0x5eed;

// [entry or null, h_errno or null, errno or null]: null where the call left
// the variable alone.
Napi::Array Outcome(Napi::Env env, Napi::Value entry, int herr, int err) {
  Napi::Array out = Napi::Array::New(env, 3);
  out.Set(0u, entry);
  out.Set(1u, herr == kUntouched ? env.Null() : Napi::Number::New(env, herr));
  out.Set(2u, err == kUntouched ? env.Null() : Napi::Number::New(env, err));
  return out;
}

// char ** (NULL-terminated) as an array of strings, without the NULL.
Napi::Array Strings(Napi::Env env, char** list) {
  Napi::Array out = Napi::Array::New(env);
  uint32_t i = 0;
  for (char** p = list; p != nullptr && *p != nullptr; p++) out.Set(i++, Napi::String::New(env, *p));
  return out;
}

Napi::Value StrOrNull(Napi::Env env, const char* s) {
  return s == nullptr ? env.Null() : Napi::String::New(env, s);
}

Napi::Value HostOut(Napi::Env env, const hostent* he) {
  if (he == nullptr) return env.Null();
  Napi::Object o = Napi::Object::New(env);
  o.Set("h_name", StrOrNull(env, he->h_name));
  o.Set("h_aliases", Strings(env, he->h_aliases));
  o.Set("h_addrtype", he->h_addrtype);
  o.Set("h_length", he->h_length);
  Napi::Array addrs = Napi::Array::New(env);
  uint32_t i = 0;
  size_t n = he->h_length > 0 ? static_cast<size_t>(he->h_length) : 0;
  for (char** p = he->h_addr_list; p != nullptr && *p != nullptr; p++)
    addrs.Set(i++, Napi::Buffer<uint8_t>::Copy(env, reinterpret_cast<uint8_t*>(*p), n));
  o.Set("h_addr_list", addrs);
  return o;
}

Napi::Value ServOut(Napi::Env env, const servent* se) {
  if (se == nullptr) return env.Null();
  Napi::Object o = Napi::Object::New(env);
  o.Set("s_name", StrOrNull(env, se->s_name));
  o.Set("s_aliases", Strings(env, se->s_aliases));
  o.Set("s_port", se->s_port);
  o.Set("s_proto", StrOrNull(env, se->s_proto));
  return o;
}

Napi::Value ProtoOut(Napi::Env env, const protoent* pe) {
  if (pe == nullptr) return env.Null();
  Napi::Object o = Napi::Object::New(env);
  o.Set("p_name", StrOrNull(env, pe->p_name));
  o.Set("p_aliases", Strings(env, pe->p_aliases));
  o.Set("p_proto", pe->p_proto);
  return o;
}

// One lookup: call, copy out, and report what it did to h_errno and errno
// (both thread-local in glibc, so read on this thread right after the call).
template <typename Entry, typename Call, typename Copy>
Napi::Value Lookup(Napi::Env env, std::mutex& lock, Call call, Copy copy) {
  std::lock_guard<std::mutex> hold(lock);
  h_errno = kUntouched;
  errno = kUntouched;
  Entry* e = call();
  int herr = h_errno, err = errno;
  return Outcome(env, copy(env, e), herr, err);
}

// A nullable C string argument (getservbyname's proto).
struct OptStr {
  bool null;
  std::string s;
  OptStr(const Napi::CallbackInfo& info, size_t i) : null(info[i].IsNull() || info[i].IsUndefined()) {
    if (!null) s = Str(info, i);
  }
  const char* c_str() const { return null ? nullptr : s.c_str(); }
};

Napi::Value Gethostbyname(const Napi::CallbackInfo& info) {
  static std::mutex lock;
  std::string name = Str(info, 0);
  return Lookup<hostent>(info.Env(), lock, [&] { return ::gethostbyname(name.c_str()); }, HostOut);
}

Napi::Value Gethostbyname2(const Napi::CallbackInfo& info) {
  static std::mutex lock;
  std::string name = Str(info, 0);
  int af = Int(info, 1);
  // glibc 2.36 aborts the process on AF_UNSPEC when the name is in /etc/hosts
  // and host.conf says "multi on" (an assert in nss_files'
  // gethostbyname3_multi): fail as for a family the lookup does not support.
  if (af == AF_UNSPEC) return Outcome(info.Env(), info.Env().Null(), NETDB_INTERNAL, EAFNOSUPPORT);
  return Lookup<hostent>(info.Env(), lock, [&] { return ::gethostbyname2(name.c_str(), af); }, HostOut);
}

// gethostbyaddr(addr, len, type): len may not exceed addr's bytes. The
// address is copied first, so a SharedArrayBuffer written meanwhile cannot
// change what the lookup reads.
Napi::Value Gethostbyaddr(const Napi::CallbackInfo& info) {
  static std::mutex lock;
  Bytes addr = ToBytes(info, 0, false);
  size_t len = Length(info, 1, addr.len);
  int type = Int(info, 2);
  std::vector<uint8_t> copy(addr.data, addr.data + len);
  copy.push_back(0);  // a valid pointer even for len 0 (glibc reads nothing then)
  return Lookup<hostent>(info.Env(), lock, [&] { return ::gethostbyaddr(copy.data(), static_cast<socklen_t>(len), type); },
                         HostOut);
}

Napi::Value Hstrerror(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), ::hstrerror(Int(info, 0)));
}

Napi::Value Getservbyname(const Napi::CallbackInfo& info) {
  static std::mutex lock;
  std::string name = Str(info, 0);
  OptStr proto(info, 1);
  return Lookup<servent>(info.Env(), lock, [&] { return ::getservbyname(name.c_str(), proto.c_str()); }, ServOut);
}

// getservbyport(port, proto): port in network byte order, as C's int.
Napi::Value Getservbyport(const Napi::CallbackInfo& info) {
  static std::mutex lock;
  int port = Int(info, 0);
  OptStr proto(info, 1);
  return Lookup<servent>(info.Env(), lock, [&] { return ::getservbyport(port, proto.c_str()); }, ServOut);
}

Napi::Value Getprotobyname(const Napi::CallbackInfo& info) {
  static std::mutex lock;
  std::string name = Str(info, 0);
  return Lookup<protoent>(info.Env(), lock, [&] { return ::getprotobyname(name.c_str()); }, ProtoOut);
}

Napi::Value Getprotobynumber(const Napi::CallbackInfo& info) {
  static std::mutex lock;
  int proto = Int(info, 0);
  return Lookup<protoent>(info.Env(), lock, [&] { return ::getprotobynumber(proto); }, ProtoOut);
}

}  // namespace

void InitHostent(Napi::Env env, Napi::Object exports) {
  Set(env, exports, "gethostbyname", Gethostbyname);
  Set(env, exports, "gethostbyname2", Gethostbyname2);
  Set(env, exports, "gethostbyaddr", Gethostbyaddr);
  Set(env, exports, "hstrerror", Hstrerror);
  Set(env, exports, "getservbyname", Getservbyname);
  Set(env, exports, "getservbyport", Getservbyport);
  Set(env, exports, "getprotobyname", Getprotobyname);
  Set(env, exports, "getprotobynumber", Getprotobynumber);
}

}  // namespace bs
