// The coalescing lanes: how rings from threads of this process become one eventfd write per burst.
//
// A doorbell keeps its pending count in two places: the kernel's eventfd counter E (everything
// written to the fd: the first ring of each burst, big rings, raw writes from other processes and
// the kernel) and 16 lanes in the doorbell's SharedArrayBuffer, each a 32-bit word W on a cache
// line of its own. A thread rings on lane threadId % 16, so threads ringing at once do not fight
// over one cache line (two workers on one shared word run about 5x slower). All lanes share E.
//
//   W, a lane (JS reads and CASes it):
//   bits 0..26  C: rings coalesced in shared memory, not yet taken by a receiver
//   bit  27     PENDING: a take of this lane is due (see "wake-up" below)
//   bit  28     EXACT: no coalescing here: rings go to the kernel, which checks them exactly
//   bit  29     CLOSED: the doorbell is closed
//   bit  30     MOVED: a big operation moved C out since the last take (never without EXACT)
//
//   M, the mask (32 bits): lane i's bit is set (for good) before lane i first holds PENDING. Takes
//   visit only masked lanes.
//
//   K, the control word (64 bits, native only; in lane 0's cache line, bytes 8..15, which the
//   lane itself never uses):
//   bit  0      BIGWRITE: a big write from this process may be in E, not yet read by a take
//   bit  1      ACTIVE: a big operation (big ring, putBack, release) is in flight
//   bits 32..63 STARTED: big writes ever started, modulo 2^32
//
// Ring(n), fast path (JS, core's internal/ring.ts): while W has PENDING and neither EXACT nor
//   CLOSED, and C + n still fits in 27 bits, CAS W -> W + n. No syscall, no N-API. The CAS's
//   expected word may be a guess (the word this ringer's last CAS left, so that a ring is one
//   atomic operation): the CAS compares the whole word, so what it adds to is a W that passed
//   this test, whatever the guess was; a failed CAS returns W, and the test is made on that.
// Ring(n), slow path, small n (n < kCount, one native call): mark the lane in M; fetch_or
//   PENDING|EXACT into W; write n to the fd; then settle (below). A write that fails leaves EXACT:
//   EAGAIN means E is nearly full, and no ring may coalesce over it.
// Settle, after a setter (slow path, hold, takeHolding) put PENDING|EXACT into W itself: if K has
//   neither BIGWRITE nor ACTIVE, CAS W from exactly what the setter left to the same without EXACT.
//   The fast path opens only here. If W changed meanwhile (a take, a big operation's move), or
//   EXACT was there before the setter came, the lane stays EXACT until the next take.
// Big operations (ring of n >= kCount or any bigint, putBack(n), release) run one at a time:
//   wait (yielding) until ACTIVE is clear, then set it (a big write also sets BIGWRITE and bumps
//   STARTED) in one CAS on K; then, on every masked lane, CAS
//   C out of W and set PENDING|EXACT|MOVED, and write C to the fd (release skips lanes without
//   PENDING, and a lane with C == 0 it clears like a take); then write n (not release); then
//   clear ACTIVE. The kernel then holds the whole pending count and rejects (EAGAIN) a write
//   that would carry it past 2^64-2. If a move's write fails, C goes back by deposit (below) and
//   the operation stops there with that error: E + C alone did not fit, so E + C + n would not
//   either; and E, full, is readable, so the take that follows visits the lanes not yet moved.
// Deposit(C), a moved count whose write failed (its caller holds ACTIVE): if W has PENDING and
//   room for C, CAS W -> W + C. Otherwise set PENDING|EXACT|MOVED (if PENDING was clear) and
//   write C again; if that fails too, E is full again: repeat.
// Take (every receiver, on wake-up or drain()): load K (the ticket) BEFORE reading E; read E;
//   clear BIGWRITE in K if the ticket had ACTIVE clear and STARTED is unchanged since the ticket;
//   fetch_and each masked lane's W down to CLOSED; deliver E + the sum of the C's.
//
// Every atomic operation here is seq_cst (as every JS Atomics operation is). The arguments below
// order operations on different words (a setter's RMW on W, then its load of K, against a big
// operation's RMW on K, then its RMW on W: the store-load pattern of Dekker's algorithm); only a
// single total order over all of them makes "after" mean the same for both threads, on arm64 as
// on x86. The kernel counter is treated as one more seq_cst object: every syscall on it takes
// the eventfd's lock, a full barrier.
//
// Why no count is lost, duplicated or invented: a count is added to exactly one of E (one write)
// or a lane's C (one successful CAS, never a fetch_add: every add checks the room in C's 27 bits
// first), and leaves it exactly once (a read takes E whole; a take's fetch_and or CAS takes C
// whole). A big operation's move takes C out with one CAS and puts it into E with one write; if
// the write fails, deposit puts it back (CAS, room checked) or writes it again, so it lands in
// exactly one place. No count is ever written as a token: everything in E is a real count.
//
// Why no wake-up is lost. Invariant: a lane with C > 0 has PENDING, and a lane with PENDING has a
// take of it coming: E is readable now or a write is about to make it so (the receiver's poll is
// level-triggered), or a holder's timer will take it. Each setter of PENDING keeps it: the slow
// path writes n after setting it (if that write fails with EAGAIN, E is full, hence readable: a
// read comes after the failure, and the take that follows visits this lane, already masked); a
// big operation writes C or n after setting it; hold and takeHolding are the holder, which takes
// on a timer. The fast path adds only under PENDING, so the take that is due collects it. A take
// clearing PENDING just before a slow path's write lands costs one more wake-up, never a missing
// one. Deposit is where the old code broke it (issue 16, item 3): between a failed move and the
// count's return, a receiver may have read the full E and taken the lane, spending the wake-up
// the count relied on. So deposit adds C back only while W still has PENDING (that take has not
// happened yet: it will see C); if PENDING is clear, deposit sets it and owes a write, exactly
// like a slow path: it writes C itself, and if that fails, E was full after PENDING was set, so
// a take comes after it, and the next round finds PENDING set (or writes again). Each round that
// repeats needs another thread's take and a full E again; a lone receiver doing its own release
// cannot be taken from meanwhile, so it finishes in the second round.
//
// Why a deposit always finds room (issue 16, item 4: the old fetch_add carried into the flags).
// From a big operation's CAS on a lane until it clears ACTIVE, no fast-path ring adds to that
// lane: the CAS set EXACT; a take clears EXACT only together with PENDING; and PENDING comes back
// only through a setter, which settles (opens the fast path) only if its load of K shows ACTIVE
// clear. Could a setter's load of K be stale? If its RMW on W came after the big operation's CAS
// (or after a take that came after that CAS), its load of K comes after the operation's RMW on
// K in the single order, so it sees ACTIVE. If its RMW came before the CAS, the CAS changed W
// (MOVED is new: a setter settles only a W it found without EXACT, hence without MOVED), so its
// settle CAS fails. So while moves are in flight, a lane's C plus the counts moved out of it and
// not yet back never exceeds what C held at the first move: at most kCount.
//
// Why overflow is exact for rings from this process (issue 16, item 5). While a lane has PENDING
// without EXACT, E holds only small writes (each < 2^27) made since a take that read every big
// write: a big write sets BIGWRITE before its moves; BIGWRITE clears only in a take whose ticket
// was taken with no big operation ACTIVE and before any later one STARTED, so that take's read
// came after every big write that was ever made; and a lane opens only after its setter saw K
// clear. A big operation runs with every lane closed to coalescing from its CAS on (above), and
// by its final write every count from this process is in E, so the kernel decides exactly.
// Big operations run one at a time because a count in transit (moved out of a lane, not yet
// written) is in neither place the kernel can see: a second big write checked meanwhile would
// take that count's room in E, and the count could then only go back to its lane, past 2^64-2
// (the random-schedule stress found this with concurrent big rings). One at a time, moves
// happen only over a small E (every lane is closed while E holds a big write), so they cannot
// fail but for a raw writer. The wait is for a few syscalls of another thread; big operations
// are rare (a ring of 2^27 or more, a put-back, the end of a flood hold).
// The old take cleared EXACT while a big write was still on its way (it read E before the write
// landed), and coalescing resumed over a nearly full E.
//
// Limits, where the pending total can pass 2^64-2 (nothing is dropped: take() delivers it in two
// parts, see EventfdSource):
// - a foreign raw writer can fill E to near 2^64-2 while lanes hold coalesced counts (up to
//   16 * (2^27-1));
// - E can also grow near 2^64 from small slow-path writes alone if nobody takes for 2^37 rings;
// - a move that fails because a raw writer filled E puts its count back in its lane (deposit).
//
// Holding, under a flood (Receiver.cc): a receiver whose take found a flood sets PENDING itself
// (hold), takes on a timer, and its takes leave PENDING set (takeHolding), so rings stay on the
// fast path and never touch the fd while the flood lasts. A holder stops with release, a big
// operation without a big write: lanes with C == 0 are cleared, counts in the others are moved
// into E, and a failed move deposits. Either way every lane with C > 0 again has a take coming
// without the holder.
//
// Why a dying thread cannot break it: every path above but the fast path is one native call,
// which worker.terminate() cannot interrupt; the fast path is one CAS, which either happened
// (and a take is due for its lane) or did not (the ring did not count).
#pragma once
#include <atomic>
#include <cstdint>
#include <thread>

