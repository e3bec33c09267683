import type { AsyncCommand } from 'fast-check';
import { expect } from 'vitest';
import { DoorbellClosedError } from '../../src/index.js';
import { MAX_SAFE, type Model, nextDrain, type Real } from './Model.js';

/** drain() on the creator or on the opened receiver, in number or bigint mode. */
export class DrainCommand implements AsyncCommand<Model, Real> {
  constructor(
    readonly receiver: 'bell' | 'opened',
    readonly bigint: boolean,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: Model, r: Real): Promise<void> {
    const target = r[this.receiver];
    if (m.model.closed) {
      expect(() => target.drain()).toThrow(DoorbellClosedError);
      return;
    }
    if (!this.bigint && nextDrain(m.model) > MAX_SAFE) {
      expect(() => target.drain()).toThrow(RangeError); // and the count stays pending
      return;
    }
    const got = this.bigint ? target.drain({ bigint: true }) : target.drain();
    expect(typeof got).toBe(this.bigint ? 'bigint' : 'number');
    expect(BigInt(got)).toBe(m.model.drain());
    if (m.model.pending === 0n) m.rawInPipe = 0n;
  }
  toString(): string {
    return `${this.receiver}.drain(${this.bigint ? '{ bigint: true }' : ''})`;
  }
}
