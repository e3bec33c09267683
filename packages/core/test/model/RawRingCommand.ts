import type { AsyncCommand } from 'fast-check';
import { expect } from 'vitest';
import { CoalescingModel, Ringer } from '../../src/index.js';
import { type Model, outcomeOf, type Real } from './Model.js';

/** A raw 8-byte write to the receiver's fd, as a foreign process would ring (contract point 9). */
export class RawRingCommand implements AsyncCommand<Model, Real> {
  constructor(readonly n: number | bigint) {}
  check(m: Readonly<Model>): boolean {
    if (m.backend === 'atomics') return false; // no fd to write to
    // A pipe cannot refuse a raw count that carries the total past 2^64-2 (PipeCounter.hh).
    const refusable = m.backend === 'eventfd' || m.model.pending + BigInt(this.n) <= CoalescingModel.MAX_PENDING;
    return !m.model.closed && refusable;
  }
  async run(m: Model, r: Real): Promise<void> {
    const expected = outcomeOf(() => m.model.ring(this.n));
    expect(outcomeOf(() => Ringer.fromFd(r.bell.writeFd).ring(this.n))).toBe(expected);
    if (m.backend === 'pipe' && expected === 'ok') m.rawInPipe += BigInt(this.n);
  }
  toString(): string {
    return `raw write(${this.n})`;
  }
}
