import type { AsyncCommand } from 'fast-check';
import { expect } from 'vitest';
import { DoorbellClosedError } from '../../src/index.js';
import { MAX_SAFE, type Model, type Real, takesInReasonableTime } from './Model.js';

/**
 * end() on the creator, with a watch or none: everything pending goes to the watch as one count
 * (with none, it is dropped), the watch ends, and both receivers are closed.
 */
export class EndCommand implements AsyncCommand<Model, Real> {
  constructor(readonly watch: 'none' | 'number' | 'bigint') {}
  check(m: Readonly<Model>): boolean {
    return takesInReasonableTime(m);
  }
  async run(m: Model, r: Real): Promise<void> {
    const events: Array<bigint | Error | 'closed'> = [];
    const watched = !m.model.closed && this.watch !== 'none';
    if (watched) {
      r.bell.watch((count: number | bigint) => events.push(BigInt(count)), {
        bigint: this.watch === 'bigint',
        onError: (error) => events.push(error),
        onClose: () => events.push('closed'),
      });
    }
    await r.bell.end();
    const ended = m.model.end();
    m.rawInPipe = 0n;
    expect(r.bell.closed).toBe(true);
    expect(r.opened.closed).toBe(true);
    expect(() => r.bell.ring()).toThrow(DoorbellClosedError);
    if (!watched) {
      expect(events).toEqual([]);
    } else if (this.watch === 'number' && ended > MAX_SAFE) {
      expect(events).toHaveLength(1); // never rounded: the watch ends with the error instead
      expect(events[0]).toBeInstanceOf(RangeError);
    } else {
      expect(events).toEqual(ended === 0n ? ['closed'] : [ended, 'closed']);
    }
  }
  toString(): string {
    return `end(${this.watch === 'none' ? '' : `${this.watch} watch`})`;
  }
}
