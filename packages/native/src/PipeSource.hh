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
    int result = os::readMessages(readFd_, &held_);
    held_ += state_.pipeCounter().take();
    if (held_ == 0) {
      *error = result;
      state_.leave();
      return Take::kEmpty;
    }
    uint64_t part = held_ > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(held_);
    held_ -= part;
    if (held_ > 0) os::writeCount(writeFd_, 0);  // more than 2^64-1 waits: wake for the rest
    *count = part;
    inside_ = true;
    return Take::kCount;
  }

  void finishTake() override {
    if (!inside_) return;
    inside_ = false;
    state_.leave();
  }

  // Back into the shared counter, where every receiver sees it; only if that would pass 2^64-2
  // (others rang meanwhile) is it held here for this receiver's next take, with a token to wake it.
  int putBack(uint64_t n) override {
    if (state_.pipeCounter().ring(writeFd_, n) == 0) return 0;
    held_ += n;
    os::writeCount(writeFd_, 0);
    return 0;
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
  os::u128 held_ = 0;
};

}  // namespace doorbell
