// One end of a DoorbellPair: a SOCK_SEQPACKET socket whose messages are 8-byte counts. The peer's
// death shows as end-of-file (every process holding the other end has exited or closed it).
#pragma once
#include <cstdint>

#include "Source.hh"
#include "linux/socket.hh"
#include "posix/fdio.hh"

namespace doorbell {

class SocketSource : public Source {
 public:
  explicit SocketSource(int fd) : fd_(fd) {}
  ~SocketSource() override { close(); }

  int fd() const override { return fd_; }

  Take take(uint64_t* count, int* error, uint64_t* coalesced) override {
    *coalesced = 0;
    if (peerGone_ && held_ == 0) return Take::kClosed;
    bool ended = false;
    uint64_t received = 0;
    int result = os::receiveCounts(fd_, held_, &received, &held_, &ended, &malformed_);
    if (ended) peerGone_ = true;  // what came before the end is still delivered first
    if (result < 0) {
      *error = result;
      return Take::kEmpty;
    }
    *count = received;
    if (*count > 0) return Take::kCount;
    return peerGone_ ? Take::kClosed : Take::kEmpty;
  }

  int takeMalformed() override {
    int malformed = malformed_;
    malformed_ = 0;
    return malformed;
  }

  // A count this end took but could not deliver stays here, first in line for the next take.
  int putBack(uint64_t n) override {
    if (held_ > UINT64_MAX - n) return -EAGAIN;
    held_ += n;
    return 0;
  }

  // Never blocks: while the peer's buffer is full, rings add up here (counts coalesce like any
  // other) and go as one message when the socket is writable again. Two processes ringing each
  // other flat out would otherwise wait on each other forever.
  int ringPeer(uint64_t n) override {
    if (peerGone_) return -EPIPE;
    if (unsent_ > 0) {
      if (unsent_ > UINT64_MAX - 1 - n) return -EAGAIN;
      unsent_ += n;
      return 0;
    }
    int result = os::sendCount(fd_, n);
    if (result == -EAGAIN) {
      unsent_ = n;
      return 0;
    }
    if (result == -EPIPE) peerGone_ = true;
    return result;
  }

  bool hasUnsent() const override { return unsent_ > 0 && !peerGone_; }

  void flush() override {
    if (unsent_ == 0) return;
    int result = os::sendCount(fd_, unsent_);
    if (result == -EAGAIN) return;
    if (result == -EPIPE) peerGone_ = true;  // a count for a dead peer has nowhere to go
    unsent_ = 0;
  }

  void close() override {
    if (fd_ < 0) return;
    flush();  // a last try; what a full buffer still refuses is dropped with this end
    os::closeFd(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
  bool peerGone_ = false;
  uint64_t held_ = 0;
  uint64_t unsent_ = 0;
  int malformed_ = 0;
};

}  // namespace doorbell
