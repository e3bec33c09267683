#include "pipe.hh"

#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <unistd.h>

namespace doorbell::os {

namespace {
// Bounds one take, so writers flooding the pipe cannot starve the receiver's event loop.
constexpr int kMaxPacketsPerTake = 4096;
}  // namespace

int createPipe(int fds[2]) { return pipe2(fds, O_DIRECT | O_NONBLOCK | O_CLOEXEC) < 0 ? -errno : 0; }

int readMessages(int fd, u128* total, int* malformed) {
  // A read takes one packet, and a buffer of PIPE_BUF holds the largest one whole: one syscall
  // per message. Messages are few: a ring from this process writes only the token that takes the
  // shared counter from 0 (PipeCounter.hh); only raw writers write one per ring.
  uint64_t packet[PIPE_BUF / sizeof(uint64_t)];
  for (int i = 0; i < kMaxPacketsPerTake; i++) {
    ssize_t got = read(fd, packet, sizeof packet);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return errno == EAGAIN ? 0 : -errno;
    if (got == 0) return 0;  // no writer left: only this doorbell's own ends hold the pipe
    if (got == sizeof packet[0]) {
      *total += packet[0];
    } else {
      (*malformed)++;
    }
  }
  return 0;
}

}  // namespace doorbell::os
