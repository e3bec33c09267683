// Deterministic interleavings of the coalescing protocol (Coalescer.hh). Each test states its
// steps: one thread's call runs, and at a syscall boundary inside it (FakeKernel's scripted
// steps) the other threads' steps run, exactly in that window. The numbers are issue 16's.
#include "Bell.hh"

using namespace doorbell;
using namespace doorbell::test;

namespace {

constexpr uint64_t kBig = uint64_t{1} << 40;  // a big ring: >= 2^27, so it takes the exact path
constexpr uint64_t kMax = FakeKernel::kMax;  // 2^64-2, the most an eventfd holds

}  // namespace

// Issue 16, item 3. A big ring moves a lane's count into the kernel counter; the write fails
// (the counter is full); a receiver drains the counter and clears the lane in that window. The
// count goes back to the lane: a wake-up must still be due for it. (The issue fills E with a
// second big ring, T1's; big operations now run one at a time, so T1 would wait for T0, and a
// raw writer is what can still fill E inside T0's window.)
PROTOCOL_TEST(bigRingUndoneKeepsAWakeUp) {
  Bell bell;
  EXPECT_EQ(bell.ring(2, 1), 0);  // T2, slow path: PENDING, E = 1
  EXPECT(bell.fastRing(2, 5));    // T2, fast path: C2 = 5
  // T0's big ring takes C2 out and writes 5. Just before that write a raw writer writes 2^64-3
  // (E full), and just after it fails a receiver takes E and clears lane 2.
  kernel().onWrite(5, When::kBefore, [&] { EXPECT_EQ(bell.rawWrite(kMax - 1), 0); });
  kernel().onWrite(5, When::kAfter, [&] { EXPECT_EQ(bell.take(), kMax); });
  EXPECT_EQ(bell.ring(0, kBig), -EAGAIN);  // T0: the whole pending count would pass 2^64-2
  EXPECT_EQ(kernel().armed(), 0u);
  EXPECT_EQ(bell.pending(), 5u);
  EXPECT(bell.wakeUpDue());
  EXPECT(bell.conserved());
}

// Item 3, the same window in release: a holder ends its hold, moving its lane's count into the
// full kernel counter; the write fails and a receiver clears the lane before the count goes back.
PROTOCOL_TEST(releaseUndoneKeepsAWakeUp) {
  Bell bell;
  EXPECT_EQ(bell.ring(1, 1), 0);  // slow path: E = 1
  EXPECT_EQ(bell.take(), 1u);
  bell.hold();                                  // a flood: the receiver holds
  EXPECT(bell.fastRing(1, 7));                  // held in shared memory
  EXPECT_EQ(bell.rawWrite(kMax), 0);            // a raw writer fills E
  kernel().onWrite(7, When::kAfter, [&] { EXPECT_EQ(bell.take(), kMax); });  // another receiver
  EXPECT_EQ(bell.release(), -EAGAIN);
  EXPECT_EQ(kernel().armed(), 0u);
  EXPECT_EQ(bell.pending(), 7u);
  EXPECT(bell.wakeUpDue());
  EXPECT(bell.conserved());
}

// Item 4. The count a release moves goes back into a lane that fast-path rings refilled during
// the failed write: it must not carry into the flag bits.
PROTOCOL_TEST(releaseUndoneNeverCarriesIntoFlags) {
  Bell bell;
  EXPECT_EQ(bell.ring(1, 1), 0);
  EXPECT_EQ(bell.take(), 1u);
  bell.hold();
  EXPECT(bell.fastRing(1, 100'000'000));  // the holder's lane at C = 10^8
  EXPECT_EQ(bell.rawWrite(kMax), 0);      // a raw writer fills E to 2^64-2
  // During release's write of 10^8 (which fails), another 10^8 is rung on that lane.
  kernel().onWrite(100'000'000, When::kBefore, [&] { bell.ring(1, 100'000'000); });
  bell.release();
  EXPECT_EQ(kernel().armed(), 0u);
  EXPECT_EQ(bell.lane(1).load() & Coalescer::kClosed, 0);
  EXPECT(bell.wakeUpDue());
  EXPECT(bell.conserved());
}

