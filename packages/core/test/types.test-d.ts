// Type-level tests of @doorbell/core's public API, as a user's program sees it (the package's own
// name, so its published declarations). tsc checks them (`pnpm check`, and `pnpm build` before
// `pnpm test`): a wrong type fails the build, and so does an expected error that is not one.
// Vitest does not run this file (it is not *.test.ts); nothing here executes.
import {
  CoalescingModel,
  Doorbell,
  type DoorbellClosedError,
  type DoorbellHandle,
  type DoorbellOptions,
  DoorbellOverflowError,
  DoorbellPair,
  type DoorbellReceiver,
  PeerDeadError,
  Ringer,
  type WatchOptions,
} from '@doorbell/core';
import { describe, expectTypeOf, it } from 'vitest';

declare const bell: Doorbell;
declare const pair: DoorbellPair;
declare const ringer: Ringer;
declare const someBoolean: boolean;

describe('Doorbell types', () => {
  it('creates and opens doorbells', () => {
    expectTypeOf(Doorbell.create).parameter(0).toEqualTypeOf<DoorbellOptions | undefined>();
    expectTypeOf(Doorbell.create()).toEqualTypeOf<Doorbell>();
    expectTypeOf(Doorbell.create({ semaphore: true, backend: 'pipe' })).toEqualTypeOf<Doorbell>();
    expectTypeOf(Doorbell.open(bell.handle())).toEqualTypeOf<Doorbell>();
    expectTypeOf<DoorbellOptions['backend']>().toEqualTypeOf<'eventfd' | 'pipe' | 'atomics' | undefined>();
    // @ts-expect-error an unknown backend
    Doorbell.create({ backend: 'futex' });
    // @ts-expect-error open takes a handle, not a doorbell
    Doorbell.open(bell);
  });

  it('rings with a number or a bigint', () => {
    expectTypeOf(bell.ring).parameters.toEqualTypeOf<[n?: number | bigint]>();
    expectTypeOf(bell.ring()).toEqualTypeOf<void>();
    // @ts-expect-error a count is a number or a bigint
    bell.ring('1');
  });

  it('drains a number by default and a bigint with { bigint: true }', () => {
    expectTypeOf(bell.drain()).toEqualTypeOf<number>();
    expectTypeOf(bell.drain({ bigint: true })).toEqualTypeOf<bigint>();
    expectTypeOf(bell.drain({ bigint: someBoolean })).toEqualTypeOf<number | bigint>();
    // @ts-expect-error bigint is a boolean
    bell.drain({ bigint: 'yes' });
  });

  it('watches numbers by default and bigints with { bigint: true }', () => {
    expectTypeOf(bell.watch((count) => expectTypeOf(count).toEqualTypeOf<number>())).toEqualTypeOf<() => void>();
    bell.watch((count) => expectTypeOf(count).toEqualTypeOf<number>(), { bigint: false, ref: false });
    bell.watch((count) => expectTypeOf(count).toEqualTypeOf<bigint>(), { bigint: true });
    bell.watch((count) => expectTypeOf(count).toEqualTypeOf<number>(), {
      onClose: () => {},
      onError: (error) => expectTypeOf(error).toEqualTypeOf<Error>(),
    } satisfies WatchOptions);
    // @ts-expect-error a bigint callback needs { bigint: true }
    bell.watch((count: bigint) => count);
    // @ts-expect-error a number callback cannot take { bigint: true }
    bell.watch((count: number) => count, { bigint: true });
    const mode = Math.random() > 2;
    bell.watch((count) => expectTypeOf(count).toEqualTypeOf<number | bigint>(), { bigint: mode });
    expectTypeOf(bell.drain({ bigint: false })).toEqualTypeOf<number>();
  });

  it('exposes its fd, state and a structured-cloneable handle', () => {
    expectTypeOf(bell.fd).toEqualTypeOf<number>();
    expectTypeOf(bell.closed).toEqualTypeOf<boolean>();
    expectTypeOf(bell.handle()).toEqualTypeOf<DoorbellHandle>();
    expectTypeOf<DoorbellHandle['type']>().toEqualTypeOf<'doorbell'>();
    expectTypeOf<DoorbellHandle['state']>().toEqualTypeOf<SharedArrayBuffer>();
    expectTypeOf(bell.ref()).toEqualTypeOf<Doorbell>();
    expectTypeOf(pair.unref()).toEqualTypeOf<DoorbellPair>();
    expectTypeOf(bell).toMatchTypeOf<Disposable>();
    // @ts-expect-error fd is read-only
    bell.fd = 3;
  });
});

describe('Ringer types', () => {
  it('opens from a handle or an fd, rings numbers and bigints, and is disposable', () => {
    expectTypeOf(Ringer.open(bell.handle())).toEqualTypeOf<Ringer>();
    expectTypeOf(Ringer.fromFd(3)).toEqualTypeOf<Ringer>();
    expectTypeOf(ringer.ring).parameters.toEqualTypeOf<[n?: number | bigint]>();
    expectTypeOf(ringer).toMatchTypeOf<Disposable>();
    // @ts-expect-error a Ringer does not receive
    ringer.drain();
    // @ts-expect-error the constructor is private
    new Ringer();
  });
});

describe('DoorbellPair types', () => {
  it('is a DoorbellReceiver whose counts come from the other process', () => {
    expectTypeOf(DoorbellPair.create()).toEqualTypeOf<DoorbellPair>();
    expectTypeOf(DoorbellPair.fromFd(3)).toEqualTypeOf<DoorbellPair>();
    expectTypeOf(pair).toMatchTypeOf<DoorbellReceiver>();
    expectTypeOf(pair).not.toHaveProperty('handle');
    expectTypeOf(pair.peerFd).toEqualTypeOf<number>();
    expectTypeOf(pair.drain()).toEqualTypeOf<number>();
    expectTypeOf(pair.drain({ bigint: true })).toEqualTypeOf<bigint>();
  });
});

describe('error types', () => {
  it('carry their stable codes as literal types', () => {
    expectTypeOf<DoorbellClosedError['code']>().toEqualTypeOf<'ERR_DOORBELL_CLOSED'>();
    expectTypeOf<DoorbellOverflowError['code']>().toEqualTypeOf<'ERR_DOORBELL_OVERFLOW'>();
    expectTypeOf<PeerDeadError['code']>().toEqualTypeOf<'ERR_DOORBELL_PEER_DEAD'>();
    expectTypeOf<DoorbellClosedError['name']>().toEqualTypeOf<'DoorbellClosedError'>();
    expectTypeOf(new DoorbellOverflowError(1n).count).toEqualTypeOf<bigint>();
    expectTypeOf(new PeerDeadError()).toMatchTypeOf<Error>();
  });
});

describe('CoalescingModel types', () => {
  it('works in bigints', () => {
    const model = new CoalescingModel({ semaphore: false });
    expectTypeOf(model.drain()).toEqualTypeOf<bigint>();
    expectTypeOf(model.pending).toEqualTypeOf<bigint>();
    expectTypeOf(model.ring).parameters.toEqualTypeOf<[n?: number | bigint]>();
  });
});
