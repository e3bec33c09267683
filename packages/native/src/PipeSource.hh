// A receiver of a 'pipe' doorbell: the pipe's read end (the creator's, or a duplicate), plus a
// write end to put counts back and to pass wake-ups on. Protocol: PipeCounter.hh.
#pragma once
#include "SharedState.hh"
#include "Source.hh"
#include "linux/pipe.hh"

namespace doorbell {

class PipeSource : public Source {
 public:
  // For the creator, readFd and writeFd are the doorbell's shared ends: only the creator's own
  // close (SharedState::revoke) can lead to them being closed, so the creator may use them until
  // then; the last user out closes both (SharedState::release).
  PipeSource(SharedState state, int readFd, int writeFd, bool creator)
      : state_(state), readFd_(readFd), writeFd_(writeFd), creator_(creator) {}
  ~PipeSource() override { close(); }

  int fd() const override { return readFd_; }
  int writeFd() const override { return writeFd_; }

  Take take(uint64_t* count, int* error, uint64_t* coalesced) override {
    *coalesced = 0;  // never held: see Source::hold
    int result = os::readMessages(readFd_, &held_);
    held_ += state_.pipeCounter().take();
    if (state_.closed()) {
      if (held_ > 0) os::writeCount(writeFd_, 1);  // pass the close wake-up on
      held_ = 0;
      return Take::kClosed;
    }
    if (held_ == 0) {
      *error = result;
      return Take::kEmpty;
    }
    uint64_t part = held_ > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(held_);
    held_ -= part;
    if (held_ > 0) os::writeCount(writeFd_, 0);  // more than 2^64-1 waits: wake for the rest
    *count = part;
    return Take::kCount;
  }

  // Back into the shared counter, where every receiver sees it; only if that would pass 2^64-2
  // (others rang meanwhile) is it held here for this receiver's next take, with a token to wake it.
  int putBack(uint64_t n) override {
    if (state_.pipeCounter().ring(writeFd_, n) == 0) return 0;
    held_ += n;
    os::writeCount(writeFd_, 0);
    return 0;
  }

  void close() override {
    if (readFd_ < 0) return;
    if (creator_) {
      state_.revoke(writeFd_);
    } else {
      os::closeFd(readFd_);
      os::closeFd(writeFd_);
    }
    readFd_ = writeFd_ = -1;
  }

 private:
  SharedState state_;
  int readFd_;
  int writeFd_;
  bool creator_;
  os::u128 held_ = 0;
};

}  // namespace doorbell
