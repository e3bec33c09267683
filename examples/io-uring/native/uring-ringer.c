// uring-ringer: io_uring completions ring a doorbell.
//
// Run as a child process that was handed the doorbell's eventfd as fd 3 (the fourth entry of its
// stdio array). It registers that fd with io_uring_register_eventfd, so the kernel itself adds to
// the doorbell whenever it posts completions to this ring; this program never writes to fd 3.
//
//   uring-ringer probe                  is io_uring usable here? (exit 0, or 3 with the reason)
//   uring-ringer nops <count> <submits> [async]
//                                       <count> NOPs spread over <submits> submit calls, each
//                                       call waiting for all of its completions; with `async`,
//                                       each NOP is flagged IOSQE_ASYNC (run by a kernel worker)
//   uring-ringer read <file>...         reads each file through io_uring, 64 KiB per request,
//                                       one submit call per round (one request per unfinished file)
//
// stdout: one line per submit call, then `summary submits=<n> completions=<n>`.
// Exit status: 0 done; 1 a system call failed; 2 usage, or fd 3 is not an eventfd;
// 3 io_uring is unavailable here (ENOSYS: not built into the kernel; EPERM: disabled by
// the kernel.io_uring_disabled sysctl or a seccomp filter, as in some sandboxes).

#include <errno.h>
#include <fcntl.h>
#include <liburing.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { DOORBELL_FD = 3, CHUNK = 64 * 1024, MAX_FILES = 64 };
enum { EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_UNAVAILABLE = 3 };

static const char usage[] =
    "usage: uring-ringer probe | nops <count> <submits> [async] | read <file>...\n"
    "(run with a doorbell's eventfd as fd 3)\n";

static int fail(const char* call, int error) {
  fprintf(stderr, "uring-ringer: %s: %s\n", call, strerror(error));
  return EXIT_FAILED;
}

static int parseCount(const char* text, unsigned* value) {
  char* end;
  errno = 0;
  unsigned long parsed = strtoul(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || parsed == 0 || parsed > 4096) return -1;
  *value = (unsigned)parsed;
  return 0;
}

// fd 3 must be an eventfd: anything else means the parent did not hand the doorbell over.
static int checkDoorbellFd(void) {
  char link[64];
  ssize_t length = readlink("/proc/self/fd/3", link, sizeof link - 1);
  if (length < 0) {
    fprintf(stderr, "uring-ringer: fd 3 is not open: hand the doorbell over as the 4th stdio entry\n");
    return EXIT_USAGE;
  }
  link[length] = '\0';
  if (strcmp(link, "anon_inode:[eventfd]") != 0) {
    fprintf(stderr, "uring-ringer: fd 3 is %s, not an eventfd\n", link);
    return EXIT_USAGE;
  }
  return 0;
}

static int setUp(struct io_uring* ring, unsigned entries) {
  int status = io_uring_queue_init(entries, ring, 0);
  if (status == -ENOSYS || status == -EPERM) {
    fprintf(stderr, "io_uring is unavailable here: io_uring_queue_init: %s (%s)\n", strerror(-status),
            status == -ENOSYS ? "ENOSYS" : "EPERM");
    return EXIT_UNAVAILABLE;
  }
  if (status < 0) return fail("io_uring_queue_init", -status);
  status = io_uring_register_eventfd(ring, DOORBELL_FD);
  if (status < 0) {
    io_uring_queue_exit(ring);
    return fail("io_uring_register_eventfd", -status);
  }
  return 0;
}

// Submits what is queued, waits for `expected` completions, and reaps them into `results`
// (indexed by user_data) when given.
static int submitAndReap(struct io_uring* ring, unsigned expected, int* results) {
  int submitted = io_uring_submit_and_wait(ring, expected);
  if (submitted < 0) return fail("io_uring_submit_and_wait", -submitted);
  for (unsigned reaped = 0; reaped < expected; reaped++) {
    struct io_uring_cqe* cqe;
    int status = io_uring_wait_cqe(ring, &cqe);
    if (status < 0) return fail("io_uring_wait_cqe", -status);
    if (results) results[cqe->user_data] = cqe->res;
    io_uring_cqe_seen(ring, cqe);
  }
  return 0;
}