#include "linux/eventfd.hh"

namespace doorbell {

class Coalescer {
 public:
  static constexpr int kLanes = 16;
  static constexpr int32_t kLaneBits = (1 << kLanes) - 1;
  static constexpr int32_t kCount = (1 << 27) - 1;
  static constexpr int32_t kPending = 1 << 27;
  static constexpr int32_t kExact = 1 << 28;
  static constexpr int32_t kClosed = 1 << 29;
  static constexpr int32_t kMoved = 1 << 30;

  // What a receiver reads from K before it reads E (see "Take").
  using Ticket = uint64_t;

  // mask: the mask word; lanes: lane 0, and lane i stride * i int32s further on (stride >= 4;
  // lanes 8-byte aligned: K lives at lanes + 2).
  Coalescer(int32_t* mask, int32_t* lanes, int stride)
      : mask_(reinterpret_cast<std::atomic<int32_t>*>(mask)),
        lanes_(reinterpret_cast<std::atomic<int32_t>*>(lanes)),
        control_(reinterpret_cast<std::atomic<uint64_t>*>(lanes + 2)),
        stride_(stride) {
    static_assert(sizeof(std::atomic<int32_t>) == sizeof(int32_t), "lanes are indexed in int32 units");
    static_assert(std::atomic<uint64_t>::is_always_lock_free, "K is shared between threads as plain memory");
  }

