import type { AsyncCommand } from 'fast-check';
import { expect } from 'vitest';
import { DoorbellClosedError } from '../../src/index.js';
import { MAX_SAFE, type Model, type Real, takesInReasonableTime } from './Model.js';

/** flush() on the creator, with one watch: everything pending arrives before it returns, as one count. */
export class FlushCommand implements AsyncCommand<Model, Real> {
  constructor(readonly bigint: boolean) {}
  check(m: Readonly<Model>): boolean {
    return takesInReasonableTime(m);
  }
  async run(m: Model, r: Real): Promise<void> {
    if (m.model.closed) {
      expect(() => r.bell.flush()).toThrow(DoorbellClosedError);
      return;
    }
    const events: Array<bigint | Error> = [];
    const unwatch = r.bell.watch((count: number | bigint) => events.push(BigInt(count)), {
      bigint: this.bigint,
      onError: (error) => events.push(error),
    });
    r.bell.flush();
    unwatch();
    const pending = m.model.pending;
    if (!this.bigint && pending > MAX_SAFE) {
      expect(events).toHaveLength(1);
      expect(events[0]).toBeInstanceOf(RangeError); // never rounded, and left pending
      return;
    }
    const flushed = m.model.flush();
    expect(events).toEqual(flushed === 0n ? [] : [flushed]);
    m.rawInPipe = 0n;
  }
  toString(): string {
    return `flush(${this.bigint ? 'bigint watch' : ''})`;
  }
}
