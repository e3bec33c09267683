#include "timerfd.hh"

#include <cerrno>
#include <sys/timerfd.h>
#include <unistd.h>

namespace doorbell::os {

int createTimer() {
  int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  return fd < 0 ? -errno : fd;
}

int armTimer(int fd, uint64_t periodMicros) {
  struct timespec period = {static_cast<time_t>(periodMicros / 1000000), static_cast<long>(periodMicros % 1000000) * 1000};
  struct itimerspec spec = {period, period};
  return timerfd_settime(fd, 0, &spec, nullptr) < 0 ? -errno : 0;
}

void clearTimer(int fd) {
  uint64_t expirations;
  while (read(fd, &expirations, sizeof expirations) < 0 && errno == EINTR) {
  }
}

}  // namespace doorbell::os
