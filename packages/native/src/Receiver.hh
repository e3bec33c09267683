// One receiver of a doorbell on one thread: a Source watched by a uv_poll handle on this thread's
// own event loop, delivering counts to JS. Made only by the binding's factories (binding.cc,
// SourceFactories.hh): createEventfd, createPipe, openReceiver, adoptSocket, adoptEventfd.
#pragma once
#include <napi.h>
#include <uv.h>

#include <memory>

#include "FloodHold.hh"
#include "HandleCloser.hh"
#include "Source.hh"

namespace doorbell {

class Receiver : public Napi::ObjectWrap<Receiver> {
 public:
  // Where New hands the constructor its source: one per addon instance (so per thread), empty
  // except during New. (Not a napi External: node frees those only when they are collected, and
  // a worker that ends first leaks them.)
  using SourceSlot = std::unique_ptr<Source>*;

  static Napi::Function Define(Napi::Env env, SourceSlot* slot);
  // A receiver over `source`; `state` (a doorbell's Int32Array, or undefined) is kept alive with
  // it. `receiverClass` and `slot` are what Define returned and was given.
  static Napi::Value New(Napi::FunctionReference& receiverClass, SourceSlot* slot, std::unique_ptr<Source> source,
                         Napi::Value state);

  // Called by New only: (state), with the source in the slot.
  explicit Receiver(const Napi::CallbackInfo& info);
  ~Receiver() override;

 private:
  Napi::Value Fd(const Napi::CallbackInfo& info);
  Napi::Value WriteFd(const Napi::CallbackInfo& info);
  Napi::Value Drain(const Napi::CallbackInfo& info);
  Napi::Value PutBack(const Napi::CallbackInfo& info);
  Napi::Value RingPeer(const Napi::CallbackInfo& info);
  void Watch(const Napi::CallbackInfo& info);
  void Unwatch(const Napi::CallbackInfo& info);
  void SetRef(const Napi::CallbackInfo& info);
  void SetPollUnderLoad(const Napi::CallbackInfo& info);
  Napi::Value BeginEnd(const Napi::CallbackInfo& info);
  Napi::Value OthersInside(const Napi::CallbackInfo& info);
  void Close(const Napi::CallbackInfo& info);

  static void OnPoll(uv_poll_t* poll, int status, int events);
  static void OnTick(void* self);
  void HandleReadable(int status, bool tick);
  void Deliver(Napi::FunctionReference& callback, std::initializer_list<napi_value> args);
  void DeliverCount(uint64_t count);
  void StopWatching();
  void UpdatePoll(Napi::Env env);
  void CloseResources();  // the part of closing that needs no JS: poll, timer, fd, cleanup hook
  static void OnEnvironmentTeardown(void* self);

  std::unique_ptr<Source> source_;
  FloodHold hold_;
  Napi::Reference<Napi::Int32Array> stateBuffer_;  // keeps a doorbell's shared memory alive
  bool closed_ = false;
  bool refed_ = true;
  bool watching_ = false;
  bool active_ = false;  // Ref()'d: the poll wants something
  HandleCloser* closer_ = nullptr;  // closes poll_ and the hold's timer; detached once closed
  uv_poll_t* poll_ = nullptr;
  int pollEvents_ = 0;  // what poll_ was last started with
  Napi::FunctionReference onCount_;
  Napi::Reference<Napi::Int32Array> received_;
  int32_t* receivedWord_ = nullptr;
  Napi::FunctionReference onClosed_;
  Napi::FunctionReference onError_;
  std::unique_ptr<Napi::AsyncContext> asyncContext_;
};

}  // namespace doorbell
