// Plain POSIX wrappers around eventfd(2). No N-API here.
// Every function returns 0 (or a new fd) on success and -errno on failure.
#pragma once
#include <cstdint>

namespace doorbell::os {

// A new eventfd, non-blocking and close-on-exec; EFD_SEMAPHORE when asked.
int createEventfd(bool semaphore);

// Adds n to the counter. -EAGAIN means the counter would pass 2^64-2 (nothing added).
int writeCount(int fd, uint64_t n);

// Takes the counter (or 1 in semaphore mode). -EAGAIN means nothing was pending.
int readCount(int fd, uint64_t* count);

// A close-on-exec duplicate of fd.
int duplicate(int fd);

void closeFd(int fd);

}  // namespace doorbell::os
