// The flood policy of one receiver, with the timer it owns.
//
// A take that finds a flood (kFlood or more coalesced: rung while a wake-up was already due, so
// faster than this thread could wake) holds the rings that follow in shared memory (Source::hold,
// Coalescer.hh "Holding") and takes them every period, until a tick finds less than kFlood.
// Meanwhile a ring is one CAS and never a syscall, and this thread wakes once a period however
// fast rings come, at the price of delivering a count rung during a flood up to one period later.
// Raw writers still wake it at once: they write to the fd. A single big ring, or a raw write,
// coalesces nothing and starts no hold.
//
// The timer is a timerfd under a uv_poll, made at the first hold: libuv's timers count whole
// milliseconds, and a period below one (setPollUnderLoad's periodMicros) is what a latency-minded
// receiver asks for. If the timerfd cannot be made (out of fds), no hold starts: every burst then
// wakes the receiver, as with the policy off.
#pragma once
#include <uv.h>

#include <cstdint>

#include "HandleCloser.hh"
#include "Source.hh"
#include "linux/timerfd.hh"
#include "posix/fdio.hh"

namespace doorbell {

class FloodHold {
 public:
  static constexpr uint64_t kFlood = 64;
  static constexpr uint64_t kDefaultPeriodMicros = 1000;

  // onTick(owner) runs on each tick of a hold: it takes (and calls afterTake).
  FloodHold(Source& source, void (*onTick)(void*), void* owner) : source_(source), onTick_(onTick), owner_(owner) {}

  uint64_t periodMicros() const { return periodMicros_; }

  // Whether floods start holds, and the period of a hold's takes (applies to a hold under way).
  void configure(bool enabled, uint64_t periodMicros) {
    enabled_ = enabled;
    if (!enabled) end();
    if (periodMicros == periodMicros_) return;
    periodMicros_ = periodMicros;
    if (source_.holding()) os::armTimer(timerFd_, periodMicros_);
  }

  // After each take: a flood starts a hold (if mayStart: the receiver watches and is open); a
  // tick that finds less than a flood ends it.
  void afterTake(uv_loop_t* loop, uint64_t taken, uint64_t coalesced, bool tick, bool mayStart) {
    if (source_.holding()) {
      if (tick && taken < kFlood) end();
      return;
    }
    if (coalesced < kFlood || !enabled_ || !mayStart || !makeTimer(loop) || !source_.hold()) return;
    if (os::armTimer(timerFd_, periodMicros_) < 0 || uv_poll_start(poll_, UV_READABLE, OnTimer) < 0) end();
  }

  // Ends a hold: what it kept in shared memory goes where any receiver will find it.
  void end() {
    if (!source_.holding()) return;
    os::armTimer(timerFd_, 0);
    uv_poll_stop(poll_);
    os::clearTimer(timerFd_);
    source_.release();
  }

  // Whether the timer keeps the loop alive (as the receiver's poll does).
  void setRef(bool refed) {
    refed_ = refed;
    if (poll_ == nullptr) return;
    auto* handle = reinterpret_cast<uv_handle_t*>(poll_);
    refed ? uv_ref(handle) : uv_unref(handle);
  }

  void close(HandleCloser& closer) {
    end();
    if (poll_ != nullptr) closer.close(poll_);  // stops watching the fd now: it may be closed
    poll_ = nullptr;
    os::closeFd(timerFd_);
    timerFd_ = -1;
  }

 private:
  bool makeTimer(uv_loop_t* loop) {
    if (poll_ != nullptr) return true;
    int fd = os::createTimer();
    if (fd < 0) return false;
    auto* poll = new uv_poll_t;
    if (uv_poll_init(loop, poll, fd) < 0) {
      delete poll;
      os::closeFd(fd);
      return false;
    }
    poll->data = this;
    if (!refed_) uv_unref(reinterpret_cast<uv_handle_t*>(poll));
    timerFd_ = fd;
    poll_ = poll;
    return true;
  }

  static void OnTimer(uv_poll_t* poll, int, int) {
    auto* self = static_cast<FloodHold*>(poll->data);
    os::clearTimer(self->timerFd_);  // level-triggered: read the expirations, or it fires again
    self->onTick_(self->owner_);
  }

  Source& source_;
  void (*onTick_)(void*);
  void* owner_;
  int timerFd_ = -1;
  uv_poll_t* poll_ = nullptr;  // on timerFd_
  bool enabled_ = true;
  bool refed_ = true;
  uint64_t periodMicros_ = kDefaultPeriodMicros;
};

}  // namespace doorbell
