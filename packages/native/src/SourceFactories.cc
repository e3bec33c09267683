#include "SourceFactories.hh"

#include "AdoptedEventfdSource.hh"
#include "EventfdSource.hh"
#include "PipeSource.hh"
#include "SocketSource.hh"
#include "errors.hh"
#include "linux/eventfd.hh"
#include "linux/fdkind.hh"
#include "linux/pipe.hh"
#include "linux/socket.hh"

namespace doorbell {

namespace {

void RequireFresh(Napi::Env env, const SharedState& state) {
  if (!state.fresh()) throw Napi::TypeError::New(env, "state must be a new doorbell's (all zero) Int32Array");
}

}  // namespace

std::unique_ptr<Source> CreateEventfdSource(Napi::Env env, SharedState state, bool semaphore) {
  RequireFresh(env, state);
  int fd = os::createEventfd(semaphore);
  if (fd < 0) throw ErrnoError(env, "eventfd", fd);
  state.setEventfd(fd);
  return std::make_unique<EventfdSource>(state, fd, true);
}

std::unique_ptr<Source> CreatePipeSource(Napi::Env env, SharedState state) {
  RequireFresh(env, state);
  int fds[2];
  if (int result = os::createPipe(fds); result < 0) throw ErrnoError(env, "pipe2", result);
  state.setPipe(fds[0], fds[1]);
  return std::make_unique<PipeSource>(state, fds[0], fds[1], true);
}

std::unique_ptr<Source> OpenSource(Napi::Env env, SharedState state) {
  if (!state.acquire()) throw ClosedError(env);
  // Both ends of a pipe doorbell under the one acquire: neither number can be reused meanwhile.
  int fd = os::duplicate(state.fd());
  int readFd = state.isPipe() && fd >= 0 ? os::duplicate(state.pipeReadFd()) : -1;
  state.leave();
  if (fd < 0) throw ErrnoError(env, "fcntl(F_DUPFD_CLOEXEC)", fd);
  if (!state.isPipe()) return std::make_unique<EventfdSource>(state, fd, false);
  if (readFd < 0) {
    os::closeFd(fd);
    throw ErrnoError(env, "fcntl(F_DUPFD_CLOEXEC)", readFd);
  }
  return std::make_unique<PipeSource>(state, readFd, fd, false);
}

std::unique_ptr<Source> AdoptSocketSource(Napi::Env env, int fd) {
  if (int result = os::adoptSocket(fd); result < 0) throw ErrnoError(env, "adopting a pair socket", result);
  return std::make_unique<SocketSource>(fd);
}

std::unique_ptr<Source> AdoptEventfdSource(Napi::Env env, int fd, bool semaphore) {
  os::FdKind kind;
  if (int result = os::fdKind(fd, &kind); result < 0) throw ErrnoError(env, "fstat", result);
  if (kind != os::FdKind::kEventfd) throw Napi::TypeError::New(env, "fd must be an eventfd");
  if (os::isSemaphoreEventfd(fd) == !semaphore) {
    throw Napi::TypeError::New(env, semaphore ? "fd must be a semaphore eventfd (EFD_SEMAPHORE)"
                                              : "fd is a semaphore eventfd: pass { semaphore: true }");
  }
  int copy = os::duplicate(fd);
  if (copy < 0) throw ErrnoError(env, "fcntl(F_DUPFD_CLOEXEC)", copy);
  return std::make_unique<AdoptedEventfdSource>(copy);
}

}  // namespace doorbell
