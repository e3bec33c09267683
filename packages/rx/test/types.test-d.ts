// Type-level tests of @doorbell/rx's public API, as a user's program sees it (the packages' own
// names, so their published declarations): the count types with and without bigint, and what the
// operators make of them. tsc checks them (`pnpm check`, and `pnpm build` before `pnpm test`);
// Vitest does not run this file (it is not *.test.ts). The operators' own type tests are in
// coalesce.test.ts, fanIn.test.ts and ringOn.test.ts.
import type { Doorbell, DoorbellPair, Ringer, WatchOptions } from '@doorbell/core';
import {
  type CoalescedSum,
  coalesce,
  type FanInCount,
  type FanInOptions,
  type FromDoorbellOptions,
  fanIn,
  fromDoorbell,
  ringOn,
  type ShutdownReason,
  shutdownSignal,
} from '@doorbell/rx';
import { map, type Observable } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';

declare const bell: Doorbell;
declare const pair: DoorbellPair;
declare const ringer: Ringer;
declare const someBoolean: boolean;

describe('fromDoorbell types', () => {
  it('emits numbers by default, bigints with { bigint: true }, and either when that is not known', () => {
    expectTypeOf(fromDoorbell(bell)).toEqualTypeOf<Observable<number>>();
    expectTypeOf(fromDoorbell(bell, {})).toEqualTypeOf<Observable<number>>();
    expectTypeOf(fromDoorbell(bell, { ref: false })).toEqualTypeOf<Observable<number>>();
    expectTypeOf(fromDoorbell(bell, { bigint: false })).toEqualTypeOf<Observable<number>>();
    expectTypeOf(fromDoorbell(bell, { bigint: true })).toEqualTypeOf<Observable<bigint>>();
    expectTypeOf(fromDoorbell(bell, { bigint: true, ref: true })).toEqualTypeOf<Observable<bigint>>();
    expectTypeOf(fromDoorbell(bell, { bigint: someBoolean })).toEqualTypeOf<Observable<number | bigint>>();
    const options: FromDoorbellOptions = {};
    expectTypeOf(fromDoorbell(bell, options)).toEqualTypeOf<Observable<number | bigint>>();
  });

  it('takes any Doorbell, a DoorbellPair end included, and nothing else', () => {
    expectTypeOf(fromDoorbell(pair)).toEqualTypeOf<Observable<number>>();
    // @ts-expect-error a handle is not a Doorbell
    fromDoorbell(bell.handle());
    // @ts-expect-error a Ringer does not receive
    fromDoorbell(ringer);
    // @ts-expect-error bigint is a boolean
    fromDoorbell(bell, { bigint: 1 });
  });

  it("takes core's watch options bigint and ref, and fanIn the same", () => {
    expectTypeOf<FromDoorbellOptions>().toEqualTypeOf<Pick<WatchOptions, 'bigint' | 'ref'>>();
    expectTypeOf<FanInOptions>().toEqualTypeOf<FromDoorbellOptions>();
  });
});

describe('operator result types over doorbell counts', () => {
  it('coalesce keeps numbers numbers and bigints bigints', () => {
    expectTypeOf(fromDoorbell(bell).pipe(coalesce())).toEqualTypeOf<Observable<number>>();
    expectTypeOf(fromDoorbell(bell, { bigint: true }).pipe(coalesce())).toEqualTypeOf<Observable<bigint>>();
    expectTypeOf(fromDoorbell(bell, { bigint: someBoolean }).pipe(coalesce())).toEqualTypeOf<
      Observable<number | bigint>
    >();
    expectTypeOf<CoalescedSum<3>>().toEqualTypeOf<number>();
    expectTypeOf<CoalescedSum<bigint>>().toEqualTypeOf<bigint>();
  });

  it('ringOn passes the value type through, with counts typed from it', () => {
    expectTypeOf(fromDoorbell(bell).pipe(ringOn(ringer))).toEqualTypeOf<Observable<number>>();
    expectTypeOf(fromDoorbell(bell, { bigint: true }).pipe(ringOn(pair))).toEqualTypeOf<Observable<bigint>>();
    expectTypeOf(
      fromDoorbell(bell).pipe(
        map((count) => ({ count })),
        ringOn(ringer, (value) => value.count),
      ),
    ).toEqualTypeOf<Observable<{ count: number }>>();
  });

  it('fanIn names its sources and types its counts', () => {
    expectTypeOf(fanIn({ jobs: bell, errors: pair })).toEqualTypeOf<Observable<FanInCount<'jobs' | 'errors'>>>();
    expectTypeOf(fanIn({ jobs: bell }, { bigint: true })).toEqualTypeOf<Observable<FanInCount<'jobs', bigint>>>();
    expectTypeOf(fanIn([bell, pair]).pipe(map(({ count }) => count))).toEqualTypeOf<Observable<number>>();
  });

  it('shutdownSignal emits why', () => {
    expectTypeOf(shutdownSignal({ doorbell: bell })).toEqualTypeOf<Observable<ShutdownReason>>();
    expectTypeOf<Extract<ShutdownReason, { kind: 'doorbell' }>['count']>().toEqualTypeOf<number>();
  });
});
