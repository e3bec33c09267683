#include "Receiver.hh"

#include <cerrno>
#include <cstdint>

#include "convert.hh"
#include "errors.hh"

namespace doorbell {

Napi::Function Receiver::Define(Napi::Env env) {
  return DefineClass(env, "Receiver",
                     {
                         InstanceMethod<&Receiver::Fd>("fd"),
                         InstanceMethod<&Receiver::Drain>("drain"),
                         InstanceMethod<&Receiver::PutBack>("putBack"),
                         InstanceMethod<&Receiver::Watch>("watch"),
                         InstanceMethod<&Receiver::Unwatch>("unwatch"),
                         InstanceMethod<&Receiver::SetRef>("setRef"),
                         InstanceMethod<&Receiver::Close>("close"),
                     });
}

Receiver::Receiver(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<Receiver>(info), state_(StateFromJs(info[0])) {
  Napi::Env env = info.Env();
  stateBuffer_ = Napi::Persistent(StateArrayFromJs(info[0]));
  if (info[1].IsBoolean()) {
    creator_ = true;
    fd_ = os::createEventfd(info[1].As<Napi::Boolean>().Value());
    if (fd_ < 0) throw ErrnoError(env, "eventfd", fd_);
  } else {
    int shared = FdFromJs(info[1]);
    if (!state_.acquire(shared)) throw CodedError(env, "ERR_DOORBELL_CLOSED", "the doorbell is closed");
    fd_ = os::duplicate(shared);
    state_.release(shared);
    if (fd_ < 0) throw ErrnoError(env, "fcntl(F_DUPFD_CLOEXEC)", fd_);
  }
  napi_add_env_cleanup_hook(env, OnEnvironmentCleanup, this);
  hookRegistered_ = true;
}

Receiver::~Receiver() { CloseResources(); }

Napi::Value Receiver::Fd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), fd_); }

Receiver::Take Receiver::TakeCount(uint64_t* count, int* error) {
  uint64_t written = 0;
  int result = os::readCount(fd_, &written);
  if (result < 0) written = 0;
  uint64_t coalesced = state_.coalescer().take();
  if (state_.closed()) {
    if (written > 0 || coalesced > 0) os::writeCount(fd_, 1);  // pass the close wake-up on
    return Take::kClosed;
  }
  if (result < 0 && result != -EAGAIN) {
    *error = result;
    if (coalesced > 0) os::writeCount(fd_, coalesced);  // not lost: back into the kernel counter
    return Take::kEmpty;
  }
  if (coalesced > UINT64_MAX - written) {
    // Only a foreign writer near 2^64 gets here (Coalescer.hh, "Limit"): deliver in two parts.
    os::writeCount(fd_, coalesced);
    coalesced = 0;
  }
  *count = written + coalesced;
  return *count > 0 ? Take::kCount : Take::kEmpty;
}

// drain(): number | bigint, 0 when nothing is pending. Throws ERR_DOORBELL_CLOSED.
Napi::Value Receiver::Drain(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (closed_) throw CodedError(env, "ERR_DOORBELL_CLOSED", "the doorbell is closed");
  uint64_t count = 0;
  int error = 0;
  switch (TakeCount(&count, &error)) {
    case Take::kClosed:
      throw CodedError(env, "ERR_DOORBELL_CLOSED", "the doorbell is closed");
    case Take::kEmpty:
      if (error != 0) throw ErrnoError(env, "read", error);
      return Napi::Number::New(env, 0);
    case Take::kCount:
      break;
  }
  return CountToJs(env, count);
}

// putBack(n): returns 0, or the negative errno of the write (-EAGAIN: it no longer fits).
Napi::Value Receiver::PutBack(const Napi::CallbackInfo& info) {
  if (closed_) return Napi::Number::New(info.Env(), -EBADF);
  return Napi::Number::New(info.Env(), state_.coalescer().putBack(fd_, CountFromJs(info[0])));
}

