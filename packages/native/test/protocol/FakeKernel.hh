// The kernel side of the protocol tests: an eventfd counter in memory, with the semantics of
// eventfd(2) (a write that would carry it past 2^64-2 fails with EAGAIN and adds nothing; a read
// takes it whole; reading 0 fails with EAGAIN), and one-shot scripted steps at each syscall.
//
// Why a link seam: the protocol headers reach the kernel only through doorbell::os (writeCount,
// readCount; linux/eventfd.hh). The test build links FakeKernel.cc in place of
// linux/eventfd.cc, so a test can run "another thread's" steps exactly inside the window between
// two syscalls of the code under test. The addon links the real eventfd.cc and carries no hook,
// no branch and no weak symbol: production pays nothing. (A weak symbol would cost a GOT load on
// every syscall and could be overridden by accident by any other library; an #ifdef seam would
// compile the headers under test differently from the addon.)
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

namespace doorbell::test {

enum class When { kBefore, kAfter };

class FakeKernel {
 public:
  static constexpr uint64_t kMax = UINT64_MAX - 1;
  static constexpr int kFd = 3;

  // At the next write of exactly `value` by anyone, runs `step` before or after it (once).
  void onWrite(uint64_t value, When when, std::function<void()> step);
  // At the next read by anyone, runs `step` before or after it (once).
  void onRead(When when, std::function<void()> step);
  // Random schedules: yield to other threads at random just before and after each syscall, where
  // the protocol's windows are.
  void setJitter(bool jitter) { jitter_.store(jitter, std::memory_order_relaxed); }
  // Steps armed and not yet run (a test that arms a step expects it to run).
  size_t armed() const { return steps_.size(); }

  int write(uint64_t n);
  int read(uint64_t* n);
  uint64_t counter() const { return counter_.load(std::memory_order_acquire); }
  bool readable() const { return counter() > 0; }
  void reset();

 private:
  struct Step {
    bool write;
    uint64_t value;
    When when;
    std::function<void()> run;
  };
  void runSteps(bool write, uint64_t value, When when);
  void jitter();

  std::atomic<uint64_t> counter_{0};
  std::atomic<bool> scripted_{false};
  std::atomic<bool> jitter_{false};  // steps are armed only by single-threaded tests
  std::vector<Step> steps_;
};

FakeKernel& kernel();

}  // namespace doorbell::test
