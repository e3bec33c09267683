// Closes a receiver's libuv handles so that no close callback can outlive the addon's code.
//
// Why: uv_close only schedules the close; libuv runs the close callback on a later turn of the
// loop. When a worker ends (it returns, calls process.exit, throws, or is terminated) node tears
// its environment down and unloads the addon with it; if the main thread never loaded the addon,
// its code is unmapped then, and a close callback still queued jumps into nothing (SIGSEGV).
//
// How, as node documents for napi_add_async_cleanup_hook: one async cleanup hook is registered
// per receiver when it is made, and removed only once the receiver is closed AND every handle it
// closed has run its close callback. Node keeps the environment (its loop turning, the addon
// loaded) until every async cleanup hook is removed. If the environment goes first, the hook
// closes the receiver (onTeardown); the removal then happens in the last close callback.
//
// The closer outlives its receiver when a close is still in flight, so the close callbacks only
// touch the closer, never the receiver.
#pragma once
#include <node_api.h>
#include <uv.h>

namespace doorbell {

class HandleCloser {
 public:
  // Registers the hook; onTeardown(owner) runs if the environment is torn down first, and must
  // end with detach(). nullptr if node refused the hook (then nothing is registered).
  static HandleCloser* Create(napi_env env, void (*onTeardown)(void*), void* owner) {
    auto* closer = new HandleCloser(onTeardown, owner);
    if (napi_add_async_cleanup_hook(env, OnTeardown, closer, &closer->hook_) != napi_ok) {
      delete closer;
      return nullptr;
    }
    return closer;
  }

  // Closes a handle made with `new H`, and deletes it once libuv is done with it.
  template <class H>
  void close(H* handle) {
    auto* base = reinterpret_cast<uv_handle_t*>(handle);
    base->data = this;
    closing_++;
    uv_close(base, [](uv_handle_t* closed) {
      auto* self = static_cast<HandleCloser*>(closed->data);
      delete reinterpret_cast<H*>(closed);
      self->closing_--;
      self->finishIfDone();
    });
  }

  // The owner has closed everything it will ever close; the closer finishes (removes the hook,
  // deletes itself) as soon as the last close callback has run, which may be now.
  void detach() {
    owner_ = nullptr;
    finishIfDone();
  }

 private:
  HandleCloser(void (*onTeardown)(void*), void* owner) : onTeardown_(onTeardown), owner_(owner) {}

  static void OnTeardown(napi_async_cleanup_hook_handle, void* data) {
    auto* self = static_cast<HandleCloser*>(data);
    if (self->owner_ != nullptr) self->onTeardown_(self->owner_);  // ends with detach()
  }

  void finishIfDone() {
    if (owner_ != nullptr || closing_ > 0) return;
    napi_remove_async_cleanup_hook(hook_);
    delete this;
  }

  void (*onTeardown_)(void*);
  void* owner_;
  int closing_ = 0;
  napi_async_cleanup_hook_handle hook_ = nullptr;
};

}  // namespace doorbell
