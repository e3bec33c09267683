import { closeSync } from 'node:fs';
import type { NativeBinding } from '@doorbell/native';
import { DoorbellReceiver } from './DoorbellReceiver.js';
import { PeerDeadError } from './PeerDeadError.js';
import { requireNative } from './internal/native.js';
import type { ReceiverPort } from './internal/ReceiverPort.js';
import { throwIfRingFailed } from './internal/ringStatus.js';
import { validateCount, validateFd } from './internal/validate.js';

const EPIPE = -32;

type PairPort = ReceiverPort & { ringPeer(n: number | bigint): number };

/**
 * One end of a two-way doorbell between two processes: `ring()` rings the other process, and this
 * end receives what the other process rings (watch it, drain it, or pass it to `fromDoorbell`).
 * When the other process exits or is killed, this end's watches end (an Observable completes),
 * and `ring` and `drain` throw PeerDeadError. Built on a SOCK_SEQPACKET socket pair: no SIGPIPE,
 * nothing spins, and a ring never blocks (while the peer is not reading, counts add up here and go
 * as one message when it does).
 *
 * `close()` closes this end at once (counts the peer sent and this end has not taken are dropped);
 * `end()` first delivers what has arrived to this end's watches, then closes it. Either way the
 * peer sees this end gone.
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
export class DoorbellPair extends DoorbellReceiver {
  readonly #port: PairPort;
  #peerFd: number;
  #closedHere = false;

  private constructor(port: PairPort, peerFd: number) {
    super(port, false);
    this.#port = port;
    this.#peerFd = peerFd;
  }

  /**
   * Creates both ends; this process keeps one, `peerFd` is the other, for a child's stdio.
   * @throws DoorbellUnsupportedError where the addon cannot load
   */
  static create(): DoorbellPair {
    const binding = requireNative('DoorbellPair');
    const [mine, theirs] = binding.socketPair();
    return new DoorbellPair(adopt(binding, mine), theirs);
  }

  /**
   * Takes up the end a parent handed over (the child's fd number in the parent's stdio array).
   * @throws TypeError / RangeError naming `fd`; an Error with code EPROTOTYPE or ENOTSOCK if the
   * fd is not a pair end; DoorbellUnsupportedError where the addon cannot load
   */
  static fromFd(fd: number): DoorbellPair {
    validateFd(fd, 'fd');
    return new DoorbellPair(adopt(requireNative('DoorbellPair.fromFd'), fd), -1);
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
  ring(n: number | bigint = 1): void {
    const count = validateCount(n, 'ring(n): n');
    if (this.closed) throw this.closedError();
    const status = this.#port.ringPeer(count);
    if (status === EPIPE) throw new PeerDeadError();
    throwIfRingFailed(status, count);
  }

  /** Closes this end (and the other end's copy, if not released); the peer sees this end gone. */
  override close(): void {
    this.#closedHere = true;
    super.close();
  }

  override end(): Promise<void> {
    this.#closedHere = true;
    return super.end();
  }

  protected override closedError(): Error {
    return this.#closedHere ? super.closedError() : new PeerDeadError();
  }

  protected override onClosed(): void {
    this.releasePeer();
  }
}

function adopt(binding: NativeBinding, fd: number): PairPort {
  return binding.adoptSocket(fd);
}
