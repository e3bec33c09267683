// A receiver of a 'pipe' doorbell: the pipe's read end (the creator's, or a duplicate), plus a
// write end to put counts back and to pass wake-ups on. Protocol: PipeCounter.hh; every take
// enters the doorbell first (SharedState.hh).
#pragma once
#include "SharedState.hh"
#include "Source.hh"
#include "linux/pipe.hh"

namespace doorbell {

class PipeSource : public Source {
 public:
  // For the creator, readFd and writeFd are the doorbell's shared ends: only the creator's own
  // close can lead to them being closed, so the creator may use them until then; the last user
  // out closes both (SharedState::leave).
  PipeSource(SharedState state, int readFd, int writeFd, bool creator)
      : state_(state), readFd_(readFd), writeFd_(writeFd), creator_(creator) {}
  ~PipeSource() override { close(); }

  int fd() const override { return readFd_; }
  int writeFd() const override { return writeFd_; }

  Take take(uint64_t* count, int* error, uint64_t* coalesced) override {
    *coalesced = 0;  // never held: see Source::hold
    if (!state_.enterTake(ending_)) return Take::kClosed;
    os::u128 total = carry_;
    carry_ = 0;
    int result = os::readMessages(readFd_, &total, &malformed_);
    total += state_.pipeCounter().take();
    if (total == 0) {
      *error = result;
      state_.leave();
      return Take::kEmpty;
    }
    uint64_t part = total > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(total);
    returnRest(total - part);
    *count = part;
    inside_ = true;
    return Take::kCount;
  }

  int takeMalformed() override {
    int malformed = malformed_;
    malformed_ = 0;
    return malformed;
  }

  void finishTake() override {
    if (!inside_) return;
    inside_ = false;
    state_.leave();
  }

  // Back into the shared counter, where every receiver sees it; if that would pass 2^64-2
  // (others rang meanwhile), into the pipe as a message of its own. -EAGAIN: the pipe is full too
  // (the count was not put back).
  // Inside a take as it is; from JS it enters first, as EventfdSource::putBack does.
  int putBack(uint64_t n) override {
    if (inside_ || ending_) return putBackInside(n);
    if (!state_.acquire()) return -EBADF;
    int result = putBackInside(n);
    state_.leave();
    return result;
  }

  bool beginEnd() override {
    if (!creator_ || readFd_ < 0 || ending_) return false;
    ending_ = state_.beginEnd();
    return ending_;
  }

  bool othersInside() const override { return ending_ && state_.othersInside(); }

  void close() override {
    if (readFd_ < 0) return;
    finishTake();
    if (ending_) {
      state_.leave();  // the ender's slot; the last one out closes both ends
    } else if (creator_) {
      state_.close();  // likewise
    } else {
      os::closeFd(readFd_);
      os::closeFd(writeFd_);
    }
    ending_ = false;
    readFd_ = writeFd_ = -1;
  }

 private:
  SharedState state_;
  int readFd_;
  int writeFd_;
  bool creator_;
  bool inside_ = false;  // between a take of a count and finishTake
  bool ending_ = false;  // the creator, between beginEnd and close: inside, and takes after FINAL
  int malformed_ = 0;
  // More than 2^64-1 taken at once (raw writers' counts add up past it) that the pipe, being
  // full, refused back: this receiver's next take delivers it first. A full pipe is readable, so
  // that take comes. Only a receiver that closes before it loses it (raw writers filling 64 KiB
  // of pipe with counts summing past 2^64: beyond what the contract lets be pending).
  os::u128 carry_ = 0;

  int putBackInside(uint64_t n) {
    if (state_.pipeCounter().ring(writeFd_, n) == 0) return 0;
    return os::writeCount(writeFd_, n);
  }

  // What a take cannot deliver in one count goes back into the pipe as messages, before the take
  // leaves the doorbell, so any receiver (the ender's last drain too) finds it.
  void returnRest(os::u128 rest) {
    while (rest > 0) {
      uint64_t message = rest > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(rest);
      if (os::writeCount(writeFd_, message) < 0) break;
      rest -= message;
    }
    carry_ = rest;
  }
};

}  // namespace doorbell