static int runNops(struct io_uring* ring, unsigned count, unsigned submits, int async) {
  unsigned completions = 0;
  for (unsigned call = 0; call < submits; call++) {
    // Spread evenly: the first count % submits calls take one more.
    unsigned batch = count / submits + (call < count % submits ? 1 : 0);
    for (unsigned i = 0; i < batch; i++) {
      struct io_uring_sqe* sqe = io_uring_get_sqe(ring);
      io_uring_prep_nop(sqe);
      sqe->user_data = i;
      if (async) sqe->flags |= IOSQE_ASYNC;
    }
    int status = submitAndReap(ring, batch, NULL);
    if (status != 0) return status;
    completions += batch;
    printf("submit %u: %u NOP%s, %u completion%s\n", call + 1, batch, batch == 1 ? "" : "s", batch,
           batch == 1 ? "" : "s");
  }
  printf("summary submits=%u completions=%u\n", submits, completions);
  return 0;
}

static int runReads(struct io_uring* ring, char** paths, unsigned files) {
  static char buffers[MAX_FILES][CHUNK];
  int fds[MAX_FILES];
  unsigned long long offsets[MAX_FILES] = {0};
  int done[MAX_FILES] = {0};
  int results[MAX_FILES];
  for (unsigned f = 0; f < files; f++) {
    fds[f] = open(paths[f], O_RDONLY | O_CLOEXEC);
    if (fds[f] < 0) {
      fprintf(stderr, "uring-ringer: open %s: %s\n", paths[f], strerror(errno));
      return EXIT_FAILED;
    }
  }
  unsigned submits = 0, completions = 0, remaining = files;
  while (remaining > 0) {
    unsigned batch = 0;
    for (unsigned f = 0; f < files; f++) {
      if (done[f]) continue;
      struct io_uring_sqe* sqe = io_uring_get_sqe(ring);
      io_uring_prep_read(sqe, fds[f], buffers[f], CHUNK, offsets[f]);
      sqe->user_data = f;
      batch++;
    }
    int status = submitAndReap(ring, batch, results);
    if (status != 0) return status;
    submits++;
    completions += batch;
    printf("submit %u: %u read%s, %u completion%s\n", submits, batch, batch == 1 ? "" : "s", batch,
           batch == 1 ? "" : "s");
    for (unsigned f = 0; f < files; f++) {
      if (done[f]) continue;
      if (results[f] < 0) {
        fprintf(stderr, "uring-ringer: read %s: %s\n", paths[f], strerror(-results[f]));
        return EXIT_FAILED;
      }
      offsets[f] += (unsigned)results[f];
      if (results[f] == 0) {  // end of file
        done[f] = 1;
        remaining--;
        close(fds[f]);
        printf("read %s: %llu bytes\n", paths[f], offsets[f]);
      }
    }
  }
  printf("summary submits=%u completions=%u\n", submits, completions);
  return 0;
}

int main(int argc, char** argv) {
  // Lines, not a block at exit: a parent reading the pipe sees each submit as it happens.
  setvbuf(stdout, NULL, _IOLBF, 0);
  const char* mode = argc > 1 ? argv[1] : "";
  unsigned count = 0, submits = 0;
  int isProbe = strcmp(mode, "probe") == 0 && argc == 2;
  int isAsync = argc == 5 && strcmp(argv[4], "async") == 0;
  int isNops = strcmp(mode, "nops") == 0 && (argc == 4 || isAsync);
  int isRead = strcmp(mode, "read") == 0 && argc >= 3;
  if (isNops && (parseCount(argv[2], &count) != 0 || parseCount(argv[3], &submits) != 0 || submits > count)) {
    fprintf(stderr, "uring-ringer: nops takes 1 <= submits <= count <= 4096; got %s %s\n", argv[2], argv[3]);
    return EXIT_USAGE;
  }
  if (isRead && argc - 2 > MAX_FILES) {
    fprintf(stderr, "uring-ringer: read takes at most %d files\n", MAX_FILES);
    return EXIT_USAGE;
  }
  if (!isProbe && !isNops && !isRead) {
    fputs(usage, stderr);
    return EXIT_USAGE;
  }
  int status = checkDoorbellFd();
  if (status != 0) return status;

  struct io_uring ring;
  unsigned entries = isNops ? count / submits + 1 : isRead ? (unsigned)(argc - 2) : 1;
  status = setUp(&ring, entries);
  if (status != 0) return status;
  if (isProbe) {
    printf("io_uring is available\n");
  } else if (isNops) {
    status = runNops(&ring, count, submits, isAsync);
  } else {
    status = runReads(&ring, argv + 2, (unsigned)(argc - 2));
  }
  io_uring_queue_exit(&ring);
  return status;
}
