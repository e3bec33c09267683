#include "pipe.hh"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace doorbell::os {

int createPipe(int fds[2]) { return pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0 ? -errno : 0; }

int readMessages(int fd, u128* total) {
  // Every writer writes exactly 8 bytes, which a pipe keeps whole (less than PIPE_BUF), so a read
  // of a multiple of 8 bytes never splits a message.
  uint64_t messages[512];
  for (int round = 0; round < 16; round++) {
    ssize_t got = read(fd, messages, sizeof messages);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return errno == EAGAIN ? 0 : -errno;
    size_t count = static_cast<size_t>(got) / sizeof messages[0];
    for (size_t i = 0; i < count; i++) *total += messages[i];
    if (static_cast<size_t>(got) < sizeof messages) return 0;
  }
  return 0;
}

}  // namespace doorbell::os
