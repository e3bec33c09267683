// The one word every thread shares about a doorbell: whether it is closed, and who is using the
// creator's fd right now. It lives in a SharedArrayBuffer that travels inside the handle, so a
// handle in flight, a Ringer in a worker and every receiver see the same word.
//
// Why: the creator's fd number is only meaningful while the doorbell is open. Once the doorbell
// is closed and the number freed, the process may give it to any other file, so nobody may write
// to it again, and it may be closed only when nobody is writing to it.
//
// The word (bit 31 stays clear so JS never sees it negative):
//   bits 0..28  users: threads between a successful acquire() and its release()
//   bit  29     FD_GONE: the creator's fd has been closed (set exactly once)
//   bit  30     CLOSED: the doorbell is closed; every acquire() fails from then on
//
// - acquire(fd): fetch_add(1). If CLOSED was already set, release(fd) and fail.
// - release(fd): fetch_sub(1). If that left exactly CLOSED (no users, fd not gone), try the CAS
//   CLOSED -> CLOSED|FD_GONE; the one thread whose CAS succeeds closes the fd, and for a pipe
//   doorbell the creator's read end too (its number is in the state): both ends of the pipe live
//   under the one count, so a receiver opening from a handle dups both inside acquire..release
//   and neither number can be reused by another file in between. Once FD_GONE is set
//   the word can never equal CLOSED again, so the fd is closed exactly once.
// - revoke(fd), the creator's close: add itself as a user, set CLOSED, write 1 so receivers opened
//   on other threads wake up (they check CLOSED after every read and pass the wake-up on), release.
//
// Every use of the creator's fd happens between a successful acquire and its release, so the fd
// is never closed under a writer and never written after it is closed. Each acquire..release runs
// inside one native call, which worker.terminate() cannot interrupt, so no dead thread is ever
// left counted as a user.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>

#include "Coalescer.hh"
#include "PipeCounter.hh"
#include "linux/eventfd.hh"

namespace doorbell {

class SharedState {
 public:
  static constexpr int32_t kFdGone = 1 << 29;
  static constexpr int32_t kClosed = 1 << 30;
  // Layout, in bytes: 0 this word, 4 the coalescer's lane mask, 8 the pipe counter (pipe), 16 the
  // backend and 20 the pipe's read end (both set once by the creator, before the handle exists);
  // from 128, the coalescer's lanes, 64 bytes apart: no two lanes, and no lane and this word,
  // ever share a cache line.
  static constexpr int kMaskIndex = 1;  // in int32 units, like the indexes below
  static constexpr int kBackendIndex = 4;
  static constexpr int kReadFdIndex = 5;
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
        readFd_(static_cast<int32_t*>(memory) + kReadFdIndex) {
    static_assert(std::atomic<int32_t>::is_always_lock_free);
  }

  Coalescer& coalescer() { return coalescer_; }
  PipeCounter& pipeCounter() { return pipeCounter_; }
  bool isPipe() const { return *backend_ == kPipe; }
  // The creator of a pipe doorbell, before the handle exists: its read end lives and dies with
  // the write end (see release).
  void setPipe(int readFd) {
    *backend_ = kPipe;
    *readFd_ = readFd;
  }
  // The creator's read end of a pipe doorbell; use it only between acquire and release.
  int pipeReadFd() const { return *readFd_; }

  // The slow path of a ring from this process on a coalescer lane (the caller holds the fd).
  // 0 or -errno.
  int ring(int fd, int lane, uint64_t n) {
    return isPipe() ? pipeCounter_.ring(fd, n) : coalescer_.ring(fd, lane, n);
  }

  bool closed() const { return (word_->load(std::memory_order_acquire) & kClosed) != 0; }

  bool acquire(int fd) {
    int32_t before = word_->fetch_add(1, std::memory_order_acq_rel);
    if ((before & kClosed) == 0) return true;
    release(fd);
    return false;
  }

  void release(int fd) {
    int32_t after = word_->fetch_sub(1, std::memory_order_acq_rel) - 1;
    if (after != kClosed) return;
    int32_t expected = kClosed;
    if (word_->compare_exchange_strong(expected, kClosed | kFdGone, std::memory_order_acq_rel)) {
      os::closeFd(fd);
      if (isPipe()) os::closeFd(pipeReadFd());
    }
  }

  // Returns false when the doorbell was closed already.
  bool revoke(int fd) {
    word_->fetch_add(1, std::memory_order_acq_rel);
    int32_t before = word_->fetch_or(kClosed, std::memory_order_acq_rel);
    bool first = (before & kClosed) == 0;
    coalescer_.close();
    if (first) os::writeCount(fd, 1);
    release(fd);
    return first;
  }

 private:
  std::atomic<int32_t>* word_;
  Coalescer coalescer_;
  PipeCounter pipeCounter_;
  int32_t* backend_;
  int32_t* readFd_;
};

}  // namespace doorbell
