// One receiver of a doorbell on one thread: an eventfd (the creator's, or a duplicate of it for a
// receiver opened from a handle) watched by a uv_poll handle on this thread's own event loop.
#pragma once
#include <napi.h>
#include <uv.h>

#include <memory>

#include "SharedState.hh"

namespace doorbell {

class Receiver : public Napi::ObjectWrap<Receiver> {
 public:
  static Napi::Function Define(Napi::Env env);

  // new Receiver(state: Int32Array, semaphore: boolean)   creates a new eventfd (the creator)
  // new Receiver(state: Int32Array, fd: number)           opens a further receiver of that doorbell
  explicit Receiver(const Napi::CallbackInfo& info);
  ~Receiver() override;

 private:
  Napi::Value Fd(const Napi::CallbackInfo& info);
  Napi::Value Drain(const Napi::CallbackInfo& info);
  Napi::Value PutBack(const Napi::CallbackInfo& info);
  void Watch(const Napi::CallbackInfo& info);
  void Unwatch(const Napi::CallbackInfo& info);
  void SetRef(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);

  enum class Take { kCount, kEmpty, kClosed };
  // Reads the counter. A read that races with the creator's close is dropped (the doorbell's
  // pending counts go with it) and the wake-up is passed on to the next receiver.
  Take TakeCount(uint64_t* count, int* error);

  static void OnPoll(uv_poll_t* poll, int status, int events);
  void HandleReadable(int status);
  void Deliver(Napi::FunctionReference& callback, std::initializer_list<napi_value> args);
  void StopWatching();
  void CloseResources();  // the part of closing that needs no JS: poll, fd, cleanup hook
  static void OnEnvironmentCleanup(void* self);

  SharedState state_;
  Napi::Reference<Napi::Int32Array> stateBuffer_;  // keeps the shared memory alive
  int fd_ = -1;
  bool creator_ = false;
  bool closed_ = false;
  bool refed_ = true;
  bool watching_ = false;
  bool hookRegistered_ = false;
  uv_poll_t* poll_ = nullptr;
  Napi::FunctionReference onCount_;
  Napi::FunctionReference onClosed_;
  Napi::FunctionReference onError_;
  std::unique_ptr<Napi::AsyncContext> asyncContext_;
};

}  // namespace doorbell
