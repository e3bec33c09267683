// The floor for a cross-thread round trip: two threads, two blocking eventfds, nothing else.
// usage: pingpong ROUNDS WARMUP [split]; prints each round trip after the first WARMUP, in ns, one
// a line. Compiled by the bench runner with `cc -O2 -pthread` into bench/build/. Without `split`
// the threads go wherever the scheduler puts them within the affinity the process inherits
// (taskset -c 0: both on one CPU); with `split` each is pinned to a different allowed CPU.
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

static int ping_fd, pong_fd, split;
static long rounds;

static void check(int ok, const char *what) {
  if (!ok) {
    perror(what);
    exit(1);
  }
}

// Pins `thread` to the index-th CPU of `allowed`; false if there is no such CPU.
static int pin(pthread_t thread, const cpu_set_t *allowed, int index) {
  for (int cpu = 0, seen = 0; cpu < CPU_SETSIZE; cpu++) {
    if (!CPU_ISSET(cpu, allowed) || seen++ != index) continue;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    return pthread_setaffinity_np(thread, sizeof one, &one) == 0;
  }
  return 0;
}

static void *echo(void *arg) {
  (void)arg;
  uint64_t value;
  for (long i = 0; i < rounds; i++) {
    check(read(ping_fd, &value, sizeof value) == sizeof value, "read ping");
    value = 1;
    check(write(pong_fd, &value, sizeof value) == sizeof value, "write pong");
  }
  return NULL;
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int main(int argc, char **argv) {
  check(argc == 3 || (argc == 4 && strcmp(argv[3], "split") == 0), "usage: pingpong ROUNDS WARMUP [split]");
  rounds = atol(argv[1]);
  long warmup = atol(argv[2]);
  split = argc == 4;
  check(rounds > warmup && warmup >= 0, "ROUNDS must exceed WARMUP");
  ping_fd = eventfd(0, EFD_CLOEXEC);
  pong_fd = eventfd(0, EFD_CLOEXEC);
  check(ping_fd >= 0 && pong_fd >= 0, "eventfd");
  uint64_t *ns = malloc(sizeof *ns * (size_t)rounds);
  check(ns != NULL, "malloc");

  pthread_t thread;
  check(pthread_create(&thread, NULL, echo, NULL) == 0, "pthread_create");
  if (split) {
    cpu_set_t allowed;
    check(sched_getaffinity(0, sizeof allowed, &allowed) == 0, "sched_getaffinity");
    check(pin(pthread_self(), &allowed, 0) && pin(thread, &allowed, 1), "split needs two allowed CPUs");
  }
  for (long i = 0; i < rounds; i++) {
    uint64_t value = 1, start = now_ns();
    check(write(ping_fd, &value, sizeof value) == sizeof value, "write ping");
    check(read(pong_fd, &value, sizeof value) == sizeof value, "read pong");
    ns[i] = now_ns() - start;
  }
  pthread_join(thread, NULL);
  for (long i = warmup; i < rounds; i++) printf("%llu\n", (unsigned long long)ns[i]);
  return 0;
}
