// Plain POSIX: the pipe behind the 'pipe' backend, carrying 8-byte messages. 0 or -errno.
#pragma once
#include <cstdint>

namespace doorbell::os {

using u128 = unsigned __int128;

// fds[0] reads, fds[1] writes; both non-blocking and close-on-exec.
int createPipe(int fds[2]);

// Reads the waiting messages (at most 8192 per call) and adds them to *total; 128 bits cannot
// overflow here. Messages of value 0 are wake-up tokens and add nothing.
int readMessages(int fd, u128* total);

}  // namespace doorbell::os
