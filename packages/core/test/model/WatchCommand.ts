import type { AsyncCommand } from 'fast-check';
import { expect } from 'vitest';
import { turns } from '@doorbell/test-support';
import { DoorbellClosedError } from '../../src/index.js';
import { MAX_SAFE, type Model, nextDrain, type Real } from './Model.js';

/** Watch until the first count arrives (or see that none does), then unwatch from inside it. */
export class WatchCommand implements AsyncCommand<Model, Real> {
  constructor(readonly bigint: boolean) {}
  check(): boolean {
    return true;
  }
  async run(m: Model, r: Real): Promise<void> {
    if (m.model.closed) {
      expect(() => r.bell.watch(() => {})).toThrow(DoorbellClosedError);
      return;
    }
    const expected = nextDrain(m.model);
    const events: Array<bigint | Error> = [];
    const unwatch = r.bell.watch(
      (count: number | bigint) => {
        events.push(BigInt(count));
        unwatch();
      },
      { bigint: this.bigint, onError: (error) => events.push(error) },
    );
    if (expected === 0n) {
      await turns();
      unwatch();
      expect(events).toEqual([]);
      return;
    }
    await expect.poll(() => events.length).toBe(1);
    if (!this.bigint && expected > MAX_SAFE) {
      expect(events[0]).toBeInstanceOf(RangeError); // never rounded, and left pending
      return;
    }
    expect(events[0]).toBe(m.model.drain());
    if (m.model.pending === 0n) m.rawInPipe = 0n;
  }
  toString(): string {
    return `watch(${this.bigint ? '{ bigint: true }' : ''})`;
  }
}
