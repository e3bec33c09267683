// Glue only: the addon's exports. Domain logic is in Receiver and SharedState, syscalls in linux/.
#include <napi.h>

#include "Receiver.hh"
#include "SharedState.hh"
#include "convert.hh"
#include "errors.hh"
#include "linux/socket.hh"

namespace doorbell {

class DoorbellAddon : public Napi::Addon<DoorbellAddon> {
 public:
  DoorbellAddon(Napi::Env env, Napi::Object exports) {
    DefineAddon(exports,
                {
                    InstanceValue("stateBytes", Napi::Number::New(env, SharedState::kBytes)),
                    InstanceValue("layout", Layout(env)),
                    InstanceValue("Receiver", Receiver::Define(env)),
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
    layout.Set("backendIndex", SharedState::kBackendIndex);
    layout.Set("count", Coalescer::kCount);
    layout.Set("pending", Coalescer::kPending);
    layout.Set("exact", Coalescer::kExact);
    layout.Set("closed", Coalescer::kClosed);
    layout.Freeze();
    return layout;
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
};

}  // namespace doorbell

using doorbell::DoorbellAddon;
NODE_API_ADDON(DoorbellAddon)
