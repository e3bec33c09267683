import type { AsyncCommand } from 'fast-check';
import { expect } from 'vitest';
import { type Model, outcomeOf, overflowRuleApplies, type Real } from './Model.js';

/** A worker thread's Ringer rings n, `times` times in a row (stopping at the first error). */
export class WorkerRingCommand implements AsyncCommand<Model, Real> {
  constructor(
    readonly worker: number,
    readonly n: number | bigint,
    readonly times: number,
  ) {}
  check(m: Readonly<Model>): boolean {
    return overflowRuleApplies(m, this.n, this.times);
  }
  async run(m: Model, r: Real): Promise<void> {
    let expected = 'ok';
    for (let i = 0; i < this.times && expected === 'ok'; i++) expected = outcomeOf(() => m.model.ring(this.n));
    const client = r.workers[this.worker % r.workers.length]!;
    const reply = await client.request({ op: 'ring', key: r.ringerKey, n: this.n, times: this.times });
    expect(reply.ok ? 'ok' : reply.name).toBe(expected);
  }
  toString(): string {
    return `worker${this.worker}.ring(${typeof this.n === 'bigint' ? `${this.n}n` : this.n}) x${this.times}`;
  }
}
