// A receiver over an eventfd made elsewhere (Doorbell.fromFd): its own close-on-exec duplicate,
// read and written as is. No shared state, so no fast path and no end protocol: only raw writes
// reach it (contract point 14).
#pragma once
#include "Source.hh"
#include "posix/fdio.hh"

namespace doorbell {

class AdoptedEventfdSource : public Source {
 public:
  explicit AdoptedEventfdSource(int fd) : fd_(fd) {}
  ~AdoptedEventfdSource() override { close(); }

  int fd() const override { return fd_; }

  Take take(uint64_t* count, int* error, uint64_t* coalesced) override {
    *coalesced = 0;
    int result = os::readCount(fd_, count);
    if (result == 0) return Take::kCount;
    if (result != -EAGAIN) *error = result;
    return Take::kEmpty;
  }

  int putBack(uint64_t n) override { return os::writeCount(fd_, n); }

  void close() override {
    os::closeFd(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

}  // namespace doorbell
