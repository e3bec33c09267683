import type { AsyncCommand } from 'fast-check';
import { expect } from 'vitest';
import type { Model, Real } from './Model.js';

/** close() on the creator: closed everywhere, pending counts dropped. */
export class CloseCommand implements AsyncCommand<Model, Real> {
  check(): boolean {
    return true;
  }
  async run(m: Model, r: Real): Promise<void> {
    m.model.close();
    m.rawInPipe = 0n;
    r.bell.close();
    expect(r.bell.closed).toBe(true);
    expect(r.opened.closed).toBe(true);
  }
  toString(): string {
    return 'close()';
  }
}
