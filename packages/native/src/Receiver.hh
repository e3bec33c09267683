// One receiver of a doorbell on one thread: a Source (an eventfd, or one end of a pair) watched by
// a uv_poll handle on this thread's own event loop, delivering counts to JS.
#pragma once
#include <napi.h>
#include <uv.h>

#include <memory>

#include "HandleCloser.hh"
#include "Source.hh"

namespace doorbell {

class Receiver : public Napi::ObjectWrap<Receiver> {
 public:
  static Napi::Function Define(Napi::Env env);

  // new Receiver(state: Int32Array, semaphore: boolean)   creates a new eventfd (the creator)
  // new Receiver(state: Int32Array, fd: number)           opens a further receiver of that doorbell
  // new Receiver('socket', fd: number)                    adopts one end of a DoorbellPair
  explicit Receiver(const Napi::CallbackInfo& info);
  ~Receiver() override;

 private:
  Napi::Value Fd(const Napi::CallbackInfo& info);
  Napi::Value WriteFd(const Napi::CallbackInfo& info);
  Napi::Value Drain(const Napi::CallbackInfo& info);
  Napi::Value PutBack(const Napi::CallbackInfo& info);
  Napi::Value RingPeer(const Napi::CallbackInfo& info);
  Napi::Value BeginEnd(const Napi::CallbackInfo& info);
  Napi::Value OthersInside(const Napi::CallbackInfo& info);
  void Watch(const Napi::CallbackInfo& info);
  void Unwatch(const Napi::CallbackInfo& info);
  void SetRef(const Napi::CallbackInfo& info);
  void SetPollUnderLoad(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);

  static void OnPoll(uv_poll_t* poll, int status, int events);
  static void OnTick(uv_timer_t* timer);
  void UpdateHold(uint64_t taken, uint64_t coalesced, bool tick);
  void EndHold();
  void HandleReadable(int status, bool tick);
  void Deliver(Napi::FunctionReference& callback, std::initializer_list<napi_value> args);
  void DeliverCount(uint64_t count);
  void StopWatching();
  void UpdatePoll(Napi::Env env);
  void CloseResources();  // the part of closing that needs no JS: poll, timer, fd, cleanup hook
  static void OnEnvironmentTeardown(void* self);

  std::unique_ptr<Source> source_;
  Napi::Reference<Napi::Int32Array> stateBuffer_;  // keeps an eventfd doorbell's shared memory alive
  bool closed_ = false;
  bool refed_ = true;
  bool watching_ = false;
  bool active_ = false;  // Ref()'d: the poll wants something
  HandleCloser* closer_ = nullptr;  // closes poll_ and timer_; detached once this is closed
  uv_poll_t* poll_ = nullptr;
  int pollEvents_ = 0;  // what poll_ was last started with
  // Under a flood, rings are held in shared memory and taken on timer_ (see UpdateHold).
  bool pollUnderLoad_ = true;
  uv_timer_t* timer_ = nullptr;
  Napi::FunctionReference onCount_;
  Napi::Reference<Napi::Int32Array> received_;
  int32_t* receivedWord_ = nullptr;
  Napi::FunctionReference onClosed_;
  Napi::FunctionReference onError_;
  std::unique_ptr<Napi::AsyncContext> asyncContext_;
};

}  // namespace doorbell
