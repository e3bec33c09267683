// Random schedules of the coalescing protocol on real threads: ringers (fast path, slow path, big
// rings that overflow), receivers (takes, put-backs, holds: hold / takeHolding / release), a raw
// writer writing the counter directly, and a closer. Every thread dies at a random step boundary
// (a receiver that dies holding releases, as its environment's cleanup hook does). After every
// run, with all threads gone:
// - no lost wake-up: every lane with a count has PENDING, and if any lane has PENDING, the
//   counter is readable (nobody holds any more);
// - no flag was corrupted;
// - conservation: taking until nothing is pending delivers exactly what was rung successfully.
// DOORBELL_PROTOCOL_ITERATIONS sets the number of runs (default 300), DOORBELL_PROTOCOL_SECONDS a
// time after which no run starts (default 30): the threads yield at random, and on a machine
// whose CPUs are all busy every yield can cost a whole time slice (300 runs took 1.6 s here idle,
// 100 s and more beside three busy loops). Built with -fsanitize=thread by `pnpm test:tsan`, where
// any report fails the run.
#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>
#include <vector>

#include "../../src/Coalescer.hh"
#include "Check.hh"
#include "FakeKernel.hh"

using namespace doorbell;
using namespace doorbell::test;

namespace {

constexpr int kFd = FakeKernel::kFd;
constexpr uint64_t kMax = FakeKernel::kMax;
constexpr int32_t kFull = Coalescer::kPending | Coalescer::kCount;

// PENDING, no other flag, room for n: the range core's ring.ts tests.
bool coalescesInto(int32_t word, uint64_t n) {
  return word >= Coalescer::kPending && static_cast<uint64_t>(word) + n <= static_cast<uint64_t>(kFull);
}
std::atomic<uint64_t> totalSteps{0};  // statistics only

struct Doorbell {
  alignas(64) int32_t memory[32 + Coalescer::kLanes * 16] = {};
  Coalescer coalescer{memory + 1, memory + 32, 16};
  std::atomic<bool> closed{false};  // what SharedState's acquire checks before a slow path

  std::atomic<int32_t>& lane(int lane) { return *reinterpret_cast<std::atomic<int32_t>*>(memory + 32 + lane * 16); }
};

// What one thread added and took, kept by that thread alone (summed after the join).
struct Books {
  u128 rung = 0;
  u128 delivered = 0;
};

class Thread {
 public:
  Thread(Doorbell& bell, uint64_t seed) : bell_(bell), random_(seed) {}

  uint64_t pick(uint64_t below) { return std::uniform_int_distribution<uint64_t>(0, below - 1)(random_); }
  bool chance(int percent) { return pick(100) < static_cast<uint64_t>(percent); }
  // A step boundary: maybe let another thread in, maybe die here.
  bool survives() {
    if (chance(20)) sched_yield();
    totalSteps.fetch_add(1, std::memory_order_relaxed);
    return steps_-- > 0;
  }
  void setLife(uint64_t steps) { steps_ = steps; }
  void setFills(bool fills) { fills_ = fills; }

  // core's fast path (internal/ring.ts, CoalescingRinger): a CAS that expects the word this
  // ringer's last CAS left, looking at the lane only when that guess has no room for n.
  bool fastRing(int lane, uint64_t n) {
    std::atomic<int32_t>& w = bell_.lane(lane);
    int32_t word = guess_;
    if (static_cast<uint64_t>(word) + n > kFull) {
      word = w.load();
      if (!coalescesInto(word, n)) return false;
    }
    for (;;) {
      int32_t seen = word;
      if (w.compare_exchange_strong(seen, word + static_cast<int32_t>(n))) {
        guess_ = word + static_cast<int32_t>(n);
        return true;
      }
      if (!coalescesInto(seen, n)) return false;
      word = seen;
    }
  }

  // A count that (just about) fills the counter as it is now: the windows near 2^64-2.
  uint64_t filling() {
    uint64_t room = kMax - kernel().counter();
    uint64_t slack = pick(1 << 10);
    return room > slack ? room - slack : 1;
  }

  uint64_t someCount() {
    switch (pick(20)) {
      case 5:
        return filling();
      case 0:
      case 1:
        return kMax / 3 + pick(1000);  // big: three of these overflow
      case 2:
        return (uint64_t{1} << 27) + pick(1 << 20);  // just big enough for the exact path
      case 3:
        return Coalescer::kCount - pick(3);  // around the boundary
      case 4:
        return pick(1 << 26) + 1;
      default:
        return pick(1000) + 1;
    }
  }

  void ringer(int lane) {
    while (survives()) {
      uint64_t n = someCount();
      if (n <= (uint64_t{1} << 53) && fastRing(lane, n)) {
        books.rung += n;
        continue;
      }
      if (!survives()) return;  // between the fast path and the native call: the ring did not count
      if (bell_.closed.load()) continue;
      if (bell_.coalescer.ring(kFd, lane, n) == 0) books.rung += n;
    }
  }

  void rawWriter() {
    while (survives()) {
      // Half the runs have a raw writer that fills the counter (overflow is then not exact).
      uint64_t n = fills_ && chance(20) ? (chance(50) ? filling() : kMax / (2 + pick(3))) : pick(100) + 1;
      if (kernel().write(n) == 0) books.rung += n;
    }
  }

  // EventfdSource::take.
  u128 take(bool holding) {
    Coalescer::Ticket ticket = bell_.coalescer.beforeRead();
    uint64_t written = 0;
    if (kernel().read(&written) < 0) written = 0;
    uint64_t coalesced = holding ? bell_.coalescer.takeHolding(ticket) : bell_.coalescer.take(ticket);
    return static_cast<u128>(written) + coalesced;
  }

