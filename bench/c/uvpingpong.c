// The floor for a cross-thread round trip between two event loops: what any libuv program pays,
// Node included, before doing anything of its own. Two threads, each running its own uv loop
// with a uv_poll on an eventfd (non-blocking, as a doorbell's), and idle-time metrics on
// (uv_loop_configure UV_METRICS_IDLE_TIME), as Node configures its loops: with them on, libuv
// polls once without blocking before it blocks, to tell idle time from work.
// usage: uvpingpong ROUNDS WARMUP; prints each round trip after the first WARMUP, in ns, one a
// line. The pinger writes a ping, the echo thread's poll callback reads it and writes a pong,
// and the pinger's poll callback reads the pong, records the round trip and writes the next ping.
// Compiled by the bench runner with `cc -O2 -pthread ... -luv` (Debian: libuv1-dev) into
// bench/build/. The threads run where the scheduler puts them within the affinity the process
// inherits (taskset -c 0: both on one CPU).
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>

static int ping_fd, pong_fd;
static long rounds, done_rounds, echoed;
static uint64_t *ns, started;
static pthread_barrier_t both_polling;

static void check(int ok, const char *what) {
  if (!ok) {
    perror(what);
    exit(1);
  }
}

static void check_uv(int status, const char *what) {
  if (status != 0) {
    fprintf(stderr, "%s: %s\n", what, uv_strerror(status));
    exit(1);
  }
}

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void ring(int fd) {
  uint64_t one = 1;
  check(write(fd, &one, sizeof one) == sizeof one, "write");
}

// A readable eventfd is read once (the count), as a doorbell's receiver takes it.
static int take(int fd) {
  uint64_t value;
  return read(fd, &value, sizeof value) == sizeof value;
}

static void loop_init(uv_loop_t *loop) {
  check_uv(uv_loop_init(loop), "uv_loop_init");
  check_uv(uv_loop_configure(loop, UV_METRICS_IDLE_TIME), "uv_loop_configure");
}

static void on_ping(uv_poll_t *poll, int status, int events) {
  (void)events;
  check_uv(status, "echo poll");
  if (!take(ping_fd)) return;
  ring(pong_fd);
  if (++echoed == rounds) uv_close((uv_handle_t *)poll, NULL);
}

static void on_pong(uv_poll_t *poll, int status, int events) {
  (void)events;
  check_uv(status, "pinger poll");
  if (!take(pong_fd)) return;
  ns[done_rounds++] = now_ns() - started;
  if (done_rounds == rounds) {
    uv_close((uv_handle_t *)poll, NULL);
    return;
  }
  started = now_ns();
  ring(ping_fd);
}

static void *echo(void *arg) {
  (void)arg;
  uv_loop_t loop;
  uv_poll_t poll;
  loop_init(&loop);
  check_uv(uv_poll_init(&loop, &poll, ping_fd), "uv_poll_init");
  check_uv(uv_poll_start(&poll, UV_READABLE, on_ping), "uv_poll_start");
  pthread_barrier_wait(&both_polling);
  check_uv(uv_run(&loop, UV_RUN_DEFAULT), "uv_run");
  check_uv(uv_loop_close(&loop), "uv_loop_close");
  return NULL;
}

int main(int argc, char **argv) {
  check(argc == 3, "usage: uvpingpong ROUNDS WARMUP");
  rounds = atol(argv[1]);
  long warmup = atol(argv[2]);
  check(rounds > warmup && warmup >= 0, "ROUNDS must exceed WARMUP");
  ping_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  pong_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  check(ping_fd >= 0 && pong_fd >= 0, "eventfd");
  ns = malloc(sizeof *ns * (size_t)rounds);
  check(ns != NULL, "malloc");
  check(pthread_barrier_init(&both_polling, NULL, 2) == 0, "pthread_barrier_init");

  uv_loop_t loop;
  uv_poll_t poll;
  loop_init(&loop);
  check_uv(uv_poll_init(&loop, &poll, pong_fd), "uv_poll_init");
  check_uv(uv_poll_start(&poll, UV_READABLE, on_pong), "uv_poll_start");
  pthread_t thread;
  check(pthread_create(&thread, NULL, echo, NULL) == 0, "pthread_create");
  pthread_barrier_wait(&both_polling);
  started = now_ns();
  ring(ping_fd);
  check_uv(uv_run(&loop, UV_RUN_DEFAULT), "uv_run");
  check_uv(uv_loop_close(&loop), "uv_loop_close");
  pthread_join(thread, NULL);
  for (long i = warmup; i < rounds; i++) printf("%llu\n", (unsigned long long)ns[i]);
  return 0;
}
