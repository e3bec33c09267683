// Linux timerfd(2): the flood hold's period, finer than libuv's millisecond timers. 0 (or a new
// fd) on success, -errno on failure. No N-API here.
#pragma once
#include <cstdint>

namespace doorbell::os {

// A new monotonic timerfd, non-blocking and close-on-exec, disarmed.
int createTimer();

// Fires every periodMicros from now on; 0 disarms it.
int armTimer(int fd, uint64_t periodMicros);

// Clears the expirations, so the fd stops being readable until the next one.
void clearTimer(int fd);

}  // namespace doorbell::os
