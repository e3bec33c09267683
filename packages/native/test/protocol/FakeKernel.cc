#include "FakeKernel.hh"

#include <sched.h>

#include <cerrno>

#include "../../src/linux/eventfd.hh"

namespace doorbell::test {

FakeKernel& kernel() {
  static FakeKernel instance;
  return instance;
}

void FakeKernel::onWrite(uint64_t value, When when, std::function<void()> step) {
  steps_.push_back({true, value, when, std::move(step)});
  scripted_.store(true, std::memory_order_relaxed);
}

void FakeKernel::onRead(When when, std::function<void()> step) {
  steps_.push_back({false, 0, when, std::move(step)});
  scripted_.store(true, std::memory_order_relaxed);
}

void FakeKernel::runSteps(bool write, uint64_t value, When when) {
  if (!scripted_.load(std::memory_order_relaxed)) return;
  for (auto each = steps_.begin(); each != steps_.end(); ++each) {
    if (each->write != write || each->when != when || (write && each->value != value)) continue;
    std::function<void()> step = std::move(each->run);
    steps_.erase(each);  // first: the step may make the same call again
    step();
    return;
  }
}

void FakeKernel::jitter() {
  if (!jitter_.load(std::memory_order_relaxed)) return;
  thread_local uint64_t state = reinterpret_cast<uintptr_t>(&state) | 1;
  state ^= state << 13;  // xorshift64: cheap, and each thread has its own
  state ^= state >> 7;
  state ^= state << 17;
  if (state % 3 == 0) sched_yield();
}

int FakeKernel::write(uint64_t n) {
  runSteps(true, n, When::kBefore);
  jitter();
  int result = 0;
  if (n == UINT64_MAX) {
    result = -EINVAL;
  } else {
    uint64_t before = counter_.load(std::memory_order_relaxed);
    do {
      if (before > kMax - n) {
        result = -EAGAIN;
        break;
      }
    } while (!counter_.compare_exchange_weak(before, before + n, std::memory_order_seq_cst));
  }
  jitter();
  runSteps(true, n, When::kAfter);
  return result;
}

int FakeKernel::read(uint64_t* n) {
  runSteps(false, 0, When::kBefore);
  jitter();
  *n = counter_.exchange(0, std::memory_order_seq_cst);
  int result = *n == 0 ? -EAGAIN : 0;
  jitter();
  runSteps(false, 0, When::kAfter);
  return result;
}

void FakeKernel::reset() {
  counter_.store(0);
  steps_.clear();
  jitter_.store(false);
  scripted_.store(false);
}

}  // namespace doorbell::test

// The link seam: what linux/eventfd.cc defines for the addon.
namespace doorbell::os {

int createEventfd(bool) { return test::FakeKernel::kFd; }
int writeCount(int, uint64_t n) { return test::kernel().write(n); }
int readCount(int, uint64_t* count) { return test::kernel().read(count); }
int duplicate(int fd) { return fd; }
void closeFd(int) {}

}  // namespace doorbell::os
