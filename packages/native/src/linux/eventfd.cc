#include "eventfd.hh"

#include <cerrno>
#include <sys/eventfd.h>

namespace doorbell::os {

int createEventfd(bool semaphore) {
  int flags = EFD_NONBLOCK | EFD_CLOEXEC | (semaphore ? EFD_SEMAPHORE : 0);
  int fd = eventfd(0, flags);
  return fd < 0 ? -errno : fd;
}

}  // namespace doorbell::os
