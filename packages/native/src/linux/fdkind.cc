#include "fdkind.hh"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace doorbell::os {

namespace {

// The /proc/self/fd link: "anon_inode:[eventfd]", "pipe:[123]", a path... Empty if unreadable.
void linkOf(int fd, char* link, size_t size) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
  ssize_t length = readlink(path, link, size - 1);
  link[length < 0 ? 0 : length] = '\0';
}

}  // namespace

int fdKind(int fd, FdKind* kind) {
  struct stat status;
  if (fstat(fd, &status) < 0) return -errno;
  char link[256];
  linkOf(fd, link, sizeof link);
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0) return -errno;
  bool writable = (flags & O_ACCMODE) != O_RDONLY;
  if (S_ISFIFO(status.st_mode)) {
    bool pipe = strncmp(link, "pipe:", 5) == 0;
    *kind = pipe ? (writable ? FdKind::kPipeWrite : FdKind::kPipeRead)
                 : (writable ? FdKind::kFifoWrite : FdKind::kFifoRead);
  } else if (S_ISSOCK(status.st_mode)) {
    *kind = FdKind::kSocket;
  } else if (S_ISREG(status.st_mode)) {
    *kind = FdKind::kFile;
  } else if (isatty(fd)) {
    *kind = FdKind::kTty;
  } else if (strcmp(link, "anon_inode:[eventfd]") == 0) {
    *kind = FdKind::kEventfd;
  } else {
    *kind = FdKind::kOther;
  }
  return 0;
}

int isSemaphoreEventfd(int fd) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
  FILE* info = fopen(path, "re");
  if (info == nullptr) return -1;
  char line[128];
  int semaphore = -1;
  while (fgets(line, sizeof line, info) != nullptr) {
    int value = 0;
    if (sscanf(line, "eventfd-semaphore: %d", &value) == 1) semaphore = value != 0;
  }
  fclose(info);
  return semaphore;
}

const char* fdKindName(FdKind kind) {
  switch (kind) {
    case FdKind::kEventfd: return "eventfd";
    case FdKind::kPipeWrite: return "pipe";
    case FdKind::kPipeRead: return "pipe-read";
    case FdKind::kFifoWrite: return "fifo";
    case FdKind::kFifoRead: return "fifo-read";
    case FdKind::kSocket: return "socket";
    case FdKind::kFile: return "file";
    case FdKind::kTty: return "tty";
    case FdKind::kOther: return "other";
  }
  return "other";
}

}  // namespace doorbell::os
