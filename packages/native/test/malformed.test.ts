import { writeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binding } from '../src/index.js';

const newState = () => new Int32Array(new SharedArrayBuffer(binding.stateBytes));
const malformed = expect.objectContaining({ code: 'ERR_DOORBELL_MALFORMED' });
const countBytes = (n: bigint) => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(n);
  return bytes;
};

describe('malformed messages', () => {
  it('pipe: a 4-byte raw write then ring(7) delivers 7, and the next drain reports the malformed write', () => {
    const state = newState();
    const bell = binding.createPipe(state);
    writeSync(bell.writeFd(), Buffer.alloc(4, 0xff));
    expect(binding.ring(state, bell.writeFd(), 7)).toBe(0);
    expect(binding.ringFd(bell.writeFd(), 5)).toBe(0); // a raw writer's well-formed count
    expect(bell.drain(false)).toBe(12);
    expect(() => bell.drain(false)).toThrow(malformed);
    expect(bell.drain(false)).toBe(0);
    bell.close();
  });

  it('pipe: a watch gets the count, then onError with ERR_DOORBELL_MALFORMED', async () => {
    const state = newState();
    const bell = binding.createPipe(state);
    const received = new Int32Array(1);
    const counts: number[] = [];
    const error = new Promise<Error>((resolve) =>
      bell.watch(
        (count) => {
          received[0] = 1;
          counts.push(Number(count));
        },
        () => {},
        resolve,
        received,
      ),
    );
    writeSync(bell.writeFd(), Buffer.alloc(12, 1)); // 12 bytes: one bad packet, not a count and a half
    expect(binding.ring(state, bell.writeFd(), 7)).toBe(0);
    expect(await error).toEqual(malformed);
    expect(counts).toEqual([7]);
    bell.close();
  });

  it('pair: messages that are not 8 bytes (shorter or longer) are skipped and reported', () => {
    const [mineFd, theirsFd] = binding.socketPair();
    const mine = binding.adoptSocket(mineFd);
    const theirs = binding.adoptSocket(theirsFd);
    writeSync(theirsFd, Buffer.alloc(4, 1));
    writeSync(theirsFd, Buffer.concat([countBytes(3n), countBytes(4n)])); // 16 bytes: not a count of 3
    expect(theirs.ringPeer(7)).toBe(0);
    expect(mine.drain(false)).toBe(7);
    expect(() => mine.drain(false)).toThrow(malformed);
    expect(mine.drain(false)).toBe(0);
    mine.close();
    theirs.close();
  });
});
