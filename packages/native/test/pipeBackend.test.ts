import { closeSync, existsSync, openSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binding } from '../src/index.js';

const newState = () => new Int32Array(new SharedArrayBuffer(binding.stateBytes));
const fdLink = (fd: number) => (existsSync(`/proc/self/fd/${fd}`) ? readlinkSync(`/proc/self/fd/${fd}`) : undefined);

describe('the pipe backend', () => {
  it("keeps both of the creator's pipe ends open while another thread uses the doorbell, and the last user out closes both", () => {
    const state = newState();
    const creator = binding.createPipe(state);
    const readFd = creator.fd();
    const writeFd = creator.writeFd();
    const pipe = fdLink(readFd);
    expect(pipe).toMatch(/^pipe:/);
    // Another thread between acquire and release (a worker's open duplicating both ends): one user.
    Atomics.add(state, 0, 1);
    creator.close();
    expect(binding.isClosed(state)).toBe(true);
    // Neither number is free while it is inside: no other file can take it, so what it duplicates
    // is the doorbell's pipe.
    expect(fdLink(readFd)).toBe(pipe);
    expect(fdLink(writeFd)).toBe(pipe);
    Atomics.sub(state, 0, 1); // it leaves (a native release would close both here: the next one does)
    expect(binding.ring(state, writeFd, 1)).toBe(1); // refused: closed; its release is the last out
    expect(fdLink(readFd)).toBeUndefined();
    expect(fdLink(writeFd)).toBeUndefined();
  });

  it('an open after close fails with ERR_DOORBELL_CLOSED and leaves a file that took the old numbers alone', () => {
    const state = newState();
    const creator = binding.createPipe(state);
    const readFd = creator.fd();
    const writeFd = creator.writeFd();
    creator.close();
    const files = [openSync('/dev/zero', 'r'), openSync('/dev/zero', 'r')];
    try {
      expect(files).toContain(readFd); // the lowest free numbers: the old ends'
      const before = new Set(files.map(fdLink));
      expect(() => binding.openReceiver(state, writeFd, readFd)).toThrow(
        expect.objectContaining({ code: 'ERR_DOORBELL_CLOSED' }),
      );
      expect(new Set(files.map(fdLink))).toEqual(before);
    } finally {
      for (const file of files) closeSync(file);
    }
  });
});
