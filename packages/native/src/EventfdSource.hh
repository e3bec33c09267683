// A receiver of an eventfd doorbell: the creator's fd, or a duplicate of it for a receiver opened
// from a handle. Counts come from the kernel counter plus the coalescing lanes (Coalescer.hh);
// every take enters the doorbell first (SharedState.hh).
#pragma once
#include "SharedState.hh"
#include "Source.hh"

namespace doorbell {

class EventfdSource : public Source {
 public:
  EventfdSource(SharedState state, int fd, bool creator) : state_(state), fd_(fd), creator_(creator) {}
  ~EventfdSource() override { close(); }

  int fd() const override { return fd_; }

  Take take(uint64_t* count, int* error, uint64_t* coalescedPart) override {
    *coalescedPart = 0;
    if (!state_.enterTake(ending_)) return Take::kClosed;
    uint64_t written = 0;
    Coalescer::Ticket ticket = state_.coalescer().beforeRead();  // before the read: Coalescer.hh, "Take"
    int result = os::readCount(fd_, &written);
    if (result < 0) written = 0;  // what the counter holds stays there; the fd stays readable
    uint64_t coalesced =
        carry_ + (holding_ ? state_.coalescer().takeHolding(ticket) : state_.coalescer().take(ticket));
    carry_ = 0;
    if (coalesced > UINT64_MAX - written) {
      // Only a raw writer near 2^64 gets here (Coalescer.hh, "Limit"): deliver in two parts. The
      // lanes' part goes back into the counter, which this read just emptied; if raw writers
      // refilled it meanwhile, it waits in carry_ for this receiver's next take, which comes:
      // a counter that refuses a write is full, hence readable.
      if (os::writeCount(fd_, coalesced) < 0) carry_ = coalesced;
      coalesced = 0;
    }
    *count = written + coalesced;
    *coalescedPart = coalesced;
    if (*count == 0) {
      if (result != -EAGAIN) *error = result;
      state_.leave();
      return Take::kEmpty;
    }
    inside_ = true;  // after a failed read, what the lanes held is delivered; the next take retries
    return Take::kCount;
  }

  void finishTake() override {
    if (!inside_) return;
    inside_ = false;
    state_.leave();
  }

  // Inside a take (or the ender's slot) as it is; from JS, after a drain that left, it enters
  // first, so an end() waits for it (SharedState.hh). -EBADF once closed: the count is dropped
  // with the doorbell.
  int putBack(uint64_t n) override {
    if (inside_ || ending_) return state_.coalescer().putBack(fd_, n);
    if (!state_.acquire()) return -EBADF;
    int result = state_.coalescer().putBack(fd_, n);
    state_.leave();
    return result;
  }

  bool hold() override {
    holding_ = true;
    state_.coalescer().hold();
    return true;
  }

  bool holding() const override { return holding_; }

  // Moving the lanes' counts into the counter (one CAS out, one write in) happens inside the
  // doorbell, so an end() waits for the write to land before its last drain. Once the doorbell
  // is closed the counts stay in their lanes, where that drain takes them (or, after close(), they
  // are dropped with it). The result of release is not needed: a write it fails leaves the count
  // in its lane (Coalescer::release), and a counter that refuses a write is full, hence readable:
  // a receiver wakes and takes it.
  void release() override {
    holding_ = false;
    if (fd_ < 0) return;
    if (ending_) {
      state_.coalescer().release(fd_);
    } else if (state_.acquire()) {
      state_.coalescer().release(fd_);
      state_.leave();
    }
  }

  bool beginEnd() override {
    if (!creator_ || fd_ < 0 || ending_) return false;
    ending_ = state_.beginEnd();
    return ending_;
  }

  bool othersInside() const override { return ending_ && state_.othersInside(); }

  void close() override {
    if (fd_ < 0) return;
    finishTake();
    if (ending_) {
      state_.leave();  // the ender's slot; the last one out closes the fd
    } else if (creator_) {
      state_.close();  // likewise
    } else {
      os::closeFd(fd_);
    }
    ending_ = false;
    fd_ = -1;
  }

 private:
  SharedState state_;
  int fd_;
  bool creator_;
  bool holding_ = false;
  bool inside_ = false;  // between a take of a count and finishTake
  // The lanes' part of a two-part take that the counter refused back (see take): at most
  // 16 * 2^27. Lost only if this receiver closes before its next take, which needs raw writers to
  // keep the pending total past 2^64-2 (beyond the contract) until then.
  uint64_t carry_ = 0;
  bool ending_ = false;  // the creator, between beginEnd and close: inside, and takes after FINAL
};

}  // namespace doorbell
