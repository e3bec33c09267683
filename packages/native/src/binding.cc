// Glue only: the addon's exports. Each factory validates its arguments and hands a Source
// (SourceFactories.hh) to a new Receiver. Domain logic is in Receiver, the Sources and
// SharedState; syscalls in posix/ and linux/.
#include <napi.h>

#include "Receiver.hh"
#include "SharedState.hh"
#include "SourceFactories.hh"
#include "convert.hh"
#include "errors.hh"
#include "linux/fdkind.hh"
#include "linux/socket.hh"

namespace doorbell {

class DoorbellAddon : public Napi::Addon<DoorbellAddon> {
 public:
  DoorbellAddon(Napi::Env env, Napi::Object exports)
      : receiverClass_(Napi::Persistent(Receiver::Define(env, &sourceSlot_))) {
    DefineAddon(exports,
                {
                    InstanceValue("stateBytes", Napi::Number::New(env, SharedState::kBytes)),
                    InstanceValue("layout", Layout(env)),
                    InstanceMethod<&DoorbellAddon::CreateEventfd>("createEventfd"),
                    InstanceMethod<&DoorbellAddon::CreatePipe>("createPipe"),
                    InstanceMethod<&DoorbellAddon::OpenReceiver>("openReceiver"),
                    InstanceMethod<&DoorbellAddon::AdoptSocket>("adoptSocket"),
                    InstanceMethod<&DoorbellAddon::AdoptEventfd>("adoptEventfd"),
                    InstanceMethod<&DoorbellAddon::FdKind>("fdKind"),
                    InstanceMethod<&DoorbellAddon::Ring>("ring"),
                    InstanceMethod<&DoorbellAddon::RingFd>("ringFd"),
                    InstanceMethod<&DoorbellAddon::IsClosed>("isClosed"),
                    InstanceMethod<&DoorbellAddon::SocketPair>("socketPair"),
                });
  }

 private:
  // Where core's fast path finds the coalescing word and its bits (see Coalescer.hh).
  static Napi::Object Layout(Napi::Env env) {
    Napi::Object layout = Napi::Object::New(env);
    layout.Set("lanes", Coalescer::kLanes);
    layout.Set("laneIndex", SharedState::kLaneIndex);
    layout.Set("laneStride", SharedState::kLaneStride);
    layout.Set("count", Coalescer::kCount);
    layout.Set("pending", Coalescer::kPending);
    layout.Set("exact", Coalescer::kExact);
    layout.Set("closed", Coalescer::kClosed);
    layout.Freeze();
    return layout;
  }

  // createEventfd(state, semaphore): a new eventfd doorbell; the receiver is its creator.
  Napi::Value CreateEventfd(const Napi::CallbackInfo& info) {
    SharedState state = StateFromJs(info[0]);
    bool semaphore = BooleanFromJs(info[1], "semaphore must be a boolean");
    return Receiver::New(receiverClass_, &sourceSlot_, CreateEventfdSource(info.Env(), state, semaphore), info[0]);
  }

  // createPipe(state): a new pipe doorbell; the receiver is its creator.
  Napi::Value CreatePipe(const Napi::CallbackInfo& info) {
    SharedState state = StateFromJs(info[0]);
    return Receiver::New(receiverClass_, &sourceSlot_, CreatePipeSource(info.Env(), state), info[0]);
  }

  // openReceiver(state, fd, readFd): a further receiver of an open doorbell; ERR_DOORBELL_CLOSED
  // once it is closed. The fds it duplicates are the creator's, as the state names them; fd and
  // readFd (the handle's) are checked to be numbers only.
  Napi::Value OpenReceiver(const Napi::CallbackInfo& info) {
    SharedState state = StateFromJs(info[0]);
    FdFromJs(info[1]);
    return Receiver::New(receiverClass_, &sourceSlot_, OpenSource(info.Env(), state), info[0]);
  }

  // adoptSocket(fd): one end of a DoorbellPair; the receiver owns (and will close) fd.
  Napi::Value AdoptSocket(const Napi::CallbackInfo& info) {
    int fd = FdFromJs(info[0]);
    return Receiver::New(receiverClass_, &sourceSlot_, AdoptSocketSource(info.Env(), fd), info.Env().Undefined());
  }

  // adoptEventfd(fd, semaphore): a receiver on a duplicate of an eventfd made elsewhere.
  Napi::Value AdoptEventfd(const Napi::CallbackInfo& info) {
    int fd = FdFromJs(info[0]);
    bool semaphore = BooleanFromJs(info[1], "semaphore must be a boolean");
    return Receiver::New(receiverClass_, &sourceSlot_, AdoptEventfdSource(info.Env(), fd, semaphore),
                         info.Env().Undefined());
  }

  // fdKind(fd): what fd is (linux/fdkind.hh); an errno error (EBADF) when it is not open.
  Napi::Value FdKind(const Napi::CallbackInfo& info) {
    os::FdKind kind;
    if (int result = os::fdKind(FdFromJs(info[0]), &kind); result < 0) throw ErrnoError(info.Env(), "fstat", result);
    return Napi::String::New(info.Env(), os::fdKindName(kind));
  }

  // ring(state, fd, n, lane = 0), the slow path of a ring on a coalescer lane (see Coalescer.hh):
  // 0 on success, 1 when the doorbell is closed, or a negative errno (-EAGAIN: the count would
  // pass 2^64-2 and nothing was added).
  Napi::Value Ring(const Napi::CallbackInfo& info) {
    SharedState state = StateFromJs(info[0]);
    int fd = FdFromJs(info[1]);
    uint64_t n = CountFromJs(info[2]);
    int lane = info[3].IsUndefined() ? 0 : LaneFromJs(info[3]);
    if (!state.acquire()) return Napi::Number::New(info.Env(), 1);
    int result = state.ring(fd, lane, n);
    state.leave();
    return Napi::Number::New(info.Env(), result);
  }

  // ringFd(fd, n): a raw ring on an fd this process inherited. 0 or a negative errno.
  Napi::Value RingFd(const Napi::CallbackInfo& info) {
    return Napi::Number::New(info.Env(), os::writeCount(FdFromJs(info[0]), CountFromJs(info[1])));
  }

  // socketPair(): [fd, fd], the two ends of a DoorbellPair (SOCK_SEQPACKET, close-on-exec).
  Napi::Value SocketPair(const Napi::CallbackInfo& info) {
    int fds[2];
    if (int result = os::createSocketPair(fds); result < 0) throw ErrnoError(info.Env(), "socketpair", result);
    Napi::Array pair = Napi::Array::New(info.Env(), 2);
    pair.Set(0u, fds[0]);
    pair.Set(1u, fds[1]);
    return pair;
  }

  Napi::Value IsClosed(const Napi::CallbackInfo& info) {
    return Napi::Boolean::New(info.Env(), StateFromJs(info[0]).closed());
  }

  Receiver::SourceSlot sourceSlot_ = nullptr;  // declared before receiverClass_, which is given its address
  Napi::FunctionReference receiverClass_;
};

}  // namespace doorbell

using doorbell::DoorbellAddon;
NODE_API_ADDON(DoorbellAddon)
