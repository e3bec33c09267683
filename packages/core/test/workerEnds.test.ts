import { describe, expect, it } from 'vitest';
import { runPlainNode } from '@doorbell/test-support';

describe('a worker that ends while it watches a doorbell', () => {
  it('never crashes a process whose main thread never loaded doorbell, however the worker ends', async () => {
    // Issue 16 item 7: the worker returns with an unref'd watch, unwatches, closes, calls
    // process.exit, throws, or is terminated; on the eventfd and pipe backends.
    const fixture = new URL('./fixtures/workersEndWithoutAddon.mjs', import.meta.url).pathname;
    const { code, stdout, stderr } = await runPlainNode([fixture, '3'], { timeout: 120_000 });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('ok\n');
  });
});

describe('a worker terminated in the middle of a doorbell call', () => {
  it('never aborts the process, whatever the call', async () => {
    // Issue 16 item 1: drain, Ringer ring, watch/unwatch, open/close, create/close (eventfd and
    // pipe), DoorbellPair create/close, a call that throws; terminated 0-3 ms into its loop.
    const fixture = new URL('./fixtures/terminateDuringCalls.mjs', import.meta.url).pathname;
    const { code, stdout, stderr } = await runPlainNode([fixture, process.env.DOORBELL_TEARDOWN_ROUNDS ?? '20'], {
      timeout: 240_000,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe('ok\n');
  });
});
