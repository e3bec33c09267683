// What an fd is, as Ringer.fromFd and Doorbell.fromFd need to know (Linux: the /proc/self/fd
// link tells an eventfd and a pipe apart). 0 or -errno. No N-API here.
#pragma once

namespace doorbell::os {

enum class FdKind { kEventfd, kPipeWrite, kPipeRead, kFifoWrite, kFifoRead, kSocket, kFile, kTty, kOther };

// -EBADF when fd is not open.
int fdKind(int fd, FdKind* kind);

// 1 or 0 when the kernel reports it (eventfd-semaphore in /proc/self/fdinfo), -1 when it does not.
int isSemaphoreEventfd(int fd);

const char* fdKindName(FdKind kind);

}  // namespace doorbell::os
