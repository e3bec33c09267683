import { afterEach, describe, expect, it } from 'vitest';
import { Doorbell, Ringer } from '../src/index.js';

// Every bad count the contract lists, with the error class it must raise.
const badCounts: Array<[string, unknown, typeof TypeError | typeof RangeError]> = [
  ['zero', 0, RangeError],
  ['negative', -1, RangeError],
  ['a fraction', 1.5, RangeError],
  ['NaN', Number.NaN, RangeError],
  ['Infinity', Number.POSITIVE_INFINITY, RangeError],
  ['-Infinity', Number.NEGATIVE_INFINITY, RangeError],
  ['an unsafe integer', Number.MAX_SAFE_INTEGER + 1, RangeError],
  ['0n', 0n, RangeError],
  ['a negative bigint', -5n, RangeError],
  ['a bigint over 2^64-2', 2n ** 64n - 1n, RangeError],
  ['a string', '1', TypeError],
  ['null', null, TypeError],
  ['a boolean', true, TypeError],
  ['an object', { valueOf: () => 1 }, TypeError],
];

describe('ring(n) validation', () => {
  const opened: Array<{ close(): void }> = [];
  afterEach(() => {
    for (const resource of opened.splice(0)) resource.close();
  });

  const targets = {
    'Doorbell#ring': (bell: Doorbell) => (n: unknown) => bell.ring(n as number),
    'Ringer#ring': (bell: Doorbell) => {
      const ringer = Ringer.open(bell.handle());
      opened.push(ringer);
      return (n: unknown) => ringer.ring(n as number);
    },
  };

  for (const [target, makeRing] of Object.entries(targets)) {
    describe(target, () => {
      it.each(badCounts)('throws for %s, naming n, and adds nothing', (_label, value, errorClass) => {
        const bell = Doorbell.create();
        opened.push(bell);
        const ring = makeRing(bell);
        expect(() => ring(value)).toThrow(errorClass);
        expect(() => ring(value)).toThrow(/\bn\b/);
        expect(bell.drain()).toBe(0);
        ring(1);
        expect(bell.drain()).toBe(1);
      });

      it('accepts the largest count, 2^64-2, as a bigint', () => {
        const bell = Doorbell.create();
        opened.push(bell);
        makeRing(bell)(2n ** 64n - 2n);
        expect(bell.drain({ bigint: true })).toBe(2n ** 64n - 2n);
      });
    });
  }
});

describe('argument validation elsewhere', () => {
  it('Doorbell.create rejects bad options', () => {
    expect(() => Doorbell.create(42 as never)).toThrow(TypeError);
    expect(() => Doorbell.create({ semaphore: 'yes' as never })).toThrow(/options\.semaphore/);
    expect(() => Doorbell.create({ backend: 'kqueue' as never })).toThrow(RangeError);
  });

  it('Doorbell.open and Ringer.open reject anything that is not a handle', () => {
    for (const bad of [undefined, null, 3, {}, { type: 'doorbell', fd: 3 }]) {
      expect(() => Doorbell.open(bad as never)).toThrow(TypeError);
      expect(() => Ringer.open(bad as never)).toThrow(TypeError);
    }
  });

  it('Ringer.fromFd rejects bad fds, naming fd', () => {
    expect(() => Ringer.fromFd('3' as never)).toThrow(TypeError);
    expect(() => Ringer.fromFd(-1)).toThrow(RangeError);
    expect(() => Ringer.fromFd(1.5)).toThrow(/fd/);
  });

  it('watch rejects a callback that is not a function and bad options', () => {
    using bell = Doorbell.create();
    expect(() => bell.watch('x' as never)).toThrow(/onCount/);
    expect(() => bell.watch(() => {}, { bigint: 1 as never })).toThrow(/options\.bigint/);
    expect(() => bell.watch(() => {}, { onClose: 1 as never })).toThrow(/options\.onClose/);
  });

  it('drain rejects bad options', () => {
    using bell = Doorbell.create();
    expect(() => bell.drain({ bigint: 'yes' } as never)).toThrow(/options\.bigint/);
  });
});
