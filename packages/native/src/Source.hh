// Where a receiver's counts come from. Receiver does the libuv and JS side for every kind.
#pragma once
#include <cerrno>
#include <cstdint>

namespace doorbell {

class Source {
 public:
  enum class Take { kCount, kEmpty, kClosed };

  virtual ~Source() = default;
  virtual int fd() const = 0;
  // Where rings are written: fd() itself, except for a pipe.
  virtual int writeFd() const { return fd(); }
  // Takes what is pending. kClosed: the doorbell is gone (closed or ending, or for a pair, the
  // peer); kEmpty with *error set: a read failed and nothing was taken. *coalesced: how much of
  // *count was rung while a wake-up was already due (it coalesced in shared memory).
  // After kCount the source stays inside the doorbell (SharedState.hh) until finishTake(): call
  // it once the count is delivered or put back.
  virtual Take take(uint64_t* count, int* error, uint64_t* coalesced) = 0;
  virtual void finishTake() {}
  // How many malformed messages (not 8 bytes) takes have skipped since the last call; resets.
  virtual int takeMalformed() { return 0; }
  // Adds back a count that was taken but could not be delivered. 0 or -errno.
  virtual int putBack(uint64_t n) = 0;
  // Rings the other end, for sources that have one. 0 (sent, or held until the peer can take
  // it: see hasUnsent) or -errno.
  virtual int ringPeer(uint64_t) { return -ENOTSUP; }
  // A count rung at the peer is waiting for the socket to become writable.
  virtual bool hasUnsent() const { return false; }
  // Tries to send what is waiting; called when the fd is writable.
  virtual void flush() {}
  // Holding (Coalescer.hh): from hold() to release(), rings of this process stop waking
  // receivers, and take() leaves them that way; the caller must take on a timer meanwhile.
  // hold() is false where rings cannot be held.
  virtual bool hold() { return false; }
  virtual void release() {}
  virtual bool holding() const { return false; }
  // The creator's graceful end (SharedState.hh): false for anything but an open creator.
  virtual bool beginEnd() { return false; }
  virtual bool othersInside() const { return false; }
  // Releases the fd (idempotent), and leaves the doorbell if inside. Never touches the fd
  // afterwards.
  virtual void close() = 0;
};

}  // namespace doorbell
