/**
 * What the receiving side of a doorbell needs from whatever holds its count: the native addon's
 * receivers (eventfd, pipe, pair socket, adopted fd) and the in-process 'atomics' receiver.
 * Contract of `watch`: `onCount` sets `received[0] = 1` before anything else once it takes the
 * count; a count whose flag stays 0 (the thread is being torn down, or core chose not to deliver
 * it) is put back for the next take.
 */
export interface ReceiverPort {
  fd(): number;
  writeFd(): number;
  /**
   * Takes what is pending (one unit in semaphore mode), 0 when nothing is. With `safeOnly`, a
   * count above Number.MAX_SAFE_INTEGER is put back in the same call and returned as a bigint.
   */
  drain(safeOnly: boolean): number | bigint;
  /** Adds back a count that was taken but not delivered. 0 or a negative errno. */
  putBack(n: number | bigint): number;
  watch(
    onCount: (count: number | bigint) => void,
    onClosed: () => void,
    onError: (error: Error & { code?: string }) => void,
    received: Int32Array,
  ): void;
  unwatch(): void;
  setRef(refed: boolean): void;
  /**
   * The first step of a graceful end, on the doorbell's creator: every ring fails from now on and
   * other receivers stop taking. False where this receiver is not the creator, or it is closed.
   */
  beginEnd(): boolean;
  /** After beginEnd: another thread is still inside a ring or a take that began before it. */
  othersInside(): boolean;
  /** Idempotent. On the creator, closes the doorbell everywhere. */
  close(): void;
}
