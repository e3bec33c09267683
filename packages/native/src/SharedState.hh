// The one word every thread shares about a doorbell: whether it is closed or ending, and who is
// inside it right now. It lives in a SharedArrayBuffer that travels inside the handle, so a
// handle in flight, a Ringer in a worker and every receiver see the same word.
//
// Why: the creator's fd number is only meaningful while the doorbell is open. Once it is closed
// and the number freed, the process may give it to any other file, so nobody may write to it
// again, and it may be closed only when nobody is using it. And end() (contract point 12) must
// know when every count that a ring or a take already has in hand has landed where the ender's
// last drain will see it, or has been delivered.
//
// The word (bit 31 stays clear so JS never sees it negative):
//   bits 0..27  users: threads inside (between enter and leave)
//   bit  28     FINAL: receivers stop taking; a take that enters after it reads nothing
//   bit  29     FD_GONE: the last user is out, the wake-up is written, the fd closed (set once)
//   bit  30     CLOSED: rings fail (acquire fails; the coalescer's lanes carry CLOSED too, so the
//               fast path's CAS refuses)
// CLOSED and FINAL are always set together, by one fetch_or.
//
// Who enters:
// - A ring's slow path (acquire): fetch_add(1); if CLOSED was set, leave and fail. The write to
//   the creator's fd happens inside.
// - Every take, on any receiver (enterTake): fetch_add(1); if FINAL was set, leave at once and
//   report the doorbell closed WITHOUT reading the fd. Otherwise read the fd and the lanes and
//   stay inside until what was taken is delivered to JS (napi_make_callback returned) or put
//   back; then leave. drain() enters, takes and leaves in one call. A watch's take, its delivery
//   and its leave are one native call too (Receiver::HandleReadable).
// - close() by the creator: enter, set CLOSED|FINAL, close the lanes, leave.
// - beginEnd() by the creator: enter and keep the slot, set CLOSED|FINAL, close the lanes. Its
//   own takes skip the FINAL check. othersInside(): users > 1. Core waits (setImmediate) until
//   othersInside() is false, drains everything, delivers it, and calls close(), which leaves.
// - leave: fetch_sub(1). The thread whose leave makes the word exactly CLOSED|FINAL (no users,
//   FD_GONE clear) CASes in FD_GONE; the one whose CAS succeeds writes the wake-up token to the
//   creator's fd (1 for an eventfd, a 0 message for a pipe), then closes the creator's fd (and a
//   pipe's read end). Once FD_GONE is set the word never equals CLOSED|FINAL again: once only.
//
// Why the fd is never used after it is closed, nor closed under a user: every use of the
// creator's fd is inside, and it is closed only when nobody is inside after CLOSED, when nobody
// can enter for a use of it any more (acquire fails after CLOSED; the creator's own receiver
// stops using its fd at its close). Receivers opened from a handle use their own duplicates,
// made inside one acquire (both ends, for a pipe), so they never touch the creator's number.
//
// Why end() delivers every ring that returned before it, exactly once (with the Coalescer's and
// PipeCounter's conservation arguments): a ring that returned had its count in the kernel
// counter (its write landed inside its acquire, before its leave) or in a lane (a fast-path CAS
// that succeeded before the lane's CLOSED). A take that entered before FINAL delivers (or puts
// back) what it read before leaving; a take that entered after FINAL reads nothing. So once
// users == 1 after FINAL (only the ender: othersInside() false), every such count is either
// delivered already or in the kernel counter or a lane, and nobody but the ender will take it:
// its drains find it. A ring racing end() either failed (acquire after CLOSED, or the fast path
// CAS refused by the lane's CLOSED) or entered before CLOSED and so left before othersInside()
// went false. Raw writers' counts already in the kernel are found by the same drains.
//
// Why no take ever reads the wake-up token: it is written only once users reached 0 after FINAL;
// a take then enters after FINAL and reads nothing. So the token is never delivered as a count,
// and every receiver, woken by it (level-triggered, it stays), enters, sees FINAL and ends its
// watch. Pending counts at close() are dropped with the doorbell (contract point 4).
//
// Why a dying thread cannot break it: every enter..leave except the ender's runs inside one
// native call, which worker.terminate() cannot interrupt (JS that a delivery runs can be
// terminated, but napi_make_callback then returns and the take puts back and leaves). The
// ender's slot is left by the creator's close, which teardown and garbage collection also run.
// Memory order (a weakly ordered CPU, arm64, included): every decision above is made on this one
// word, and read-modify-writes of one atomic word are totally ordered on every CPU (coherence),
// whatever their memory order: an acquire either comes before the fetch_or that sets CLOSED (and
// is then counted in the users the ender's load sees, since that load comes after its own
// fetch_or on the same word) or after it (and fails). acq_rel on enter/leave is what orders the
// rest: a leave releases everything its thread did inside (its write to the fd, its lane moves),
// and the load or RMW that observes the decremented count acquires it, so the ender's last drain,
// and the last thread out closing the fd, come after those writes. The lanes' own argument
// (Coalescer.hh) uses seq_cst throughout; nothing here relies on an order between this word and a
// lane beyond what each lane's own RMW order gives (CLOSED is set on a lane by an RMW, so a
// fast-path CAS on that lane either precedes it, and the ender's drain takes its count, or fails).
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "Coalescer.hh"
#include "PipeCounter.hh"
#include "posix/fdio.hh"

