import { closeSync } from 'node:fs';
import { binding, Errno, type NativeReceiver } from '@doorbell/native';
import { Doorbell } from './Doorbell.js';
import { PeerDeadError } from './PeerDeadError.js';
import { throwIfRingFailed } from './internal/ringStatus.js';
import { validateCount, validateFd } from './internal/validate.js';

/**
 * One end of a two-way doorbell between two processes: `ring()` rings the other process, and this
 * end is a Doorbell that receives what the other process rings (watch it, drain it, or pass it to
 * `fromDoorbell`). When the other process exits or is killed, this end's watches end (an
 * Observable completes), and `ring` and `drain` throw PeerDeadError. Built on a SOCK_SEQPACKET
 * socket pair: no SIGPIPE, nothing spins. A ring waits while the peer's buffer is full.
 *
 * @example
 * ```ts
 * import { spawn } from 'node:child_process';
 * import { DoorbellPair } from '@doorbell/core';
 *
 * const pair = DoorbellPair.create();
 * // the child runs: const pair = DoorbellPair.fromFd(3); pair.ring(); ...
 * const child = spawn(process.execPath, ['child.js'], { stdio: ['inherit', 'inherit', 'inherit', pair.peerFd] });
 * pair.releasePeer(); // only the child holds the other end now, so its death is seen here
 * pair.watch((count) => console.log(`the child rang ${count}`), { onClose: () => console.log('the child is gone') });
 * child.on('spawn', () => pair.ring());
 * ```
 */
export class DoorbellPair extends Doorbell {
  readonly #receiver: NativeReceiver;
  #peerFd: number;
  #closedHere = false;

  private constructor(receiver: NativeReceiver, peerFd: number) {
    super(receiver);
    this.#receiver = receiver;
    this.#peerFd = peerFd;
  }

  /** Creates both ends; this process keeps one, `peerFd` is the other, for a child's stdio. */
  static override create(): DoorbellPair {
    const [mine, theirs] = binding.socketPair();
    return new DoorbellPair(new binding.Receiver('socket', mine), theirs);
  }

  /**
   * Takes up the end a parent handed over (the child's fd number in the parent's stdio array).
   * @throws TypeError / RangeError naming `fd`; an Error with code EPROTOTYPE or ENOTSOCK if the
   * fd is not a pair end
   */
  static fromFd(fd: number): DoorbellPair {
    return new DoorbellPair(new binding.Receiver('socket', validateFd(fd, 'fd')), -1);
  }

  /** The other end, to hand to a child process; -1 once released (and in the child). */
  get peerFd(): number {
    return this.#peerFd;
  }

  /** Closes this process's copy of the other end. Call it once the child has it (after spawn). */
  releasePeer(): void {
    if (this.#peerFd < 0) return;
    closeSync(this.#peerFd);
    this.#peerFd = -1;
  }

  /**
   * Rings the other process.
   * @throws PeerDeadError once the other process is gone; DoorbellClosedError once this end is
   * closed; RangeError/TypeError naming `n` for a bad count
   */
  override ring(n: number | bigint = 1): void {
    const count = validateCount(n, 'ring(n): n');
    if (this.closed) throw this.closedError();
    const status = this.#receiver.ringPeer(count);
    if (status === Errno.EPIPE) throw new PeerDeadError();
    throwIfRingFailed(status, count);
  }

  /** Closes this end (and the other end's copy, if not released); the peer sees this end gone. */
  override close(): void {
    this.#closedHere = true;
    this.releasePeer();
    super.close();
  }

  protected override closedError(): Error {
    return this.#closedHere ? super.closedError() : new PeerDeadError();
  }
}
