// Linux: the pipe behind the 'pipe' backend, in packet mode (O_DIRECT): every write(2) of at most
// PIPE_BUF bytes is one packet and every read(2) takes one packet whole, so a malformed write
// (not 8 bytes) is one bad packet that cannot shift the messages after it. The price: a packet
// takes a pipe slot of its own, so the pipe holds 16 messages (the default size; growing it would
// count against the user's pipe-user-pages-soft for every pipe doorbell). Rings from this process
// use the shared counter and write one token per burst; a raw writer that finds 16 messages not
// yet read gets EAGAIN (nothing added), as it would from a full eventfd. 0 or -errno.
#pragma once
#include <cstdint>

namespace doorbell::os {

using u128 = unsigned __int128;

// fds[0] reads, fds[1] writes; packet mode, both non-blocking and close-on-exec.
int createPipe(int fds[2]);

// Reads the waiting packets (at most 4096 per call) and adds the 8-byte ones to *total; 128 bits
// cannot overflow here. Messages of value 0 are wake-up tokens and add nothing. Packets of any
// other size are counted in *malformed and add nothing.
int readMessages(int fd, u128* total, int* malformed);

}  // namespace doorbell::os
