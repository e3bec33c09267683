#include "fdio.hh"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace doorbell::os {

int writeCount(int fd, uint64_t n) {
  for (;;) {
    ssize_t written = write(fd, &n, sizeof n);
    if (written == sizeof n) return 0;
    if (written < 0 && errno == EINTR) continue;
    return written < 0 ? -errno : -EIO;
  }
}

int readCount(int fd, uint64_t* count) {
  for (;;) {
    ssize_t got = read(fd, count, sizeof *count);
    if (got == sizeof *count) return 0;
    if (got < 0 && errno == EINTR) continue;
    return got < 0 ? -errno : -EIO;
  }
}

int duplicate(int fd) {
  int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
  return copy < 0 ? -errno : copy;
}

void closeFd(int fd) {
  // Linux releases the descriptor even when close(2) reports EINTR: never retry.
  if (fd >= 0) close(fd);
}

}  // namespace doorbell::os
