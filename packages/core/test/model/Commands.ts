import fc from 'fast-check';
import { CoalescingModel } from '../../src/index.js';
import { CloseCommand } from './CloseCommand.js';
import { DrainCommand } from './DrainCommand.js';
import { EndCommand } from './EndCommand.js';
import { FlushCommand } from './FlushCommand.js';
import { RawRingCommand } from './RawRingCommand.js';
import { RingCommand } from './RingCommand.js';
import { WatchCommand } from './WatchCommand.js';
import { WorkerRingCommand } from './WorkerRingCommand.js';

const MAX = CoalescingModel.MAX_PENDING;

/** Mostly small counts (many rings coalesce), sometimes huge ones (overflow, unsafe integers). */
const countArbitrary: fc.Arbitrary<number | bigint> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 1000 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: MAX }) },
  { weight: 1, arbitrary: fc.constantFrom<number | bigint>(MAX, MAX - 1n, 2n ** 53n, Number.MAX_SAFE_INTEGER) },
);

/**
 * A foreign raw writer's counts. Kept below 2^40: a foreign writer that fills the kernel counter
 * to near 2^64 while in-process rings are coalescing can carry the total past 2^64-2 (the one
 * limit of the overflow rule, see Coalescer.hh); it is covered by its own test in Doorbell.test.ts.
 */
const rawCountArbitrary: fc.Arbitrary<number | bigint> = fc.oneof(
  fc.integer({ min: 1, max: 1000 }),
  fc.bigInt({ min: 1n, max: 2n ** 40n }),
);

export function commandsArbitrary(workers: number) {
  return fc.commands(
    [
      countArbitrary.map((n) => new RingCommand(n)),
      fc
        .tuple(fc.nat(workers - 1), countArbitrary, fc.integer({ min: 1, max: 50 }))
        .map(([w, n, times]) => new WorkerRingCommand(w, n, times)),
      rawCountArbitrary.map((n) => new RawRingCommand(n)),
      fc
        .tuple(fc.constantFrom('bell' as const, 'opened' as const), fc.boolean())
        .map(([receiver, bigint]) => new DrainCommand(receiver, bigint)),
      fc.boolean().map((bigint) => new WatchCommand(bigint)),
      fc.boolean().map((bigint) => new FlushCommand(bigint)),
      fc.constantFrom('none' as const, 'number' as const, 'bigint' as const).map((watch) => new EndCommand(watch)),
      fc.constant(new CloseCommand()),
    ],
    { maxCommands: 25 },
  );
}