// watch(onCount, onClosed, onError)
void Receiver::Watch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (closed_) throw CodedError(env, "ERR_DOORBELL_CLOSED", "the doorbell is closed");
  onCount_ = Napi::Persistent(info[0].As<Napi::Function>());
  onClosed_ = Napi::Persistent(info[1].As<Napi::Function>());
  onError_ = Napi::Persistent(info[2].As<Napi::Function>());
  if (!asyncContext_) asyncContext_ = std::make_unique<Napi::AsyncContext>(env, "Doorbell");
  if (watching_) return;
  if (poll_ == nullptr) {
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    auto* poll = new uv_poll_t;
    int result = uv_poll_init(loop, poll, fd_);
    if (result < 0) {
      delete poll;
      throw ErrnoError(env, "uv_poll_init", result);
    }
    poll->data = this;
    poll_ = poll;
  }
  int result = uv_poll_start(poll_, UV_READABLE, OnPoll);
  if (result < 0) throw ErrnoError(env, "uv_poll_start", result);
  if (!refed_) uv_unref(reinterpret_cast<uv_handle_t*>(poll_));
  watching_ = true;
  Ref();  // an active watch keeps this object (and its callbacks) alive
}

void Receiver::Unwatch(const Napi::CallbackInfo&) { StopWatching(); }

void Receiver::StopWatching() {
  if (!watching_) return;
  watching_ = false;
  if (poll_ != nullptr) uv_poll_stop(poll_);
  onCount_.Reset();
  onClosed_.Reset();
  onError_.Reset();
  Unref();
}

void Receiver::SetRef(const Napi::CallbackInfo& info) {
  refed_ = info[0].ToBoolean().Value();
  if (poll_ == nullptr) return;
  auto* handle = reinterpret_cast<uv_handle_t*>(poll_);
  refed_ ? uv_ref(handle) : uv_unref(handle);
}

void Receiver::Close(const Napi::CallbackInfo&) {
  StopWatching();
  CloseResources();
  // stateBuffer_ and asyncContext_ live until the destructor: close() may run inside a callback.
}

void Receiver::CloseResources() {
  if (closed_) return;
  closed_ = true;
  if (poll_ != nullptr) {
    // uv_close stops the poll at once (the fd leaves epoll now); the memory goes in the callback.
    uv_close(reinterpret_cast<uv_handle_t*>(poll_),
             [](uv_handle_t* handle) { delete reinterpret_cast<uv_poll_t*>(handle); });
    poll_ = nullptr;
  }
  if (creator_) {
    state_.revoke(fd_);  // the fd is closed by whoever is the last to use it
  } else {
    os::closeFd(fd_);
  }
  fd_ = -1;
  if (hookRegistered_) {
    hookRegistered_ = false;
    napi_remove_env_cleanup_hook(Env(), OnEnvironmentCleanup, this);
  }
}

void Receiver::OnEnvironmentCleanup(void* data) {
  auto* self = static_cast<Receiver*>(data);
  self->hookRegistered_ = false;  // node removes a hook once it has run
  self->CloseResources();
}

void Receiver::OnPoll(uv_poll_t* poll, int status, int) {
  static_cast<Receiver*>(poll->data)->HandleReadable(status);
}

// Runs from libuv, with no JS on the stack. Uses only C API calls that report failure by status,
// because this can run while a worker is being terminated, when calling into JS is refused.
void Receiver::HandleReadable(int status) {
  Napi::Env env = Env();
  Napi::HandleScope scope(env);
  if (status < 0) {
    if (napi_value error = RawErrnoError(env, "uv_poll", status)) Deliver(onError_, {error});
    return;
  }
  uint64_t count = 0;
  int error = 0;
  switch (TakeCount(&count, &error)) {
    case Take::kClosed: {
      Napi::FunctionReference onClosed = std::move(onClosed_);
      StopWatching();
      CloseResources();
      Deliver(onClosed, {});
      return;
    }
    case Take::kEmpty:
      if (error == 0) return;
      if (napi_value value = RawErrnoError(env, "read", error)) Deliver(onError_, {value});
      return;
    case Take::kCount:
      Deliver(onCount_, {CountToJs(env, count)});
      return;
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
