import { describe, expect, it } from 'vitest';
import { runPlainNode } from '@doorbell/test-support';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const expected = {
  '@doorbell/native': ['Errno', 'OVERRIDE_VARIABLE', 'binding', 'loadBinding'],
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
};

describe('the built @doorbell/native and @doorbell/core, from a plain Node program', () => {
  it('load with ESM import', async () => {
    const { code, stdout, stderr } = await runPlainNode([fixture('entries.mjs'), ...Object.keys(expected)]);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it('load with CommonJS require', async () => {
    const { code, stdout, stderr } = await runPlainNode([fixture('entries.cjs'), ...Object.keys(expected)]);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toEqual(expected);
  });
});