  void receiver() {
    bool holding = false;
    while (survives()) {
      u128 taken = take(holding);
      books.delivered += taken;
      // A count the receiver could not deliver goes back (Receiver::DeliverCount).
      if (taken > 0 && taken <= kMax && chance(10) && bell_.coalescer.putBack(kFd, static_cast<uint64_t>(taken)) == 0) {
        books.delivered -= taken;
      }
      if (!holding && chance(15)) {
        holding = true;
        bell_.coalescer.hold();
      } else if (holding && chance(20)) {
        holding = false;
        bell_.coalescer.release(kFd);
      }
    }
    if (holding) bell_.coalescer.release(kFd);  // the cleanup hook of a dying receiver
  }

  void closer() {
    while (survives()) {
    }
    bell_.closed.store(true);
    bell_.coalescer.close();
  }

  Books books;

 private:
  Doorbell& bell_;
  std::mt19937_64 random_;
  uint64_t steps_ = 0;
  int32_t guess_ = kFull;  // the fast path's guess; kFull sends the first ring to a load
  bool fills_ = false;
};

bool oneRun(uint64_t seed) {
  kernel().reset();
  kernel().setJitter(true);
  Doorbell bell;
  std::mt19937_64 random(seed);
  int ringers = 2 + static_cast<int>(random() % 4);
  int receivers = 1 + static_cast<int>(random() % 2);
  bool closes = random() % 4 == 0;
  bool fills = random() % 2 == 0;
  std::vector<Thread> threads;
  threads.reserve(ringers + receivers + 2);
  for (int i = 0; i < ringers + receivers + 2; i++) {
    threads.emplace_back(bell, random());
    threads.back().setLife(random() % 3000);
  }
  std::vector<std::thread> running;
  for (int i = 0; i < ringers; i++) {
    int lane = static_cast<int>(random() % 3);  // few lanes: ringers share them, as threads do
    running.emplace_back([&, i, lane] { threads[i].ringer(lane); });
  }
  for (int i = ringers; i < ringers + receivers; i++) running.emplace_back([&, i] { threads[i].receiver(); });
  threads[ringers + receivers].setFills(fills);
  running.emplace_back([&] { threads[ringers + receivers].rawWriter(); });
  if (closes) running.emplace_back([&] { threads[ringers + receivers + 1].closer(); });
  for (std::thread& each : running) each.join();

  bool ok = true;
  bool anyPending = false;
  for (int lane = 0; lane < Coalescer::kLanes; lane++) {
    int32_t word = bell.lane(lane).load();
    bool pending = (word & Coalescer::kPending) != 0;
    anyPending = anyPending || pending;
    if ((word & Coalescer::kCount) > 0 && !pending) {
      std::printf("  seed %llu: lane %d holds %d with no PENDING\n", static_cast<unsigned long long>(seed), lane,
                  word & Coalescer::kCount);
      ok = false;
    }
    if (word < 0 || ((word & Coalescer::kClosed) != 0) != (closes && bell.closed.load()) ||
        ((word & Coalescer::kMoved) != 0 && (word & Coalescer::kExact) == 0)) {
      std::printf("  seed %llu: lane %d has flags 0x%x\n", static_cast<unsigned long long>(seed), lane, word);
      ok = false;
    }
  }
  if (anyPending && !kernel().readable()) {
    std::printf("  seed %llu: a lane has PENDING and the counter is not readable\n",
                static_cast<unsigned long long>(seed));
    ok = false;
  }
  u128 pending = kernel().counter();
  for (int lane = 0; lane < Coalescer::kLanes; lane++) pending += bell.lane(lane).load() & Coalescer::kCount;
  if (!fills && pending > kMax) {
    std::printf("  seed %llu: %s pending, past 2^64-2 with no raw writer to blame (E %s",
                static_cast<unsigned long long>(seed), show(pending).c_str(), show(kernel().counter()).c_str());
    for (int lane = 0; lane < 3; lane++) std::printf(", lane %d 0x%x", lane, bell.lane(lane).load());
    std::printf(")\n");
    ok = false;
  }
  u128 rung = 0, delivered = 0;
  for (Thread& each : threads) {
    rung += each.books.rung;
    delivered += each.books.delivered;
  }
  Thread checker(bell, seed);
  for (int round = 0; round < 8; round++) delivered += checker.take(false);
  if (delivered != rung) {
    std::printf("  seed %llu: rung %s, delivered %s\n", static_cast<unsigned long long>(seed), show(rung).c_str(),
                show(delivered).c_str());
    ok = false;
  }
  return ok;
}

}  // namespace

PROTOCOL_TEST(randomSchedulesConserveAndKeepAWakeUp) {
  const char* configured = std::getenv("DOORBELL_PROTOCOL_ITERATIONS");
  int iterations = configured != nullptr ? std::atoi(configured) : 300;
  const char* seconds = std::getenv("DOORBELL_PROTOCOL_SECONDS");
  auto started = std::chrono::steady_clock::now();
  auto deadline = started + std::chrono::seconds(seconds != nullptr ? std::atoi(seconds) : 30);
  std::random_device device;
  uint64_t base = (static_cast<uint64_t>(device()) << 32) | device();
  int failed = 0;
  int run = 0;
  for (; run < iterations && failed < 5 && (run == 0 || std::chrono::steady_clock::now() < deadline); run++) {
    if (!oneRun(base + static_cast<uint64_t>(run))) failed++;
  }
  EXPECT_EQ(failed, 0);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("  %d of %d runs in %.1f s, %llu ring steps\n", run, iterations, took,
              static_cast<unsigned long long>(totalSteps.load()));
}

int main(int argc, char** argv) { return runTests(argc, argv); }