// Item 5. A receiver's take lands between a big ring's EXACT and its final write: the rings that
// follow must still be checked against the whole pending count.
PROTOCOL_TEST(bigRingOverflowStaysExact) {
  Bell bell;
  kernel().onWrite(kMax - 10, When::kBefore, [&] { bell.take(); });
  EXPECT_EQ(bell.ring(0, kMax - 10), 0);
  EXPECT_EQ(kernel().armed(), 0u);
  EXPECT_EQ(bell.ring(3, 5), 0);
  EXPECT_EQ(bell.ring(3, 100), -EAGAIN);  // 2^64-2 - 5 + 100 would pass 2^64-2
  EXPECT_EQ(bell.pending(), kMax - 5);
  EXPECT(bell.conserved());
}

// Item 5, putBack's window: the same take between its EXACT and its write.
PROTOCOL_TEST(putBackOverflowStaysExact) {
  Bell bell;
  EXPECT_EQ(bell.ring(0, kMax - 10), 0);
  EXPECT_EQ(bell.take(), kMax - 10);  // taken, and (say) too big to deliver as a number
  kernel().onWrite(kMax - 10, When::kBefore, [&] { bell.take(); });
  EXPECT_EQ(bell.putBack(kMax - 10), 0);
  EXPECT_EQ(kernel().armed(), 0u);
  EXPECT_EQ(bell.ring(3, 5), 0);
  EXPECT_EQ(bell.ring(3, 100), -EAGAIN);
  EXPECT_EQ(bell.pending(), kMax - 5);
  EXPECT(bell.conserved());
}

// Item 5, the take's side: a take that read E just before a big write landed must not reopen
// coalescing after it, even once the big ring has returned.
PROTOCOL_TEST(takeThatReadBeforeABigWriteKeepsItExact) {
  Bell bell;
  EXPECT_EQ(bell.ring(3, 1), 0);
  kernel().onRead(When::kAfter, [&] { EXPECT_EQ(bell.ring(0, kMax - 50), 0); });
  EXPECT_EQ(bell.take(), 1u);  // read E = 1, then the big ring ran whole, then this take swept
  EXPECT_EQ(bell.ring(3, 5), 0);
  EXPECT_EQ(bell.ring(3, 100), -EAGAIN);
  EXPECT_EQ(bell.pending(), kMax - 45);
  EXPECT(bell.conserved());
}

// A slow-path ring that runs whole inside a big ring's window may not open its lane to
// coalescing: the big ring's final write is checked against E only.
PROTOCOL_TEST(slowRingInsideABigRingStaysExact) {
  Bell bell;
  kernel().onWrite(kMax - 50, When::kBefore, [&] { EXPECT_EQ(bell.ring(3, 5), 0); });
  EXPECT_EQ(bell.ring(0, kMax - 50), 0);
  EXPECT_EQ(bell.ring(3, 100), -EAGAIN);
  EXPECT_EQ(bell.pending(), kMax - 45);
  EXPECT(bell.conserved());
}

// A holder's take inside a big ring's window leaves PENDING set (so rings stay in shared memory)
// but may not let them coalesce over the big write.
PROTOCOL_TEST(holderTakeInsideABigRingStaysExact) {
  Bell bell;
  EXPECT_EQ(bell.ring(1, 1), 0);
  EXPECT_EQ(bell.take(), 1u);
  bell.hold();
  kernel().onWrite(kMax - 50, When::kBefore, [&] { bell.take(true); });
  EXPECT_EQ(bell.ring(0, kMax - 50), 0);
  EXPECT_EQ(bell.ring(1, 100), -EAGAIN);
  EXPECT_EQ(bell.ring(1, 30), 0);
  EXPECT_EQ(bell.pending(), kMax - 20);
  EXPECT(bell.wakeUpDue());
  EXPECT(bell.conserved());
}

// The ordinary life of a burst, as a baseline: one write wakes, the rest coalesce, a take
// re-arms, and nothing is left behind.
PROTOCOL_TEST(aBurstCoalescesBehindOneWrite) {
  Bell bell;
  EXPECT_EQ(bell.ring(0, 1), 0);
  for (int i = 0; i < 10; i++) EXPECT(bell.fastRing(0, 2));
  EXPECT_EQ(kernel().counter(), 1u);
  EXPECT_EQ(bell.count(0), 20);
  EXPECT_EQ(bell.take(), 21u);
  EXPECT(!bell.fastRing(0, 1));  // re-armed: the next ring wakes a receiver again
  EXPECT_EQ(bell.ring(0, 1), 0);
  EXPECT(bell.fastRing(0, 1));
  EXPECT(bell.conserved());
}

int main(int argc, char** argv) { return runTests(argc, argv); }
