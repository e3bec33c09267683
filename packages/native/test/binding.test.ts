import { existsSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binding, Errno } from '../src/index.js';

function newState(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(binding.stateBytes));
}

const fdPath = (fd: number) => `/proc/self/fd/${fd}`;

describe('the native binding', () => {
  it('creates a close-on-exec, non-blocking eventfd', async () => {
    const { readFileSync } = await import('node:fs');
    const receiver = binding.createEventfd(newState(), false);
    const fd = receiver.fd();
    expect(readlinkSync(fdPath(fd))).toBe('anon_inode:[eventfd]');
    const flags = Number.parseInt(/flags:\s+(\d+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))![1]!, 8);
    expect(flags & 0o2000000).not.toBe(0); // O_CLOEXEC
    expect(flags & 0o4000).not.toBe(0); // O_NONBLOCK
    receiver.close();
  });

  it('rings through the shared state and drains from the receiver', () => {
    const state = newState();
    const receiver = binding.createEventfd(state, false);
    expect(binding.ring(state, receiver.fd(), 3)).toBe(0);
    expect(binding.ring(state, receiver.fd(), 4n)).toBe(0);
    expect(receiver.drain(false)).toBe(7);
    expect(receiver.drain(false)).toBe(0);
    receiver.close();
  });

  it('reports overflow as -EAGAIN and adds nothing', () => {
    const state = newState();
    const receiver = binding.createEventfd(state, false);
    expect(binding.ring(state, receiver.fd(), 2n ** 64n - 2n)).toBe(0);
    expect(binding.ring(state, receiver.fd(), 1)).toBe(Errno.EAGAIN);
    expect(receiver.drain(false)).toBe(2n ** 64n - 2n);
    receiver.close();
  });

  it('closing the creator marks the state closed, closes the fd once, and refuses later rings', () => {
    const state = newState();
    const creator = binding.createEventfd(state, false);
    const fd = creator.fd();
    const opened = binding.openReceiver(state, fd, -1);
    const openedFd = opened.fd();
    creator.close();
    creator.close();
    expect(binding.isClosed(state)).toBe(true);
    expect(existsSync(fdPath(fd))).toBe(false);
    expect(binding.ring(state, fd, 1)).toBe(1);
    expect(() => binding.openReceiver(state, fd, -1)).toThrow(expect.objectContaining({ code: 'ERR_DOORBELL_CLOSED' }));
    expect(existsSync(fdPath(openedFd))).toBe(true); // its own duplicate, until it closes
    opened.close();
    expect(existsSync(fdPath(openedFd))).toBe(false);
  });

  it('makes a doorbell only on a new state, and leaves a used one alone', () => {
    const state = newState();
    const creator = binding.createEventfd(state, false);
    const before = state.slice();
    expect(() => binding.createEventfd(state, false)).toThrow(TypeError);
    expect(() => binding.createPipe(state)).toThrow(TypeError);
    expect(state).toEqual(before);
    expect(binding.ring(state, creator.fd(), 2)).toBe(0);
    expect(creator.drain(false)).toBe(2);
    creator.close();
    expect(() => binding.createEventfd(state, false)).toThrow(TypeError); // closed: still not new
  });

  it('refuses a count of 0, a fraction, or a bigint it would have to truncate, and adds nothing', () => {
    const state = newState();
    const receiver = binding.createEventfd(state, false);
    for (const bad of [0, 0n, -1, 1.5, Number.NaN, 2 ** 53, -1n, 2n ** 64n - 1n, 2n ** 64n + 1n, 2n ** 65n]) {
      expect(() => binding.ring(state, receiver.fd(), bad)).toThrow(RangeError);
    }
    expect(receiver.drain(false)).toBe(0);
    // Lane 0 was not left PENDING with no count behind it, where the fast path (core's ring)
    // would coalesce rings that nothing wakes a receiver for.
    expect(state[binding.layout.laneIndex]! & binding.layout.pending).toBe(0);
    expect(binding.ring(state, receiver.fd(), 2n ** 64n - 2n)).toBe(0);
    expect(receiver.drain(false)).toBe(2n ** 64n - 2n);
    receiver.close();
  });

  it('throws a TypeError for a state that is not a doorbell state', () => {
    expect(() => binding.ring(new Int32Array(2), 0, 1)).toThrow(TypeError);
    expect(() => binding.isClosed({} as Int32Array)).toThrow(TypeError);
  });
});
