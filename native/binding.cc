// Registration only: each syscall family lives in its own file.
#include <napi.h>

namespace bs {
void InitSocket(Napi::Env env, Napi::Object exports);
void InitIo(Napi::Env env, Napi::Object exports);
void InitSockopt(Napi::Env env, Napi::Object exports);
void InitMsg(Napi::Env env, Napi::Object exports);
void InitNetdb(Napi::Env env, Napi::Object exports);
void InitHostent(Napi::Env env, Napi::Object exports);
void InitConstants(Napi::Env env, Napi::Object exports);
void InitLayout(Napi::Env env, Napi::Object exports);
void InitPoll(Napi::Env env, Napi::Object exports);
void InitWatch(Napi::Env env, Napi::Object exports);
void InitLibc(Napi::Env env, Napi::Object exports);
}  // namespace bs

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  bs::InitSocket(env, exports);
  bs::InitIo(env, exports);
  bs::InitSockopt(env, exports);
  bs::InitMsg(env, exports);
  bs::InitNetdb(env, exports);
  bs::InitHostent(env, exports);
  bs::InitConstants(env, exports);
  bs::InitLayout(env, exports);
  bs::InitPoll(env, exports);
  bs::InitWatch(env, exports);
  bs::InitLibc(env, exports);
  return exports;
}

NODE_API_MODULE(berkeley_sockets, Init)
