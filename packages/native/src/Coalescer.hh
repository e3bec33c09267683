// The coalescing lanes: how rings from threads of this process become one eventfd write per burst.
//
// A doorbell keeps its pending count in two places: the kernel's eventfd counter E (everything
// written to the fd: the first ring of each burst, big rings, raw writes from other processes and
// the kernel) and 16 lanes in the doorbell's SharedArrayBuffer, each a 32-bit word W on a cache
// line of its own. A thread rings on lane threadId % 16, so threads ringing at once do not fight
// over one cache line (two workers on one shared word run about 5x slower). Each lane follows the
// protocol below on its own, and all lanes share E:
//
//   bits 0..26  C: rings coalesced in shared memory, not yet taken by a receiver
//   bit  27     PENDING: a write to the fd is made or being made in this burst; a receiver will wake
//   bit  28     EXACT: a big ring is in this burst; no more coalescing until a receiver takes it
//   bit  29     CLOSED: the doorbell is closed
//
// A mask word names the lanes ever rung through the slow path (only they can hold a count) and
// carries EXACT for lanes that join during a big ring's burst. Takes visit only masked lanes. A
// lane's slow path sets its mask bit before it sets PENDING and writes to the fd, so a take that
// read that write sees the bit; a take that missed the write leaves the fd readable, and the
// next take sees it.
//
// Ring(n), fast path (JS, core's internal/ring.ts): while W has PENDING and neither EXACT nor
//   CLOSED, and C + n still fits in 27 bits, CAS W -> W + n. That is all: no syscall, no N-API.
// Ring(n), slow path (one native call, below): small n: set PENDING (and EXACT, if the mask has
//   it), then write n to the fd. Big n (>= 2^27, or any bigint): set EXACT in the mask; on every
//   masked lane CAS C out of W and set PENDING|EXACT, and write C to the fd; then write n. The
//   kernel then holds the whole pending count and rejects (EAGAIN) a ring that would carry it
//   past 2^64-2, exactly as if there were no shared memory.
// Take (every receiver, on wake-up or drain()): read E from the fd, clear EXACT in the mask, then
//   fetch_and each masked lane's W to clear C, PENDING and EXACT (CLOSED stays); deliver E + the
//   sum of the C's.
//
// Why no count is lost, duplicated or invented: a count is added to exactly one of E (one write)
// or C (one successful CAS), and leaves it exactly once (a read of the fd takes E whole; fetch_and
// takes C whole), and each take delivers what it took to exactly one receiver. Moving C into E in
// the big path is one CAS (C leaves W) followed by one write (C enters E); if that write fails,
// C is added back to W. No count is ever written as a token: everything in E is a real count.
//
// Why no wake-up is lost: the fast path only adds to C while PENDING is set, and PENDING is only
// ever set inside the native slow path, immediately before that same call writes to the fd. So
// whenever C > 0 there is, or is about to be, a count in E; E > 0 keeps the fd readable (the
// receiver's poll is level-triggered), and a readable fd wakes a receiver, which takes C. If the
// write fails with EAGAIN the counter is full, hence readable: still a wake-up. A take that clears
// PENDING before the slow path's write lands only means that write wakes the receiver once more.
// A receiver that reads E before the write and clears PENDING after it makes later rings take the
// slow path again: one more write, never a missing one.
//
// Holding, under a flood (Receiver.cc): a receiver whose take found a flood sets PENDING itself
//   (hold), takes on a timer, and its takes leave PENDING set (takeHolding), so rings stay on the
//   fast path and never touch the fd while the flood lasts. The paragraph above then reads:
//   whenever C > 0 there is, or is about to be, a count in E, or a holding receiver whose timer
//   will take C. takeHolding conserves counts like take (C leaves W in one CAS). A holder stops
//   with release: either C == 0 and PENDING cleared in one CAS, or C moved into E (one CAS takes
//   C out of W, one write puts it into E; if the write fails, C goes back into W and E, being
//   full, is readable). Either way the invariant holds again without the holder. Clearing
//   PENDING that a slow-path ring set just before its write costs one more write, as above.
//
// Why a dying thread cannot break it: the slow path (set PENDING + write) is one native call,
// which worker.terminate() cannot interrupt; the fast path is one CAS, which either happened (and
// a wake-up is due for its burst) or did not (the ring did not count).
//
// Limit: a foreign raw writer can fill E to near 2^64-2 while C holds a burst; the pending total
// can then pass 2^64-2 by less than 2^31 (16 lanes of 2^27). Nothing is dropped: take() delivers
// it in two parts.
#pragma once
#include <atomic>
#include <cstdint>

#include "linux/eventfd.hh"

namespace doorbell {

class Coalescer {
 public:
  static constexpr int kLanes = 16;
  static constexpr int32_t kLaneBits = (1 << kLanes) - 1;
  static constexpr int32_t kExactAll = 1 << kLanes;  // in the mask: EXACT, for lanes masked later
  static constexpr int32_t kCount = (1 << 27) - 1;
  static constexpr int32_t kPending = 1 << 27;
  static constexpr int32_t kExact = 1 << 28;
  static constexpr int32_t kClosed = 1 << 29;

