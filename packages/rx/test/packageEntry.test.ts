import { describe, expect, it } from 'vitest';
import { runPlainNode } from '@doorbell/test-support';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const expected = {
  '@doorbell/core': [
    'CoalescingModel',
    'Doorbell',
    'DoorbellClosedError',
    'DoorbellOverflowError',
    'DoorbellPair',
    'DoorbellReceiver',
    'DoorbellUnsupportedError',
    'PeerDeadError',
    'Ringer',
  ],
  '@doorbell/rx': [
    'GRACE_EXPIRED_EXIT_CODE',
    'ShutdownError',
    'coalesce',
    'fanIn',
    'fromDoorbell',
    'ringOn',
    'shutdownSignal',
    'watchShutdown',
  ],
};

describe('the built @doorbell/rx, from a plain Node program', () => {
  it('loads with ESM import', async () => {
    const { code, stdout, stderr } = await runPlainNode([fixture('entries.mjs'), ...Object.keys(expected)]);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it('loads with CommonJS require', async () => {
    const { code, stdout, stderr } = await runPlainNode([fixture('entries.cjs'), ...Object.keys(expected)]);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toEqual(expected);
  });
});
