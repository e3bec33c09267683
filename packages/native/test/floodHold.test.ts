import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binding } from '../src/index.js';

const { laneIndex } = binding.layout;

// The interval of this process's timerfds, in microseconds, as the kernel reports them.
function timerIntervals(): number[] {
  const intervals: number[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    let link = '';
    try {
      link = readlinkSync(`/proc/self/fd/${fd}`);
    } catch {}
    if (link !== 'anon_inode:[timerfd]') continue;
    const [, seconds, nanos] = /it_interval:\s*\((\d+),\s*(\d+)\)/.exec(
      readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'),
    )!;
    intervals.push(Number(seconds) * 1e6 + Number(nanos) / 1000);
  }
  return intervals;
}

// A flood as core's fast path makes one: one slow-path ring arms lane 0, then rings coalesce
// there with a CAS each (no syscall), faster than the receiver wakes.
function flood(state: Int32Array, fd: number, rings: number): number {
  expect(binding.ring(state, fd, 1)).toBe(0);
  for (let i = 1; i < rings; i++) Atomics.add(state, laneIndex, 1);
  return rings;
}

describe('the flood hold', () => {
  it('takes on a timer of the period asked for, below a millisecond too, and delivers every ring', async () => {
    const state = new Int32Array(new SharedArrayBuffer(binding.stateBytes));
    const bell = binding.createEventfd(state, false);
    bell.setPollUnderLoad(true, 250);
    const before = timerIntervals().length;
    const received = new Int32Array(1);
    let delivered = 0;
    let intervalsWhileHolding: number[] = [];
    const done = new Promise<void>((resolve) =>
      bell.watch(
        (count) => {
          received[0] = 1;
          if (delivered === 0) intervalsWhileHolding = timerIntervals(); // the hold starts before delivery
          delivered += Number(count);
          if (delivered === 1000) resolve();
        },
        () => {},
        (error) => {
          throw error;
        },
        received,
      ),
    );
    const rung = flood(state, bell.fd(), 1000);
    await done;
    expect(delivered).toBe(rung);
    expect(intervalsWhileHolding.length).toBe(before + 1);
    expect(intervalsWhileHolding).toContain(250);
    bell.close();
    expect(timerIntervals().length).toBe(before); // the timerfd closes with the receiver
  });

  it('refuses a period that is not a whole number of microseconds from 1 to 1000000', () => {
    const bell = binding.createEventfd(new Int32Array(new SharedArrayBuffer(binding.stateBytes)), false);
    for (const period of [0, -1, 0.5, 1e6 + 1, Number.NaN]) {
      expect(() => bell.setPollUnderLoad(true, period)).toThrow(RangeError);
    }
    bell.setPollUnderLoad(false, 1);
    bell.close();
  });
});
