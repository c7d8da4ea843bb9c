// All of the addon's libuv: one uv_poll_t per watched descriptor, on the
// environment's own loop (napi_get_uv_event_loop, never uv_default_loop(), so
// worker threads each get theirs). Readiness is reported to one JS dispatch
// function; the retry policy (try, EAGAIN, wait, retry) is in src/watch.ts.
//
// A watcher exists only while some operation waits on its descriptor: JS
// closes it when the last waiter leaves. An idle open uv_poll_t would keep
// the loop alive, and closing it later would deregister (epoll_ctl DEL) a
// descriptor that net.Socket may have adopted in the meantime.
#include <poll.h>
#include <uv.h>

#include <unordered_map>

#include "shim.h"

namespace bs {
namespace {

struct State;

struct Watcher {
  uv_poll_t handle;
  int fd;
  State* state;
};

// Per-environment state, owned by the addon's instance data.
struct State {
  napi_env env = nullptr;
  uv_loop_t* loop = nullptr;
  napi_ref dispatch = nullptr;
  napi_async_context context = nullptr;
  std::unordered_map<int, Watcher*> watchers;
  bool torn_down = false;
};

// Watchers closed at environment teardown: the async cleanup hook is released
// when the last one has closed. Outlives State on purpose.
struct Teardown {
  size_t pending;
  napi_async_cleanup_hook_handle hook;
};

int ToUv(int events) {
  return ((events & POLLIN) ? UV_READABLE : 0) | ((events & POLLOUT) ? UV_WRITABLE : 0) |
         ((events & POLLPRI) ? UV_PRIORITIZED : 0) | ((events & POLLRDHUP) ? UV_DISCONNECT : 0);
}

int ToPoll(int events) {
  return ((events & UV_READABLE) ? POLLIN : 0) | ((events & UV_WRITABLE) ? POLLOUT : 0) |
         ((events & UV_PRIORITIZED) ? POLLPRI : 0) | ((events & UV_DISCONNECT) ? POLLRDHUP : 0);
}

void FreeWatcher(uv_handle_t* h) { delete static_cast<Watcher*>(h->data); }

// dispatch(fd, status, revents): status is 0 or -errno (libuv reports a
// socket's POLLERR as -EBADF and stops the watcher).
void OnPoll(uv_poll_t* h, int status, int events) {
  Watcher* w = static_cast<Watcher*>(h->data);
  State* s = w->state;
  if (s->torn_down || s->dispatch == nullptr) return;
  napi_env env = s->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value fn, recv, args[3], result;
  napi_get_reference_value(env, s->dispatch, &fn);
  napi_get_global(env, &recv);  // napi_make_callback wants an object
  napi_create_int32(env, w->fd, &args[0]);
  napi_create_int32(env, status, &args[1]);
  napi_create_int32(env, ToPoll(events), &args[2]);
  // w may be closed by the callback; it is not touched afterwards.
  // napi_make_callback runs the microtasks, so awaiting code resumes here.
  if (napi_make_callback(env, s->context, recv, fn, 3, args, &result) == napi_pending_exception) {
    napi_value err;
    napi_valuetype type = napi_undefined;
    // A terminating worker reports no exception value: nothing to raise.
    if (napi_get_and_clear_last_exception(env, &err) == napi_ok && napi_typeof(env, err, &type) == napi_ok &&
        type != napi_undefined)
      napi_fatal_exception(env, err);
  }
  napi_close_handle_scope(env, scope);
}

void Close(State* s, std::unordered_map<int, Watcher*>::iterator it) {
  Watcher* w = it->second;
  s->watchers.erase(it);
  // Stops polling and deregisters the descriptor now; the memory goes in the
  // close callback.
  uv_close(reinterpret_cast<uv_handle_t*>(&w->handle), FreeWatcher);
}

State* GetState(Napi::Env env) {
  State* s = env.GetInstanceData<State>();
  if (s == nullptr || s->torn_down) ThrowType(env, "the watcher state of this environment is gone");
  return s;
}

// watch_init(dispatch): the function that receives readiness reports.
Napi::Value WatchInit(const Napi::CallbackInfo& info) {
  State* s = GetState(info.Env());
  if (!info[0].IsFunction()) ThrowType(info.Env(), "dispatch must be a function");
  if (s->dispatch != nullptr) napi_delete_reference(s->env, s->dispatch);
  NAPI_THROW_IF_FAILED(info.Env(), napi_create_reference(s->env, info[0], 1, &s->dispatch), Napi::Value());
  return info.Env().Undefined();
}

// watch(fd, events): starts (or changes) the watcher of fd for POLLIN,
// POLLOUT, POLLPRI, POLLRDHUP. Returns 0 or -errno (uv_poll_init refuses a
// descriptor this loop already watches with EEXIST, a regular file with
// EPERM, a closed one with EBADF; it also sets O_NONBLOCK).
Napi::Value Watch(const Napi::CallbackInfo& info) {
  State* s = GetState(info.Env());
  int fd = Int(info, 0);
  int events = ToUv(Int(info, 1));
  // A started watcher without a dispatch function would keep the loop alive for nothing.
  if (s->dispatch == nullptr) ThrowType(info.Env(), "watch_init must be called first");
  if (fd < 0) return Napi::Number::New(info.Env(), -EBADF);
  auto it = s->watchers.find(fd);
  Watcher* w;
  if (it == s->watchers.end()) {
    w = new Watcher{};
    w->fd = fd;
    w->state = s;
    int r = uv_poll_init(s->loop, &w->handle, fd);
    if (r < 0) {
      delete w;
      return Napi::Number::New(info.Env(), r);
    }
    w->handle.data = w;
    it = s->watchers.emplace(fd, w).first;
  } else {
    w = it->second;
  }
  int r = uv_poll_start(&w->handle, events, OnPoll);
  if (r < 0) Close(s, it);
  return Napi::Number::New(info.Env(), r);
}

// unwatch(fd): closes fd's watcher, if any. Call before close(fd), so no
// callback can fire for a descriptor number that is later reused.
Napi::Value Unwatch(const Napi::CallbackInfo& info) {
  State* s = GetState(info.Env());
  auto it = s->watchers.find(Int(info, 0));
  if (it == s->watchers.end()) return Napi::Number::New(info.Env(), 0);
  Close(s, it);
  return Napi::Number::New(info.Env(), 1);
}

// watch_count(): open watchers in this environment (tests check for leaks).
Napi::Value WatchCount(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(GetState(info.Env())->watchers.size()));
}

// Environment teardown (process exit, worker termination): close every
// watcher and hold teardown until libuv has run their close callbacks.
void OnTeardown(napi_async_cleanup_hook_handle hook, void* arg) {
  State* s = static_cast<State*>(arg);
  s->torn_down = true;
  // The dispatch function's reference is ours to delete (Node does not free
  // plain references with the environment: LeakSanitizer found 40 bytes here).
  if (s->dispatch != nullptr) {
    napi_delete_reference(s->env, s->dispatch);
    s->dispatch = nullptr;
  }
  if (s->context != nullptr) {
    napi_async_destroy(s->env, s->context);
    s->context = nullptr;
  }
  Teardown* t = new Teardown{s->watchers.size(), hook};
  if (t->pending == 0) {
    napi_remove_async_cleanup_hook(hook);
    delete t;
    return;
  }
  for (auto& [fd, w] : s->watchers) {
    w->handle.data = t;
    uv_close(reinterpret_cast<uv_handle_t*>(&w->handle), [](uv_handle_t* h) {
      Teardown* t = static_cast<Teardown*>(h->data);
      delete reinterpret_cast<Watcher*>(h);  // handle is Watcher's first member
      if (--t->pending == 0) {
        napi_remove_async_cleanup_hook(t->hook);
        delete t;
      }
    });
  }
  s->watchers.clear();
}

}  // namespace

void InitWatch(Napi::Env env, Napi::Object exports) {
  State* s = new State();
  s->env = env;
  if (napi_get_uv_event_loop(env, &s->loop) != napi_ok) {
    delete s;
    throw Napi::Error::New(env, "no event loop for this environment");
  }
  napi_value name;
  napi_create_string_utf8(env, "berkeley-sockets:poll", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, nullptr, name, &s->context);
  env.SetInstanceData<State>(s);  // deleted when env goes (the dispatch reference in OnTeardown)
  napi_add_async_cleanup_hook(env, OnTeardown, s, nullptr);
  Set(env, exports, "watch_init", WatchInit);
  Set(env, exports, "watch", Watch);
  Set(env, exports, "unwatch", Unwatch);
  Set(env, exports, "watch_count", WatchCount);
}

}  // namespace bs
