#include "Receiver.hh"

#include <cerrno>
#include <cstdint>

#include "convert.hh"
#include "errors.hh"

namespace doorbell {

Napi::Function Receiver::Define(Napi::Env env, SourceSlot* slot) {
  return DefineClass(env, "Receiver",
                     {
                         InstanceMethod<&Receiver::Fd>("fd"),
                         InstanceMethod<&Receiver::WriteFd>("writeFd"),
                         InstanceMethod<&Receiver::Drain>("drain"),
                         InstanceMethod<&Receiver::PutBack>("putBack"),
                         InstanceMethod<&Receiver::RingPeer>("ringPeer"),
                         InstanceMethod<&Receiver::Watch>("watch"),
                         InstanceMethod<&Receiver::Unwatch>("unwatch"),
                         InstanceMethod<&Receiver::SetRef>("setRef"),
                         InstanceMethod<&Receiver::SetPollUnderLoad>("setPollUnderLoad"),
                         InstanceMethod<&Receiver::BeginEnd>("beginEnd"),
                         InstanceMethod<&Receiver::OthersInside>("othersInside"),
                         InstanceMethod<&Receiver::Close>("close"),
                     },
                     slot);
}

namespace {

std::unique_ptr<Source> TakeSource(const Napi::CallbackInfo& info) {
  auto* slot = static_cast<Receiver::SourceSlot*>(info.Data());
  if (slot == nullptr || *slot == nullptr) {
    throw Napi::TypeError::New(info.Env(), "receivers are made by the binding's factories");
  }
  std::unique_ptr<Source> source = std::move(**slot);
  *slot = nullptr;
  return source;
}

}  // namespace

Napi::Value Receiver::New(Napi::FunctionReference& receiverClass, SourceSlot* slot, std::unique_ptr<Source> source,
                          Napi::Value state) {
  // The constructor takes the source out of the slot; if it never runs, `source` still owns it.
  struct Clear {
    SourceSlot* slot;
    ~Clear() { *slot = nullptr; }
  } clear{slot};
  *slot = &source;
  return receiverClass.New({state});
}

Receiver::Receiver(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<Receiver>(info), source_(TakeSource(info)), hold_(*source_, OnTick, this) {
  Napi::Env env = info.Env();
  if (info[0].IsTypedArray()) stateBuffer_ = Napi::Persistent(info[0].As<Napi::Int32Array>());
  closer_ = HandleCloser::Create(env, OnEnvironmentTeardown, this);
  if (closer_ == nullptr) {
    closed_ = true;
    source_->close();
    throw Napi::Error::New(env, "could not register the receiver's cleanup hook");
  }
}

Receiver::~Receiver() { CloseResources(); }

Napi::Value Receiver::Fd(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), closed_ ? -1 : source_->fd());
}

Napi::Value Receiver::WriteFd(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), closed_ ? -1 : source_->writeFd());
}

// drain(safeOnly): number | bigint, 0 when nothing is pending. Throws ERR_DOORBELL_CLOSED.
// safeOnly: a count above Number.MAX_SAFE_INTEGER is put back in this same call and returned as a
// bigint, so nothing can come between the take and the put-back (core then throws RangeError).
Napi::Value Receiver::Drain(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (closed_) throw ClosedError(env);
  bool safeOnly = info[0].ToBoolean().Value();
  uint64_t count = 0, coalesced = 0;
  int error = 0;
  switch (source_->take(&count, &error, &coalesced)) {
    case Source::Take::kClosed:
      throw ClosedError(env);
    case Source::Take::kEmpty:
      if (int malformed = source_->takeMalformed(); malformed > 0) throw MalformedError(env, malformed);
      if (error != 0) throw ErrnoError(env, "read", error);
      return Napi::Number::New(env, 0);
    case Source::Take::kCount:
      break;
  }
  // Malformed messages seen meanwhile stay counted: the next drain that finds nothing reports them.
  int putBack = safeOnly && count > kMaxSafeInteger ? source_->putBack(count) : 0;
  source_->finishTake();
  if (putBack < 0) throw ErrnoError(env, "write", putBack);  // the count could not be put back
  return CountToJs(env, count);
}

// beginEnd(): the creator's graceful end begins (SharedState.hh). False for any other receiver,
// or when the doorbell is closed already.
Napi::Value Receiver::BeginEnd(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), !closed_ && source_->beginEnd());
}

// othersInside(): during an end, whether a thread other than the ender is still inside.
Napi::Value Receiver::OthersInside(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), !closed_ && source_->othersInside());
}

