// The flood policy of one receiver, with the timer it owns.
//
// A take that finds a flood (kFlood or more coalesced: rung while a wake-up was already due, so
// faster than this thread could wake) holds the rings that follow in shared memory (Source::hold,
// Coalescer.hh "Holding") and takes them on a timer every period, until a tick finds less than
// kFlood. Meanwhile a ring is one CAS and never a syscall, and this thread wakes once a period
// however fast rings come, at the price of delivering a count rung during a flood up to one
// period later. Raw writers still wake it at once: they write to the fd. A single big ring, or a
// raw write, coalesces nothing and starts no hold.
#pragma once
#include <uv.h>

#include <cstdint>

#include "HandleCloser.hh"
#include "Source.hh"

namespace doorbell {

class FloodHold {
 public:
  static constexpr uint64_t kFlood = 64;

  // onTick(owner) runs on each tick of a hold: it takes (and calls afterTake).
  FloodHold(Source& source, void (*onTick)(void*), void* owner) : source_(source), onTick_(onTick), owner_(owner) {}

  bool enabled() const { return enabled_; }
  void setEnabled(bool enabled) {
    enabled_ = enabled;
    if (!enabled) end();
  }

  // After each take: a flood starts a hold (if mayStart: the receiver watches and is open); a
  // tick that finds less than a flood ends it.
  void afterTake(uv_loop_t* loop, uint64_t taken, uint64_t coalesced, bool tick, bool mayStart) {
    if (source_.holding()) {
      if (tick && taken < kFlood) end();
      return;
    }
    if (coalesced < kFlood || !enabled_ || !mayStart || !source_.hold()) return;
    if (timer_ == nullptr) {
      timer_ = new uv_timer_t;
      uv_timer_init(loop, timer_);
      timer_->data = this;
      if (!refed_) uv_unref(reinterpret_cast<uv_handle_t*>(timer_));
    }
    uv_timer_start(timer_, OnTick, kPeriodMs, kPeriodMs);
  }

  // Ends a hold: what it kept in shared memory goes where any receiver will find it.
  void end() {
    if (!source_.holding()) return;
    uv_timer_stop(timer_);
    source_.release();
  }

  // Whether the timer keeps the loop alive (as the receiver's poll does).
  void setRef(bool refed) {
    refed_ = refed;
    if (timer_ == nullptr) return;
    auto* handle = reinterpret_cast<uv_handle_t*>(timer_);
    refed ? uv_ref(handle) : uv_unref(handle);
  }

  void close(HandleCloser& closer) {
    end();
    if (timer_ == nullptr) return;
    closer.close(timer_);
    timer_ = nullptr;
  }

 private:
  static constexpr uint64_t kPeriodMs = 1;

  static void OnTick(uv_timer_t* timer) {
    auto* self = static_cast<FloodHold*>(timer->data);
    self->onTick_(self->owner_);
  }

  Source& source_;
  void (*onTick_)(void*);
  void* owner_;
  uv_timer_t* timer_ = nullptr;
  bool enabled_ = true;
  bool refed_ = true;
};

}  // namespace doorbell