  // The slow path of a ring on `lane`; the caller holds the fd (SharedState::acquire). 0 or -errno.
  int ring(int fd, int lane, uint64_t n) {
    markLane(lane);
    if (n >= static_cast<uint64_t>(kCount)) return bigOperation(fd, n, true);
    std::atomic<int32_t>& w = word(lane);
    int32_t before = w.fetch_or(kPending | kExact);
    int result = os::writeCount(fd, n);
    if (result == 0 && (before & kExact) == 0) settle(w, before | kPending | kExact);
    return result;
  }

  // Puts back a count a receiver took but could not deliver: a big write, so the kernel keeps the
  // whole pending count and its overflow check stays exact. 0 or -errno.
  int putBack(int fd, uint64_t n) { return bigOperation(fd, n, true); }

  // Read K before reading E, and hand the ticket to take() or takeHolding().
  Ticket beforeRead() { return control_->load(); }

  // Takes what was coalesced and re-arms: the next ring takes the slow path and wakes a receiver.
  uint64_t take(Ticket ticket) {
    clearBigWrite(ticket);
    uint64_t taken = 0;
    for (int lane : lanesIn(mask_->load())) taken += static_cast<uint64_t>(word(lane).fetch_and(kClosed) & kCount);
    return taken;
  }

  // Rings from now on stay in shared memory without a write: the caller takes on a timer (see
  // "Holding"). Lanes that join later wake it once, and takeHolding then holds them too.
  void hold() {
    for (int lane : lanesIn(mask_->load())) {
      int32_t before = word(lane).fetch_or(kPending | kExact);
      if ((before & kExact) == 0) settle(word(lane), before | kPending | kExact);
    }
  }