// putBack(n): returns 0, or a negative errno: of the write (-EAGAIN: it no longer fits), or -EBADF
// once the doorbell is closed (the count is dropped with it).
Napi::Value Receiver::PutBack(const Napi::CallbackInfo& info) {
  if (closed_) return Napi::Number::New(info.Env(), -EBADF);
  return Napi::Number::New(info.Env(), source_->putBack(CountFromJs(info[0])));
}

// ringPeer(n): rings the other end of a pair. 0 or a negative errno (-EPIPE: the peer is gone).
Napi::Value Receiver::RingPeer(const Napi::CallbackInfo& info) {
  if (closed_) return Napi::Number::New(info.Env(), -EBADF);
  int result = source_->ringPeer(CountFromJs(info[0]));
  UpdatePoll(info.Env());
  return Napi::Number::New(info.Env(), result);
}

// watch(onCount, onClosed, onError, received): onCount sets received[0] to 1 first thing.
void Receiver::Watch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (closed_) throw ClosedError(env);
  // Stable while received_ holds the array: asking for the data moved it off the V8 heap.
  receivedWord_ = Int32DataFromJs(info[3], sizeof(int32_t), "received must be an Int32Array");
  received_ = Napi::Persistent(info[3].As<Napi::Int32Array>());
  onCount_ = Napi::Persistent(info[0].As<Napi::Function>());
  onClosed_ = Napi::Persistent(info[1].As<Napi::Function>());
  onError_ = Napi::Persistent(info[2].As<Napi::Function>());
  if (!asyncContext_) asyncContext_ = std::make_unique<Napi::AsyncContext>(env, "Doorbell");
  watching_ = true;
  UpdatePoll(env);
}

void Receiver::Unwatch(const Napi::CallbackInfo& info) {
  StopWatching();
  UpdatePoll(info.Env());
}

void Receiver::StopWatching() {
  hold_.end();
  watching_ = false;
  onCount_.Reset();
  onClosed_.Reset();
  onError_.Reset();
}

// The poll waits for what is wanted now: readable while watched, writable while a count for the
// peer waits. The handle keeps the loop alive while a count waits to be sent, or while watched
// and ref'd; this object stays alive (not garbage-collected) while either is wanted.
void Receiver::UpdatePoll(Napi::Env env) {
  bool wantRead = watching_ && !closed_;
  bool wantWrite = !closed_ && source_->hasUnsent();
  int events = (wantRead ? UV_READABLE : 0) | (wantWrite ? UV_WRITABLE : 0);
  if (events != 0 && poll_ == nullptr) {
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    auto* poll = new uv_poll_t;
    int result = uv_poll_init(loop, poll, source_->fd());
    if (result < 0) {
      delete poll;
      throw ErrnoError(env, "uv_poll_init", result);
    }
    poll->data = this;
    poll_ = poll;
  }
  if (poll_ != nullptr) {
    // libuv restarts a poll from scratch (epoll_ctl calls) on every uv_poll_start: only when the
    // wanted events change, not on every wake-up.
    if (events != pollEvents_) {
      int result = events == 0 ? uv_poll_stop(poll_) : uv_poll_start(poll_, events, OnPoll);
      if (result < 0) throw ErrnoError(env, "uv_poll_start", result);
      pollEvents_ = events;
    }
    auto* handle = reinterpret_cast<uv_handle_t*>(poll_);
    (wantWrite || (wantRead && refed_)) ? uv_ref(handle) : uv_unref(handle);
  }
  hold_.setRef(wantRead && refed_);
  bool active = events != 0;
  if (active != active_) {
    active_ = active;
    active ? Ref() : Unref();
  }
}

void Receiver::SetRef(const Napi::CallbackInfo& info) {
  refed_ = info[0].ToBoolean().Value();
  UpdatePoll(info.Env());
}

// setPollUnderLoad(enabled, periodMicros = the current period): whether a flood makes this
// receiver take on a timer, and how often (FloodHold.hh). RangeError for a period that is not a
// whole number of microseconds from 1 to 1000000.
void Receiver::SetPollUnderLoad(const Napi::CallbackInfo& info) {
  bool enabled = info[0].ToBoolean().Value();
  uint64_t period = info[1].IsUndefined() ? hold_.periodMicros() : PeriodFromJs(info[1]);
  hold_.configure(enabled, period);
}

void Receiver::OnTick(void* self) { static_cast<Receiver*>(self)->HandleReadable(0, true); }

void Receiver::Close(const Napi::CallbackInfo& info) {
  StopWatching();
  CloseResources();
  UpdatePoll(info.Env());
  // stateBuffer_ and asyncContext_ live until the destructor: close() may run inside a callback.
}

