// How rings from this process reach a receiver of a 'pipe' doorbell (for systems without eventfd;
// selectable on Linux so it is tested here). The same guarantees as Coalescer.hh, by a simpler
// route that a pipe allows:
//
// In-process rings add to P, a 64-bit counter in the doorbell's SharedArrayBuffer, with a CAS
// that refuses to carry P past 2^64-2 (the overflow rule stays exact for this process's rings).
// The ring that takes P from 0 writes a wake-up token to the pipe: an 8-byte message of value 0.
// Raw writers (other processes) write their counts as messages; a count is never 0 (contract
// point 9), so tokens and counts cannot be confused. A receiver reads every message (summing
// counts, skipping tokens), then exchanges P with 0, and delivers the sum.
//
// No count is lost or duplicated: each count is in exactly one message or in P, and leaves it by
// exactly one read or one exchange. No wake-up is lost: whenever P > 0, the ring that made it
// non-zero wrote a token after the last exchange (both in one native call, which worker.terminate()
// cannot split); a token makes the pipe readable, which wakes a receiver. If the pipe is full the
// token cannot be written, but a full pipe is readable: a wake-up is coming anyway.
//
// A pipe has no counter to refuse a raw writer's count that would carry the total past 2^64-2: a
// full pipe makes such a write fail with EAGAIN (nothing added), and otherwise every count is
// delivered, in parts of at most 2^64-1.
//
// Memory orders (weaker than seq_cst, so argued for weakly ordered CPUs such as arm64): P is one
// word, and every access to it is a load or an RMW of that word, so coherence alone puts them in
// one order, whatever the memory order. What must hold across threads is that a receiver's
// exchange, made after its read(2) returned a token, sees the CAS that preceded that token's
// write(2). The pipe orders them: write(2) and read(2) on one pipe synchronize through the pipe's
// lock (a release in the writer, an acquire in the reader, full barriers in the kernel), so the
// CAS happens before the exchange, and coherence then makes the exchange read the CAS's value or
// a later one. acq_rel on the RMWs is more than that needs; the first load is only a guess for
// the CAS (acquire, so that a failed guess costs one retry, not a stale loop).
#pragma once
#include <atomic>
#include <cstdint>

#include "linux/eventfd.hh"

namespace doorbell {

class PipeCounter {
 public:
  static constexpr uint64_t kMax = UINT64_MAX - 1;

  explicit PipeCounter(void* memory) : pending_(static_cast<std::atomic<uint64_t>*>(memory)) {
    static_assert(std::atomic<uint64_t>::is_always_lock_free);
  }

  // 0, or -EAGAIN when P + n would pass 2^64-2 (nothing added). `fd` is the pipe's write end.
  int ring(int fd, uint64_t n) {
    uint64_t before = pending_->load(std::memory_order_acquire);
    do {
      if (before > kMax - n) return -EAGAIN;
    } while (!pending_->compare_exchange_weak(before, before + n, std::memory_order_acq_rel));
    if (before == 0) os::writeCount(fd, 0);  // the token; on a full pipe a wake-up is due anyway
    return 0;
  }

  uint64_t take() { return pending_->exchange(0, std::memory_order_acq_rel); }

 private:
  std::atomic<uint64_t>* pending_;
};

}  // namespace doorbell
