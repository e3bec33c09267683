// The flood hold's period as an option of Doorbell.create, when core has it. Core ignores options
// it does not know, so presence is probed by validation: a core that knows the option refuses a
// period that is not a number with a TypeError (or RangeError) that names it.
import { Doorbell, type DoorbellOptions } from '@doorbell/core';

/** The option's expected name: Doorbell.create({ pollUnderLoad: true, pollPeriodMicros: 250 }). */
export const HOLD_PERIOD_OPTION = 'pollPeriodMicros';

export function holdPeriodAvailable(): boolean {
  try {
    // Typed loosely: once core types the option, a string in it would not compile.
    const probe: object = { [HOLD_PERIOD_OPTION]: 'not a period' };
    Doorbell.create(probe as DoorbellOptions).close();
    return false;
  } catch (error) {
    return (error instanceof RangeError || error instanceof TypeError) && error.message.includes(HOLD_PERIOD_OPTION);
  }
}

/** The options of a doorbell whose flood hold takes rings every `micros` µs. */
export const holdPeriodOptions = (micros: number): DoorbellOptions =>
  ({ pollUnderLoad: true, [HOLD_PERIOD_OPTION]: micros }) as DoorbellOptions;
