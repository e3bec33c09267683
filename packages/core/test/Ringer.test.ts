// src/Ringer.ts: opening a ringer (from a handle, or a raw fd), ringing, closing, revocation.
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Doorbell, DoorbellClosedError, Ringer } from '../src/index.js';
import { WorkerClient } from './helpers/WorkerClient.js';

describe.each(['eventfd', 'pipe', 'atomics'] as const)('Ringer.open (%s)', (backend) => {
  it('rings the doorbell its handle came from, from this thread and from a worker', async () => {
    using bell = Doorbell.create({ backend });
    using ringer = Ringer.open(bell.handle());
    ringer.ring(4);
    ringer.ring(5n);
    ringer.ring();
    expect(bell.drain()).toBe(10);
    const client = new WorkerClient();
    try {
      expect(await client.request({ op: 'openRinger', key: 'r', handle: bell.handle() })).toEqual({ ok: true });
      expect(await client.request({ op: 'ring', key: 'r', n: 3, times: 100 })).toEqual({ ok: true });
      expect(bell.drain()).toBe(300);
    } finally {
      await client.stop();
    }
  });

  it('is revoked by ringer.close() (and [Symbol.dispose]) without touching the doorbell', () => {
    using bell = Doorbell.create({ backend });
    const ringer = Ringer.open(bell.handle());
    ringer.close();
    ringer.close();
    expect(() => ringer.ring()).toThrow(DoorbellClosedError);
    {
      using disposed = Ringer.open(bell.handle());
      disposed.ring(2);
    }
    bell.ring();
    expect(bell.drain()).toBe(3);
    expect(bell.closed).toBe(false);
  });

  it('is revoked when the doorbell closes, and cannot be opened on a closed doorbell', () => {
    const bell = Doorbell.create({ backend });
    const handle = bell.handle();
    const ringer = Ringer.open(handle);
    bell.close();
    expect(() => ringer.ring()).toThrow(DoorbellClosedError);
    expect(() => Ringer.open(handle)).toThrow(DoorbellClosedError);
    try {
      ringer.ring();
    } catch (error) {
      expect((error as DoorbellClosedError).code).toBe('ERR_DOORBELL_CLOSED');
    }
  });

  it('is revoked by end() as by close()', async () => {
    const bell = Doorbell.create({ backend });
    const ringer = Ringer.open(bell.handle());
    ringer.ring(2);
    const ended = bell.end();
    expect(() => ringer.ring()).toThrow(DoorbellClosedError);
    await ended;
    expect(() => ringer.ring()).toThrow(DoorbellClosedError);
    expect(() => Ringer.open(bell.handle())).toThrow(DoorbellClosedError);
  });
});

describe('Ringer', () => {
  it('rings the doorbell its handle came from', () => {
    using bell = Doorbell.create();
    using ringer = Ringer.open(bell.handle());
    ringer.ring(4);
    expect(bell.drain()).toBe(4);
  });

  it('is revoked by ringer.close() without touching the doorbell', () => {
    using bell = Doorbell.create();
    const ringer = Ringer.open(bell.handle());
    ringer.close();
    expect(() => ringer.ring()).toThrow(DoorbellClosedError);
    bell.ring();
    expect(bell.drain()).toBe(1);
  });

  it("fromFd writes 8 raw bytes to an fd (here, the receiver's own)", () => {
    using bell = Doorbell.create();
    const ringer = Ringer.fromFd(bell.fd);
    ringer.ring(6);
    ringer.ring(7n);
    expect(bell.drain()).toBe(13);
  });

  it('fromFd refuses an fd that is not open, naming it, before any write', () => {
    expect(() => Ringer.fromFd(2 ** 31 - 1)).toThrow(TypeError);
    expect(() => Ringer.fromFd(2 ** 31 - 1)).toThrow(/^fd must be an open fd/);
  });

  it('fromFd refuses what is not an eventfd or a pipe/FIFO write end (contract 15), writing nothing', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'doorbell-')), 'file');
    const file = openSync(path, 'w');
    try {
      expect(() => Ringer.fromFd(file)).toThrow(
        /^fd must be an eventfd or the write end of a pipe or FIFO; fd \d+ is a file$/,
      );
    } finally {
      closeSync(file);
    }
    expect(readFileSync(path)).toHaveLength(0);
    using bell = Doorbell.create({ backend: 'pipe' });
    expect(() => Ringer.fromFd(bell.fd)).toThrow(/is a pipe read end$/);
    expect(() => Ringer.fromFd(bell.writeFd)).not.toThrow();
  });

  it('fromFd on the write end of a pipe doorbell rings it; after ringer.close() it throws', () => {
    using bell = Doorbell.create({ backend: 'pipe' });
    const ringer = Ringer.fromFd(bell.writeFd);
    ringer.ring(5);
    expect(bell.drain()).toBe(5);
    ringer.close();
    expect(() => ringer.ring()).toThrow(DoorbellClosedError);
  });

  it('a closed doorbell never writes to whatever takes its old fd number', () => {
    const bell = Doorbell.create();
    const oldFd = bell.fd;
    const ringer = Ringer.open(bell.handle());
    bell.close();
    const dir = mkdtempSync(join(tmpdir(), 'doorbell-'));
    const files: number[] = [];
    try {
      let reused = -1;
      for (let i = 0; i < 64 && reused < 0; i++) {
        const fd = openSync(join(dir, `f${i}`), 'w+');
        files.push(fd);
        if (fd === oldFd) reused = i;
      }
      expect(reused).toBeGreaterThanOrEqual(0);
      expect(() => ringer.ring()).toThrow(DoorbellClosedError);
      expect(readFileSync(join(dir, `f${reused}`)).length).toBe(0);
    } finally {
      for (const fd of files) closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
