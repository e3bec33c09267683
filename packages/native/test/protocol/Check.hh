// A minimal test runner for the protocol tests (no framework to install: they build with g++
// alone). PROTOCOL_TEST(name) { ... } registers a test; EXPECT records a failure and goes on.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace doorbell::test {

using u128 = unsigned __int128;

struct TestCase {
  const char* name;
  void (*run)();
};

inline std::vector<TestCase>& testCases() {
  static std::vector<TestCase> all;
  return all;
}

inline int& failedChecks() {
  static int count = 0;
  return count;
}

struct Registration {
  Registration(const char* name, void (*run)()) { testCases().push_back({name, run}); }
};

inline std::string show(__int128 signedValue) {
  std::string digits;
  u128 value = signedValue < 0 ? -static_cast<u128>(signedValue) : static_cast<u128>(signedValue);
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  } while (value > 0);
  return signedValue < 0 ? "-" + digits : digits;
}

// Runs the tests whose name contains argv[1] (all without it); 0 when every check held.
inline int runTests(int argc, char** argv) {
  int failed = 0;
  for (const TestCase& test : testCases()) {
    if (argc > 1 && std::string(test.name).find(argv[1]) == std::string::npos) continue;
    int before = failedChecks();
    test.run();
    bool ok = failedChecks() == before;
    failed += ok ? 0 : 1;
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", test.name);
  }
  std::printf("%d failed\n", failed);
  return failed == 0 ? 0 : 1;
}

}  // namespace doorbell::test

#define PROTOCOL_TEST(name)                                                 \
  static void name();                                                       \
  static ::doorbell::test::Registration name##Registration(#name, &name);  \
  static void name()

#define EXPECT(condition)                                                                  \
  do {                                                                                     \
    if (!(condition)) {                                                                    \
      ::doorbell::test::failedChecks()++;                                                  \
      std::printf("  %s:%d: expected %s\n", __FILE__, __LINE__, #condition);               \
    }                                                                                      \
  } while (0)

#define EXPECT_EQ(actual, expected)                                                        \
  do {                                                                                     \
    __int128 actualValue = static_cast<__int128>(actual);                                  \
    __int128 expectedValue = static_cast<__int128>(expected);                              \
    if (actualValue != expectedValue) {                                                    \
      ::doorbell::test::failedChecks()++;                                                  \
      std::printf("  %s:%d: %s is %s, expected %s\n", __FILE__, __LINE__, #actual,         \
                  ::doorbell::test::show(actualValue).c_str(),                             \
                  ::doorbell::test::show(expectedValue).c_str());                          \
    }                                                                                      \
  } while (0)
