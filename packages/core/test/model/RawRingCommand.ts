import type { AsyncCommand } from 'fast-check';
import { expect } from 'vitest';
import { Ringer } from '../../src/index.js';
import { type Model, outcomeOf, type Real } from './Model.js';

/** A raw 8-byte write to the receiver's fd, as a foreign process would ring (contract point 9). */
export class RawRingCommand implements AsyncCommand<Model, Real> {
  constructor(readonly n: number | bigint) {}
  check(m: Readonly<Model>): boolean {
    return !m.model.closed;
  }
  async run(m: Model, r: Real): Promise<void> {
    const expected = outcomeOf(() => m.model.ring(this.n));
    expect(outcomeOf(() => Ringer.fromFd(r.bell.fd).ring(this.n))).toBe(expected);
  }
  toString(): string {
    return `raw write(${this.n})`;
  }
}
