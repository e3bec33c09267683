// Linux eventfd(2). 0 (or a new fd) on success, -errno on failure. No N-API here.
#pragma once
// Coalescer.hh and PipeCounter.hh still reach writeCount through this header; they should include
// ../posix/fdio.hh themselves (their owner's change), and then this include goes.
#include "../posix/fdio.hh"

namespace doorbell::os {

// A new eventfd, non-blocking and close-on-exec; EFD_SEMAPHORE when asked.
int createEventfd(bool semaphore);

}  // namespace doorbell::os
