// Plain POSIX I/O on the 8-byte counts every backend carries. No N-API here.
// Every function returns 0 (or a new fd) on success and -errno on failure.
#pragma once
#include <cstdint>

namespace doorbell::os {

// Writes n as one 8-byte message. On an eventfd, -EAGAIN means the counter would pass 2^64-2
// (nothing added); on a full pipe, that it is full.
int writeCount(int fd, uint64_t n);

// Reads one 8-byte message (an eventfd's counter, or 1 in semaphore mode). -EAGAIN: nothing.
int readCount(int fd, uint64_t* count);

// A close-on-exec duplicate of fd.
int duplicate(int fd);

void closeFd(int fd);

}  // namespace doorbell::os
