// A receiver of an eventfd doorbell: the creator's fd, or a duplicate of it for a receiver opened
// from a handle. Counts come from the kernel counter plus the coalescing word (Coalescer.hh).
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
    uint64_t written = 0;
    Coalescer::Ticket ticket = state_.coalescer().beforeRead();  // before the read: Coalescer.hh, "Take"
    int result = os::readCount(fd_, &written);
    if (result < 0) written = 0;
    uint64_t coalesced = holding_ ? state_.coalescer().takeHolding(ticket) : state_.coalescer().take(ticket);
    if (state_.closed()) {
      if (written > 0 || coalesced > 0) os::writeCount(fd_, 1);  // pass the close wake-up on
      return Take::kClosed;
    }
    if (result < 0 && result != -EAGAIN) {
      *error = result;
      if (coalesced > 0) os::writeCount(fd_, coalesced);  // not lost: back into the kernel counter
      return Take::kEmpty;
    }
    if (coalesced > UINT64_MAX - written) {
      // Only a foreign writer near 2^64 gets here (Coalescer.hh, "Limit"): deliver in two parts.
      os::writeCount(fd_, coalesced);
      coalesced = 0;
    }
    *count = written + coalesced;
    *coalescedPart = coalesced;
    return *count > 0 ? Take::kCount : Take::kEmpty;
  }

  int putBack(uint64_t n) override { return state_.coalescer().putBack(fd_, n); }

  bool hold() override {
    holding_ = true;
    state_.coalescer().hold();
    return true;
  }

  bool holding() const override { return holding_; }

  void release() override {
    holding_ = false;
    if (fd_ >= 0) state_.coalescer().release(fd_);
  }

  void close() override {
    if (fd_ < 0) return;
    if (creator_) {
      state_.revoke(fd_);  // the fd is closed by whoever is the last to use it
    } else {
      os::closeFd(fd_);
    }
    fd_ = -1;
  }

 private:
  SharedState state_;
  int fd_;
  bool creator_;
  bool holding_ = false;
};

}  // namespace doorbell
