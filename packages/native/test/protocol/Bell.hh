// One doorbell as the protocol tests see it: the coalescer over shared memory laid out as the
// addon lays it out, the fast path exactly as core's internal/ring.ts runs it, and a receiver's
// take exactly as EventfdSource runs it, over the FakeKernel's counter. It also keeps the books:
// what was rung successfully and what was delivered, so a test can check conservation.
#pragma once
#include <atomic>
#include <cstdint>

#include "../../src/Coalescer.hh"
#include "Check.hh"
#include "FakeKernel.hh"

namespace doorbell::test {

class Bell {
 public:
  static constexpr int kMaskIndex = 1;
  static constexpr int kLaneIndex = 32;
  static constexpr int kLaneStride = 16;
  static constexpr int kWords = kLaneIndex + Coalescer::kLanes * kLaneStride;
  static constexpr int kFd = FakeKernel::kFd;
  static constexpr uint64_t kMax = FakeKernel::kMax;
  static constexpr int32_t kGate = Coalescer::kPending | Coalescer::kExact | Coalescer::kClosed;

  Bell() : coalescer_(memory_ + kMaskIndex, memory_ + kLaneIndex, kLaneStride) { kernel().reset(); }

  Coalescer& coalescer() { return coalescer_; }
  std::atomic<int32_t>& lane(int lane) {
    return *reinterpret_cast<std::atomic<int32_t>*>(memory_ + kLaneIndex + lane * kLaneStride);
  }
  int32_t count(int lane) { return this->lane(lane).load() & Coalescer::kCount; }

  // core's fast path (internal/ring.ts), for a count JS holds as a number: true if it counted.
  bool fastRing(int lane, uint64_t n) {
    if (n > (uint64_t{1} << 53)) return false;
    int32_t word = this->lane(lane).load();
    while ((word & kGate) == Coalescer::kPending && static_cast<uint64_t>(word & Coalescer::kCount) + n <=
                                                        static_cast<uint64_t>(Coalescer::kCount)) {
      if (this->lane(lane).compare_exchange_strong(word, word + static_cast<int32_t>(n))) {
        rung_ += n;
        return true;
      }
    }
    return false;
  }

  // A ring from this process: the fast path, else the slow path. 0 or -errno.
  int ring(int lane, uint64_t n) {
    if (fastRing(lane, n)) return 0;
    return slowRing(lane, n);
  }

  int slowRing(int lane, uint64_t n) {
    int result = coalescer_.ring(kFd, lane, n);
    if (result == 0) rung_ += n;
    return result;
  }

  // A raw writer: straight to the kernel counter.
  int rawWrite(uint64_t n) {
    int result = kernel().write(n);
    if (result == 0) rung_ += n;
    return result;
  }

  // A receiver's take, as EventfdSource::take runs it; returns what it delivers.
  u128 take(bool holding = false) {
    uint64_t written = 0;
    Coalescer::Ticket ticket = coalescer_.beforeRead();
    if (kernel().read(&written) < 0) written = 0;
    uint64_t coalesced = holding ? coalescer_.takeHolding(ticket) : coalescer_.take(ticket);
    u128 delivered = static_cast<u128>(written) + coalesced;
    delivered_ += delivered;
    return delivered;
  }

  void hold() {
    holding_ = true;
    coalescer_.hold();
  }
  int release() {
    holding_ = false;
    return coalescer_.release(kFd);
  }

  // Counts a receiver took but could not deliver, and puts back.
  int putBack(uint64_t n) {
    int result = coalescer_.putBack(kFd, n);
    if (result == 0) delivered_ -= n;
    return result;
  }

  u128 pending() {
    u128 sum = kernel().counter();
    for (int each = 0; each < Coalescer::kLanes; each++) sum += count(each);
    return sum;
  }

  // "No lost wake-up": whatever is pending, a receiver will be woken for it.
  bool wakeUpDue() { return pending() == 0 || kernel().readable() || holding_; }

  // Takes until nothing is pending (a bounded number of times), then checks the books.
  bool conserved() {
    if (holding_) release();
    for (int round = 0; round < 4 && pending() > 0; round++) take();
    return pending() == 0 && delivered_ == rung_;
  }

  u128 rung() const { return rung_; }
  u128 delivered() const { return delivered_; }

 private:
  alignas(64) int32_t memory_[kWords] = {};
  Coalescer coalescer_;
  u128 rung_ = 0;
  u128 delivered_ = 0;
  bool holding_ = false;
};

}  // namespace doorbell::test
