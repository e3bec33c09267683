// What is specific to the in-process 'atomics' backend (contract point 16). The behaviour it
// shares with the others runs in the suites parameterized by backend.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openFds, runPlainNode } from '@doorbell/test-support';
import { Doorbell, DoorbellClosedError, DoorbellOverflowError, DoorbellPair, Ringer } from '../src/index.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;
const MAX = 2n ** 64n - 2n;

describe("Doorbell.create({ backend: 'atomics' })", () => {
  it('has no kernel object: fd and writeFd are -1, the handle carries no fd, no fd is opened', () => {
    const before = openFds();
    using bell = Doorbell.create({ backend: 'atomics' });
    using opened = Doorbell.open(bell.handle());
    expect(openFds()).toBe(before);
    expect([bell.fd, bell.writeFd, opened.fd, opened.writeFd]).toEqual([-1, -1, -1, -1]);
    expect(bell.handle()).toMatchObject({ type: 'doorbell', fd: -1, readFd: -1, backend: 'atomics', semaphore: false });
    using ringer = Ringer.open(structuredClone(bell.handle()));
    ringer.ring(2);
    bell.ring(3n);
    expect(opened.drain()).toBe(5);
  });

  it('refuses a ring past 2^64-2 with DoorbellOverflowError and adds nothing', () => {
    using bell = Doorbell.create({ backend: 'atomics' });
    bell.ring(MAX - 1n);
    expect(() => bell.ring(2)).toThrow(DoorbellOverflowError);
    expect(() => Ringer.open(bell.handle()).ring(2n)).toThrow(DoorbellOverflowError);
    bell.ring(1);
    expect(() => bell.ring(1)).toThrow(DoorbellOverflowError);
    expect(bell.drain({ bigint: true })).toBe(MAX);
    expect(bell.drain()).toBe(0);
  });

  it('after close, rings, drains, watches and opens throw DoorbellClosedError', () => {
    const bell = Doorbell.create({ backend: 'atomics' });
    const handle = bell.handle();
    const ringer = Ringer.open(handle);
    const opened = Doorbell.open(handle);
    bell.ring(4);
    bell.close();
    expect(opened.closed).toBe(true);
    for (const call of [
      () => bell.ring(),
      () => bell.drain(),
      () => opened.drain(),
      () => bell.watch(() => {}),
      () => ringer.ring(),
      () => Ringer.open(handle),
      () => Doorbell.open(handle),
    ])
      expect(call).toThrow(DoorbellClosedError);
  });

  it('is not the default where the addon loads', () => {
    using bell = Doorbell.create();
    expect(bell.handle().backend).toBe(process.platform === 'linux' ? 'eventfd' : 'pipe');
    expect(bell.fd).toBeGreaterThanOrEqual(0);
    using pair = DoorbellPair.create();
    expect(pair.peerFd).toBeGreaterThanOrEqual(0);
    pair.releasePeer();
    expect(() => Ringer.fromFd(bell.fd).ring()).not.toThrow();
  });
});

describe("an 'atomics' watch and the event loop", () => {
  it.each([
    ['ref', 'a watch keeps the process alive until its count comes', 'got 1\n'],
    ['unref', 'unref(): the watch lets the process exit', ''],
    ['watch-ref-false', 'watch(..., { ref: false }) lets the process exit', ''],
    ['unref-then-ref', 'ref() after unref() keeps it alive again', 'got 1\n'],
  ])('%s: %s', async (mode, _what, output) => {
    const { code, stdout, stderr } = await runPlainNode([fixture('atomicsRef.mjs'), mode], { timeout: 20_000 });
    expect(stderr).toBe('');
    expect(stdout).toBe(output);
    expect(code).toBe(0);
  });
});

describe('where the addon cannot be loaded', () => {
  it("'atomics' is the default and works; whatever needs an fd throws ERR_DOORBELL_UNSUPPORTED", async () => {
    const { NODE_PATH: _ignored, ...env } = process.env;
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [fixture('withoutAddon.mjs')], {
      env: { ...env, DOORBELL_NATIVE_PATH: '/nonexistent/doorbell.node' },
      timeout: 30_000,
    });
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({
      backend: 'atomics',
      fd: -1,
      delivered: 42, // 2 from this thread, 40 from a worker's Ringer, delivered by end()
      closed: true,
      errors: {
        'Ringer.fromFd': 'ERR_DOORBELL_UNSUPPORTED',
        'Doorbell.fromFd': 'ERR_DOORBELL_UNSUPPORTED',
        'DoorbellPair.create': 'ERR_DOORBELL_UNSUPPORTED',
        'DoorbellPair.fromFd': 'ERR_DOORBELL_UNSUPPORTED',
        "backend 'eventfd'": 'ERR_DOORBELL_UNSUPPORTED',
        "backend 'pipe'": 'ERR_DOORBELL_UNSUPPORTED',
      },
    });
  });
});