  // A take during a hold: takes C and leaves PENDING set (sets it, if a drain had cleared it), so
  // the rings that follow stay on the fast path.
  uint64_t takeHolding(Ticket ticket) {
    clearBigWrite(ticket);
    uint64_t taken = 0;
    for (int lane : lanesIn(mask_->load())) {
      std::atomic<int32_t>& w = word(lane);
      int32_t before = w.load();
      while (!w.compare_exchange_weak(before, (before & kClosed) | kPending | kExact)) {
      }
      taken += static_cast<uint64_t>(before & kCount);
      settle(w, (before & kClosed) | kPending | kExact);
    }
    return taken;
  }

  // Ends a hold without taking: C goes where any receiver will find it. 0 or -errno.
  int release(int fd) { return bigOperation(fd, 0, false); }

  void close() {
    for (int lane = 0; lane < kLanes; lane++) word(lane).fetch_or(kClosed);
  }

 private:
  static constexpr uint64_t kBigWrite = 1;
  static constexpr uint64_t kActive = 2;
  static constexpr uint64_t kStartedOne = uint64_t{1} << 32;

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

  void markLane(int lane) {
    if ((mask_->load() & (1 << lane)) == 0) mask_->fetch_or(1 << lane);
  }

  // Opens the fast path on a lane whose setter left `left` in it, if nothing big is going on.
  void settle(std::atomic<int32_t>& w, int32_t left) {
    if ((control_->load() & (kBigWrite | kActive)) != 0) return;
    w.compare_exchange_strong(left, left & ~kExact);
  }

  void clearBigWrite(Ticket ticket) {
    if ((ticket & kActive) != 0) return;
    uint64_t now = control_->load();
    while ((now & kBigWrite) != 0 && (now >> 32) == (ticket >> 32) && (now & kActive) == 0) {
      if (control_->compare_exchange_weak(now, now & ~kBigWrite)) return;
    }
  }

  // A big ring or putBack (bigWrite: n is written last) or a release. 0 or -errno.
  int bigOperation(int fd, uint64_t n, bool bigWrite) {
    uint64_t now = control_->load();
    for (;;) {
      if ((now & kActive) != 0) {
        std::this_thread::yield();  // another big operation: a few syscalls (see "one at a time")
        now = control_->load();
        continue;
      }
      uint64_t entered = bigWrite ? (now + kStartedOne) | kBigWrite | kActive : now | kActive;
      if (control_->compare_exchange_weak(now, entered)) break;
    }
    int result = 0;
    for (int lane : lanesIn(mask_->load())) {
      if (result = move(fd, word(lane), !bigWrite); result < 0) break;
    }
    if (result == 0 && bigWrite) result = os::writeCount(fd, n);
    control_->fetch_and(~kActive);
    return result;
  }

  // Moves a lane's C into E (see "Big operations"). 0 or -errno.
  int move(int fd, std::atomic<int32_t>& w, bool releasing) {
    int32_t before = w.load();
    int32_t after;
    do {
      if (releasing && (before & kPending) == 0) return 0;  // a take has re-armed it already
      bool empty = (before & kCount) == 0;
      after = releasing && empty ? before & kClosed : (before & ~kCount) | kPending | kExact | kMoved;
    } while (!w.compare_exchange_weak(before, after));
    int32_t coalesced = before & kCount;
    if (coalesced == 0) return 0;
    int result = os::writeCount(fd, static_cast<uint64_t>(coalesced));
    if (result < 0) deposit(fd, w, coalesced);
    return result;
  }

  // Returns a moved count whose write failed (see "Deposit"); the caller holds ACTIVE.
  static void deposit(int fd, std::atomic<int32_t>& w, int32_t coalesced) {
    int32_t before = w.load();
    for (;;) {
      if ((before & kPending) != 0 && (before & kCount) <= kCount - coalesced) {
        if (w.compare_exchange_weak(before, (before + coalesced) | kExact | kMoved)) return;
        continue;
      }
      // PENDING is clear: the take this count relied on has happened; owe a write, like a slow
      // path. (No room cannot happen, see "Why a deposit always finds room"; if it did, this
      // writes instead of overflowing C.)
      if ((before & kPending) == 0 && !w.compare_exchange_weak(before, before | kPending | kExact | kMoved)) continue;
      if (os::writeCount(fd, static_cast<uint64_t>(coalesced)) == 0) return;
      before = w.load();
    }
  }

  std::atomic<int32_t>* mask_;
  std::atomic<int32_t>* lanes_;
  std::atomic<uint64_t>* control_;
  int stride_;
};

}  // namespace doorbell
