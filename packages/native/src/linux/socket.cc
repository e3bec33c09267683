#include "socket.hh"

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>

namespace doorbell::os {

namespace {
// Bounds one take, so a peer that rings flat out cannot starve the receiver's event loop.
constexpr int kMaxMessagesPerTake = 4096;
}  // namespace

int createSocketPair(int fds[2]) {
  return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) < 0 ? -errno : 0;
}

int adoptSocket(int fd) {
  int type = 0;
  socklen_t length = sizeof type;
  if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &length) < 0) return -errno;
  if (type != SOCK_SEQPACKET) return -EPROTOTYPE;
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) return -errno;
  if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) return -errno;
  return 0;
}

int receiveCounts(int fd, uint64_t first, uint64_t* sum, uint64_t* carry, bool* ended, int* malformed) {
  *sum = first;
  *carry = 0;
  for (int i = 0; i < kMaxMessagesPerTake; i++) {
    uint64_t count = 0;
    // MSG_TRUNC: the message's real length, so a longer one is not taken for a count.
    ssize_t got = recv(fd, &count, sizeof count, MSG_DONTWAIT | MSG_TRUNC);
    if (got == 0) {
      *ended = true;
      return 0;
    }
    if (got < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return 0;
      if (errno == ECONNRESET) {
        *ended = true;
        return 0;
      }
      return -errno;
    }
    if (got != sizeof count) {  // not a doorbell message: skip it, and say so
      (*malformed)++;
      continue;
    }
    if (*sum > UINT64_MAX - count) {
      *carry = count;
      return 0;
    }
    *sum += count;
  }
  return 0;
}

int sendCount(int fd, uint64_t n) {
  for (;;) {
    ssize_t sent = send(fd, &n, sizeof n, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (sent == sizeof n) return 0;
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EPIPE || errno == ECONNRESET)) return -EPIPE;
    return sent < 0 ? -errno : -EIO;
  }
}

}  // namespace doorbell::os
