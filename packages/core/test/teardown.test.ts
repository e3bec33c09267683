import { describe, expect, it } from 'vitest';
import { runPlainNode } from '@doorbell/test-support';

describe('worker teardown', () => {
  it('terminating workers while their receivers are being woken never crashes the process', async () => {
    const fixture = new URL('./fixtures/terminateDuringWakeups.mjs', import.meta.url).pathname;
    const rounds = process.env.DOORBELL_TEARDOWN_ROUNDS ?? '40';
    const { code, stdout, stderr } = await runPlainNode([fixture, rounds], { timeout: 120_000 });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('ok\n');
  });
});