  // mask: the mask word; lanes: lane 0, and lane i stride * i int32s further on.
  Coalescer(int32_t* mask, int32_t* lanes, int stride)
      : mask_(reinterpret_cast<std::atomic<int32_t>*>(mask)),
        lanes_(reinterpret_cast<std::atomic<int32_t>*>(lanes)),
        stride_(stride) {
    static_assert(sizeof(std::atomic<int32_t>) == sizeof(int32_t), "lanes are indexed in int32 units");
  }

  // The slow path of a ring on `lane`; the caller holds the fd (SharedState::acquire). 0 or -errno.
  int ring(int fd, int lane, uint64_t n) {
    int32_t mask = mask_->fetch_or(1 << lane, std::memory_order_acq_rel);
    if (n < static_cast<uint64_t>(kCount)) {
      word(lane).fetch_or((mask & kExactAll) != 0 ? kPending | kExact : kPending, std::memory_order_acq_rel);
      return os::writeCount(fd, n);
    }
    mask = mask_->fetch_or(kExactAll, std::memory_order_acq_rel);
    for (int each : lanesIn(mask | (1 << lane))) {
      int32_t before = word(each).load(std::memory_order_acquire);
      while (!word(each).compare_exchange_weak(before, (before & ~kCount) | kPending | kExact,
                                               std::memory_order_acq_rel)) {
      }
      if (int32_t coalesced = before & kCount; coalesced > 0) {
        int result = os::writeCount(fd, static_cast<uint64_t>(coalesced));
        if (result < 0) {
          word(each).fetch_add(coalesced, std::memory_order_acq_rel);  // still pending where it was
          return result;
        }
      }
    }
    return os::writeCount(fd, n);
  }

  // Puts back a count a receiver took but could not deliver. Like a big ring it sets EXACT, so
  // the kernel keeps the whole pending count and its overflow check stays exact.
  int putBack(int fd, uint64_t n) {
    int32_t mask = mask_->fetch_or(kExactAll, std::memory_order_acq_rel);
    for (int lane : lanesIn(mask)) word(lane).fetch_or(kPending | kExact, std::memory_order_acq_rel);
    return os::writeCount(fd, n);
  }

  // Takes what was coalesced and re-arms: the next ring takes the slow path and wakes a receiver.
  uint64_t take() {
    uint64_t taken = 0;
    for (int lane : lanesIn(mask_->fetch_and(~kExactAll, std::memory_order_acq_rel))) {
      taken += static_cast<uint64_t>(word(lane).fetch_and(kClosed, std::memory_order_acq_rel) & kCount);
    }
    return taken;
  }

  // Rings from now on stay in shared memory without a write: the caller takes on a timer (see
  // "Holding"). Lanes that join later wake it once, and takeHolding then holds them too.
  void hold() {
    for (int lane : lanesIn(mask_->load(std::memory_order_acquire))) {
      word(lane).fetch_or(kPending, std::memory_order_acq_rel);
    }
  }

  // A take during a hold: takes C and leaves PENDING set (sets it, if a drain had cleared it), so
  // the rings that follow stay on the fast path.
  uint64_t takeHolding() {
    uint64_t taken = 0;
    for (int lane : lanesIn(mask_->fetch_and(~kExactAll, std::memory_order_acq_rel))) {
      int32_t before = word(lane).load(std::memory_order_acquire);
      while (!word(lane).compare_exchange_weak(before, (before & kClosed) | kPending, std::memory_order_acq_rel)) {
      }
      taken += static_cast<uint64_t>(before & kCount);
    }
    return taken;
  }

  // Ends a hold without taking: C goes where any receiver will find it. 0 or -errno.
  int release(int fd) {
    for (int lane : lanesIn(mask_->load(std::memory_order_acquire))) {
      if (int result = releaseLane(fd, word(lane)); result < 0) return result;
    }
    return 0;
  }

  void close() {
    for (int lane = 0; lane < kLanes; lane++) word(lane).fetch_or(kClosed, std::memory_order_acq_rel);
  }

 private:
  // The lanes named by a mask's bits, lowest first.
  class LaneSet {
   public:
    explicit LaneSet(int32_t bits) : bits_(bits & kLaneBits) {}
    LaneSet begin() const { return *this; }
    LaneSet end() const { return LaneSet(0); }
    int operator*() const { return __builtin_ctz(static_cast<uint32_t>(bits_)); }
    LaneSet& operator++() {
      bits_ &= bits_ - 1;
      return *this;
    }
    bool operator!=(const LaneSet& other) const { return bits_ != other.bits_; }

   private:
    int32_t bits_;
  };

  static LaneSet lanesIn(int32_t mask) { return LaneSet(mask); }

  std::atomic<int32_t>& word(int lane) { return lanes_[lane * stride_]; }

  static int releaseLane(int fd, std::atomic<int32_t>& lane) {
    int32_t word = lane.load(std::memory_order_acquire);
    for (;;) {
      if ((word & kPending) == 0) return 0;  // a take has re-armed it already
      int32_t coalesced = word & kCount;
      int32_t next = coalesced == 0 ? word & ~kPending : word & ~kCount;
      if (lane.compare_exchange_weak(word, next, std::memory_order_acq_rel)) {
        if (coalesced == 0) return 0;
        int result = os::writeCount(fd, static_cast<uint64_t>(coalesced));
        if (result < 0) lane.fetch_add(coalesced, std::memory_order_acq_rel);
        return result;
      }
    }
  }

  std::atomic<int32_t>* mask_;
  std::atomic<int32_t>* lanes_;
  int stride_;
};

}  // namespace doorbell
