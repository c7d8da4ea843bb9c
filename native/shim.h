// Helpers shared by the shims: argument unwrapping with cheap type and bounds
// checks. The TypeScript facade validates first with good messages; these checks
// exist because the .node file can be called directly and must never touch
// memory outside what it was handed.
#pragma once
#include <napi.h>
#include <sys/socket.h>
#include <cerrno>
#include <cstdint>
#include <string>

namespace bs {

// A view of JS-owned bytes (TypedArray, DataView or ArrayBuffer).
struct Bytes {
  uint8_t* data = nullptr;
  size_t len = 0;
  bool null = true;
};

[[noreturn]] inline void ThrowType(Napi::Env env, const std::string& msg) {
  throw Napi::TypeError::New(env, msg);
}
[[noreturn]] inline void ThrowRange(Napi::Env env, const std::string& msg) {
  throw Napi::RangeError::New(env, msg);
}

inline int32_t Int(const Napi::CallbackInfo& info, size_t i) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) ThrowType(info.Env(), "argument " + std::to_string(i) + " must be a number");
  return v.As<Napi::Number>().Int32Value();
}

inline uint32_t Uint(const Napi::CallbackInfo& info, size_t i) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) ThrowType(info.Env(), "argument " + std::to_string(i) + " must be a number");
  return v.As<Napi::Number>().Uint32Value();
}

// A byte length: a number in [0, limit].
inline size_t Length(const Napi::CallbackInfo& info, size_t i, size_t limit) {
  Napi::Value v = info[i];
  if (!v.IsNumber()) ThrowType(info.Env(), "argument " + std::to_string(i) + " must be a number");
  double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 0) || d > static_cast<double>(limit))
    ThrowRange(info.Env(), "argument " + std::to_string(i) + " exceeds the buffer it describes");
  return static_cast<size_t>(d);
}

// Names in error messages are built only when an error is thrown (a call that
// succeeds allocates nothing): `name` is a C string or a callable returning one.
inline std::string NameOf(const char* s) { return s; }
template <typename F>
inline std::string NameOf(const F& f) {
  return f();
}
inline std::string ArgName(size_t i) { return "argument " + std::to_string(i); }

// Any JS value (an array element, a property): `name` names it in errors.
template <typename Name>
inline Bytes ToBytes(Napi::Env env_, Napi::Value v, const Name& name, bool nullable) {
  Bytes b;
  if (nullable && (v.IsNull() || v.IsUndefined())) return b;
  b.null = false;
  napi_env env = env_;
  if (v.IsTypedArray()) {
    napi_typedarray_type type;
    size_t count;
    void* data;
    napi_value ab;
    size_t offset;
    NAPI_THROW_IF_FAILED(env, napi_get_typedarray_info(env, v, &type, &count, &data, &ab, &offset), b);
    size_t elem = 1;
    switch (type) {
      case napi_int16_array: case napi_uint16_array: elem = 2; break;
      case napi_int32_array: case napi_uint32_array: case napi_float32_array: elem = 4; break;
      case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: elem = 8; break;
      default: elem = 1;
    }
    b.data = static_cast<uint8_t*>(data);
    b.len = count * elem;
  } else if (v.IsDataView()) {
    size_t len;
    void* data;
    napi_value ab;
    size_t offset;
    NAPI_THROW_IF_FAILED(env, napi_get_dataview_info(env, v, &len, &data, &ab, &offset), b);
    b.data = static_cast<uint8_t*>(data);
    b.len = len;
  } else if (v.IsArrayBuffer()) {
    Napi::ArrayBuffer ab = v.As<Napi::ArrayBuffer>();
    b.data = static_cast<uint8_t*>(ab.Data());
    b.len = ab.ByteLength();
  } else {
    ThrowType(env_, NameOf(name) + " must be an ArrayBufferView");
  }
  if (b.data == nullptr) b.len = 0;  // detached buffer
  return b;
}

// The limit for a length passed with a pointer to the kernel: the buffer's
// size, or no limit for NULL, which the kernel itself rejects with EFAULT.
inline size_t KernelBound(const Bytes& b) { return b.null ? UINT32_MAX : b.len; }
inline Bytes ToBytes(const Napi::CallbackInfo& info, size_t i, bool nullable) {
  return ToBytes(info.Env(), info[i], [i] { return ArgName(i); }, nullable);
}

// A socklen_t box: a Uint32Array of one element (or null).
inline uint32_t* LenBox(const Napi::CallbackInfo& info, size_t i) {
  Bytes b = ToBytes(info, i, true);
  if (b.null) return nullptr;
  if (b.len < sizeof(uint32_t) || reinterpret_cast<uintptr_t>(b.data) % alignof(uint32_t) != 0)
    ThrowType(info.Env(), "argument " + std::to_string(i) + " must be a socklen_t box");
  return reinterpret_cast<uint32_t*>(b.data);
}

// An address out-parameter pair (struct bytes + socklen_t box). The kernel
// gets a private copy of the length, never the JS memory itself, so another
// thread writing the box (a SharedArrayBuffer) cannot widen what the kernel
// may write after the bounds check. Write the copy back with Commit().
struct OutPair {
  void* addr = nullptr;
  socklen_t len = 0;
  uint32_t* box = nullptr;
  bool efault = false;  // a struct without a length: C's EFAULT

  OutPair(const Napi::CallbackInfo& info, size_t addr_index, size_t box_index) {
    Bytes a = ToBytes(info, addr_index, true);
    box = LenBox(info, box_index);
    if (a.null) {
      box = nullptr;  // C ignores the length when the address is NULL
      return;
    }
    if (box == nullptr) {
      efault = true;
      return;
    }
    len = *box;
    if (len > a.len) ThrowRange(info.Env(), "socklen_t value exceeds the size of the struct it describes");
    addr = a.data;
  }
  sockaddr* sa() const { return static_cast<sockaddr*>(addr); }
  socklen_t* lenp() { return box ? &len : nullptr; }
  void Commit() const {
    if (box) *box = len;
  }
};

inline Napi::Value Efault(Napi::Env env) { return Napi::Number::New(env, -EFAULT); }

inline std::string Str(const Napi::CallbackInfo& info, size_t i) {
  Napi::Value v = info[i];
  if (!v.IsString()) ThrowType(info.Env(), "argument " + std::to_string(i) + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

// The -errno convention, in one place (socket2's syscall! macro): a system
// call's result as it returned it, or -errno when it failed. Apply it to the
// call itself, so errno is read before anything else runs; a shim that then
// writes results back (a length, a set) need not save and restore errno.
template <typename T>
inline T Syscall(T r) {
  return r < 0 ? static_cast<T>(-errno) : r;
}

// A shim's last line: the system call's result, or -errno.
inline Napi::Value Result(Napi::Env env, long r) {
  return Napi::Number::New(env, static_cast<double>(Syscall(r)));
}

template <typename T>
inline void Set(Napi::Env env, Napi::Object exports, const char* name, T fn) {
  exports.Set(name, Napi::Function::New(env, fn, name));
}

}  // namespace bs
