import { describe, expect, it } from 'vitest';
import { openFds } from '@doorbell/test-support';
import { Doorbell, DoorbellClosedError, DoorbellOverflowError, Ringer } from '../src/index.js';
import { WorkerClient } from './helpers/WorkerClient.js';

describe("Doorbell.create({ backend: 'pipe' })", () => {
  it('delivers coalesced counts like an eventfd doorbell, through a pipe', () => {
    using bell = Doorbell.create({ backend: 'pipe' });
    expect(bell.handle().backend).toBe('pipe');
    expect(bell.writeFd).not.toBe(bell.fd);
    bell.ring(2);
    Ringer.open(bell.handle()).ring(3n);
    Ringer.fromFd(bell.writeFd).ring(4);
    expect(bell.drain()).toBe(9);
    expect(bell.drain()).toBe(0);
  });

  it('never drops a ring when a raw writer fills the pipe: the full pipe refuses with DoorbellOverflowError', () => {
    using bell = Doorbell.create({ backend: 'pipe' });
    const raw = Ringer.fromFd(bell.writeFd);
    let accepted = 0n;
    for (;;) {
      try {
        raw.ring(3);
        accepted += 3n;
      } catch (error) {
        expect(error).toBeInstanceOf(DoorbellOverflowError);
        break;
      }
    }
    // Packet mode (each write one message, issue 16): a message takes a pipe slot, 16 by default.
    expect(accepted).toBeGreaterThanOrEqual(3n * 16n);
    bell.ring(5); // rings from this process still count while the pipe is full
    Ringer.open(bell.handle()).ring(7);
    let delivered = 0n;
    for (let n = bell.drain({ bigint: true }); n > 0n; n = bell.drain({ bigint: true })) delivered += n;
    expect(delivered).toBe(accepted + 12n);
  });

  it('refuses semaphore mode, which needs an eventfd', () => {
    expect(() => Doorbell.create({ backend: 'pipe', semaphore: true })).toThrow(RangeError);
  });

  it('revokes ringers in workers and closes both ends of the pipe', async () => {
    const client = new WorkerClient();
    await client.request({ op: 'ping' });
    const before = openFds();
    try {
      const bell = Doorbell.create({ backend: 'pipe' });
      const opened = Doorbell.open(bell.handle());
      await client.request({ op: 'openRinger', key: 'r', handle: bell.handle() });
      expect(await client.request({ op: 'ring', key: 'r', n: 4, times: 10 })).toEqual({ ok: true });
      expect(opened.drain()).toBe(40);
      bell.close();
      expect(await client.request({ op: 'ring', key: 'r', n: 1 })).toMatchObject({
        ok: false,
        code: 'ERR_DOORBELL_CLOSED',
      });
      expect(() => opened.drain()).toThrow(DoorbellClosedError);
      opened.close();
      expect(openFds()).toBe(before);
    } finally {
      await client.stop();
    }
  });
});
