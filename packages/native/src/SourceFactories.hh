// Where each kind of receiver's Source comes from. Each factory validates what it is given,
// makes or acquires the fds, and only then constructs; on failure it throws (an errno error, a
// ClosedError, a TypeError naming the argument) having kept nothing open.
#pragma once
#include <napi.h>

#include <memory>

#include "SharedState.hh"
#include "Source.hh"

namespace doorbell {

// A new eventfd doorbell; the receiver is its creator.
std::unique_ptr<Source> CreateEventfdSource(Napi::Env env, SharedState state, bool semaphore);
// A new pipe doorbell; the receiver is its creator.
std::unique_ptr<Source> CreatePipeSource(Napi::Env env, SharedState state);
// A further receiver of an open doorbell, on duplicates of the creator's fds.
std::unique_ptr<Source> OpenSource(Napi::Env env, SharedState state);
// One end of a DoorbellPair; takes ownership of fd.
std::unique_ptr<Source> AdoptSocketSource(Napi::Env env, int fd);
// An eventfd made elsewhere, on a duplicate; the caller's fd stays open.
std::unique_ptr<Source> AdoptEventfdSource(Napi::Env env, int fd, bool semaphore);

}  // namespace doorbell
