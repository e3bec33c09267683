import type { AsyncCommand } from 'fast-check';
import { expect } from 'vitest';
import { type Model, outcomeOf, overflowRuleApplies, type Real } from './Model.js';

/** ring(n) on the doorbell, from the thread that owns it. */
export class RingCommand implements AsyncCommand<Model, Real> {
  constructor(readonly n: number | bigint) {}
  check(m: Readonly<Model>): boolean {
    return overflowRuleApplies(m, this.n);
  }
  async run(m: Model, r: Real): Promise<void> {
    const expected = outcomeOf(() => m.model.ring(this.n));
    expect(outcomeOf(() => r.bell.ring(this.n))).toBe(expected);
  }
  toString(): string {
    return `ring(${typeof this.n === 'bigint' ? `${this.n}n` : this.n})`;
  }
}