void Receiver::CloseResources() {
  if (closed_) return;
  closed_ = true;
  hold_.close(*closer_);
  if (poll_ != nullptr) {
    // uv_close stops the poll at once (the fd leaves epoll now); the memory goes in the callback.
    closer_->close(poll_);
    poll_ = nullptr;
    pollEvents_ = 0;
  }
  source_->close();
  closer_->detach();  // nothing more to close: the closer finishes once libuv is done
  closer_ = nullptr;
}

void Receiver::OnEnvironmentTeardown(void* data) { static_cast<Receiver*>(data)->CloseResources(); }

void Receiver::OnPoll(uv_poll_t* poll, int status, int events) {
  auto* self = static_cast<Receiver*>(poll->data);
  Napi::Env env = self->Env();
  Napi::HandleScope scope(env);
  if (status >= 0 && (events & UV_WRITABLE)) self->source_->flush();
  if (status < 0 || (events & UV_READABLE)) self->HandleReadable(status, false);
  try {
    self->UpdatePoll(env);
  } catch (const Napi::Error&) {
    // uv_poll_start on a poll that already ran cannot fail; nothing to report from here.
  }
}

// Runs from libuv, with no JS on the stack. Uses only C API calls that report failure by status,
// because this can run while a worker is being terminated, when calling into JS is refused.
void Receiver::HandleReadable(int status, bool tick) {
  Napi::Env env = Env();
  Napi::HandleScope scope(env);
  if (status < 0) {
    if (napi_value error = RawErrnoError(env, "uv_poll", status)) Deliver(onError_, {error});
    return;
  }
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  uint64_t count = 0, coalesced = 0;
  int error = 0;
  switch (source_->take(&count, &error, &coalesced)) {
    case Source::Take::kClosed: {
      Napi::FunctionReference onClosed = std::move(onClosed_);
      StopWatching();
      CloseResources();
      Deliver(onClosed, {});
      return;
    }
    case Source::Take::kEmpty:
      hold_.afterTake(loop, 0, 0, tick, watching_ && !closed_);
      if (error == 0) break;
      if (napi_value value = RawErrnoError(env, "read", error)) Deliver(onError_, {value});
      return;
    case Source::Take::kCount:
      hold_.afterTake(loop, count, coalesced, tick, watching_ && !closed_);  // first: the callback may close this
      DeliverCount(count);
      source_->finishTake();  // delivered or put back: now this take may leave the doorbell
      break;
  }
  if (int malformed = closed_ ? 0 : source_->takeMalformed(); malformed > 0) {
    if (napi_value value = RawMalformedError(env, malformed)) Deliver(onError_, {value});
  }
}

// A count is taken before JS can see it. If this thread is being torn down, JS may refuse to run
// (napi_make_callback then fails before calling anything): the count goes back, for another
// receiver, instead of being lost. onCount says it has the count by setting received[0].
void Receiver::DeliverCount(uint64_t count) {
  // The callback may watch again with another array: keep this one alive until it returns.
  [[maybe_unused]] Napi::Value keep = received_.Value();
  int32_t* received = receivedWord_;
  *received = 0;
  Deliver(onCount_, {CountToJs(Env(), count)});
  if (*received != 0 || closed_) return;
  // Not delivered, and it does not fit back (others rang meanwhile, past 2^64-2): say so, with
  // the real errno, rather than lose it silently.
  if (int result = source_->putBack(count); result < 0) {
    if (napi_value error = RawErrnoError(Env(), "write", result)) Deliver(onError_, {error});
  }
}

void Receiver::Deliver(Napi::FunctionReference& callback, std::initializer_list<napi_value> args) {
  if (callback.IsEmpty() || !asyncContext_) return;
  napi_env env = Env();
  napi_value fn;
  // Keep the function on the stack: the callback may close this receiver, which resets it.
  if (napi_get_reference_value(env, callback, &fn) != napi_ok || fn == nullptr) return;
  napi_value self, result;
  if (napi_get_reference_value(env, Napi::ObjectWrap<Receiver>::_ref, &self) != napi_ok) return;
  napi_status status = napi_make_callback(env, *asyncContext_, self, fn, args.size(), args.begin(), &result);
  if (status != napi_pending_exception) return;  // ok, or this environment can no longer run JS
  napi_value exception;
  if (napi_get_and_clear_last_exception(env, &exception) != napi_ok) return;
  // Nothing in JS is on the stack to catch it: report it like any uncaught exception. (While a
  // worker is being terminated, node refuses this too, and that is right.)
  napi_fatal_exception(env, exception);
}

}  // namespace doorbell
