// Plain POSIX: the SOCK_SEQPACKET socket pair behind DoorbellPair. 0 (or an fd) or -errno.
#pragma once
#include <cstdint>

namespace doorbell::os {

// Two connected ends, non-blocking and close-on-exec.
int createSocketPair(int fds[2]);

// Makes an inherited fd usable as a pair end: checks it is a SOCK_SEQPACKET socket, sets
// O_NONBLOCK and FD_CLOEXEC.
int adoptSocket(int fd);

// Sums the 8-byte counts waiting on fd into *sum, starting from `first` (a count held over).
// A count that would carry the sum past 2^64-1 is left in *carry for the next call.
// *ended: the peer is gone (end of file or reset); what was read before it is in *sum.
// Messages that are not 8 bytes add nothing and are counted in *malformed.
int receiveCounts(int fd, uint64_t first, uint64_t* sum, uint64_t* carry, bool* ended, int* malformed);

// Sends one count, without blocking: -EAGAIN while the peer's buffer is full, -EPIPE once the
// peer is gone. Never raises SIGPIPE.
int sendCount(int fd, uint64_t n);

}  // namespace doorbell::os
