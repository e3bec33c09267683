// src/internal/closeOnCollect.ts: a creator that becomes unreachable without close() or end().
import { describe, expect, it } from 'vitest';
import { runPlainNode } from '@doorbell/test-support';

const fixture = new URL('./fixtures/collected.mjs', import.meta.url).pathname;

describe.each(['eventfd', 'pipe'] as const)('a doorbell closed by garbage collection (%s)', (backend) => {
  it('emits one DOORBELL_CLOSED_ON_GC warning, and rings on its handle throw; a closed one collected warns not', async () => {
    const { code, stdout, stderr } = await runPlainNode(['--expose-gc', fixture, backend]);
    expect(stdout).toBe('warning DOORBELL_CLOSED_ON_GC\nring: ERR_DOORBELL_CLOSED\ndone\n');
    expect(stderr).toContain(`a doorbell ('${backend}') was closed by garbage collection`);
    expect(code).toBe(0);
  });
});

describe("an 'atomics' doorbell whose creator is collected", () => {
  it('is not closed, and warns not: it holds no fd, and receivers opened from its handle keep working', async () => {
    const { code, stdout } = await runPlainNode(['--expose-gc', fixture, 'atomics']);
    expect(stdout).toBe('ring: ok\ndone\n');
    expect(code).toBe(0);
  });
});