namespace doorbell {

class SharedState {
 public:
  static constexpr int32_t kUsers = (1 << 28) - 1;
  static constexpr int32_t kFinal = 1 << 28;
  static constexpr int32_t kFdGone = 1 << 29;
  static constexpr int32_t kClosed = 1 << 30;
  // Layout, in bytes: 0 this word, 4 the coalescer's lane mask, 8 the pipe counter (pipe), 16 the
  // backend, 20 the pipe's read end and 24 the creator's fd (the write end, for a pipe), all set
  // once by the creator before the handle exists; from 128, the coalescer's lanes, 64 bytes
  // apart: no two lanes, and no lane and this word, ever share a cache line.
  static constexpr int kMaskIndex = 1;  // in int32 units, like the indexes below
  static constexpr int kBackendIndex = 4;
  static constexpr int kReadFdIndex = 5;
  static constexpr int kFdIndex = 6;
  static constexpr int kLaneIndex = 32;
  static constexpr int kLaneStride = 16;
  static constexpr size_t kBytes = (kLaneIndex + Coalescer::kLanes * kLaneStride) * sizeof(int32_t);
  enum Backend : int32_t { kEventfd = 0, kPipe = 1 };

  explicit SharedState(void* memory)
      : word_(static_cast<std::atomic<int32_t>*>(memory)),
        coalescer_(static_cast<int32_t*>(memory) + kMaskIndex, static_cast<int32_t*>(memory) + kLaneIndex,
                   kLaneStride),
        pipeCounter_(static_cast<char*>(memory) + 8),
        backend_(static_cast<int32_t*>(memory) + kBackendIndex),
        readFd_(static_cast<int32_t*>(memory) + kReadFdIndex),
        fd_(static_cast<int32_t*>(memory) + kFdIndex) {
    static_assert(std::atomic<int32_t>::is_always_lock_free);
  }

  Coalescer& coalescer() { return coalescer_; }
  PipeCounter& pipeCounter() { return pipeCounter_; }
  bool isPipe() const { return *backend_ == kPipe; }

  // Whether no doorbell was ever made on this state (all zero, as a new SharedArrayBuffer is).
  bool fresh() const { return word_->load(std::memory_order_acquire) == 0 && *fd_ == 0 && *readFd_ == 0; }

  // The creator, before the handle exists.
  void setEventfd(int fd) {
    *backend_ = kEventfd;
    *fd_ = fd;
  }
  void setPipe(int readFd, int writeFd) {
    *backend_ = kPipe;
    *readFd_ = readFd;
    *fd_ = writeFd;
  }
  // The creator's fd (a pipe's write end) and a pipe's read end: use them only while inside.
  int fd() const { return *fd_; }
  int pipeReadFd() const { return *readFd_; }

  // The slow path of a ring from this process on a coalescer lane (the caller is inside).
  // 0 or -errno.
  int ring(int fd, int lane, uint64_t n) {
    return isPipe() ? pipeCounter_.ring(fd, n) : coalescer_.ring(fd, lane, n);
  }

  bool closed() const { return (word_->load(std::memory_order_acquire) & kClosed) != 0; }

  // A ring or an open: enters unless the doorbell is closed.
  bool acquire() { return enterUnless(kClosed); }

  // A take: enters unless receivers must stop taking; the ender's takes always enter.
  bool enterTake(bool ender) { return enterUnless(ender ? 0 : kFinal); }

  void leave() {
    int32_t after = word_->fetch_sub(1, std::memory_order_acq_rel) - 1;
    if (after != (kClosed | kFinal)) return;
    int32_t expected = kClosed | kFinal;
    if (!word_->compare_exchange_strong(expected, kClosed | kFinal | kFdGone, std::memory_order_acq_rel)) return;
    // The last one out. The token wakes receivers on other threads, which then see FINAL; if the
    // write fails (a full counter, a full pipe) the fd is readable anyway.
    os::writeCount(fd(), isPipe() ? 0 : 1);
    os::closeFd(fd());
    if (isPipe()) os::closeFd(pipeReadFd());
  }

  // close() by the creator (not ending). False when the doorbell was closed already.
  bool close() {
    word_->fetch_add(1, std::memory_order_acq_rel);
    bool first = closeInside();
    leave();
    return first;
  }

  // beginEnd() by the creator: on true the caller is inside until its leave(). False (and not
  // inside) when the doorbell was closed already.
  bool beginEnd() {
    word_->fetch_add(1, std::memory_order_acq_rel);
    if (closeInside()) return true;
    leave();
    return false;
  }

  // For the ender (inside): is anyone else?
  bool othersInside() const { return (word_->load(std::memory_order_acquire) & kUsers) > 1; }

 private:
  bool enterUnless(int32_t refused) {
    int32_t before = word_->fetch_add(1, std::memory_order_acq_rel);
    if ((before & refused) == 0) return true;
    leave();
    return false;
  }

  bool closeInside() {
    int32_t before = word_->fetch_or(kClosed | kFinal, std::memory_order_acq_rel);
    coalescer_.close();
    return (before & kClosed) == 0;
  }

  std::atomic<int32_t>* word_;
  Coalescer coalescer_;
  PipeCounter pipeCounter_;
  int32_t* backend_;
  int32_t* readFd_;
  int32_t* fd_;
};

}  // namespace doorbell
