// TEMPORARY: stands in for Doorbell#end (contract point 12) until it lands on main; every call
// site becomes `bell.end()` then, and this file goes.
import type { Doorbell } from '@doorbell/core';

export async function endDoorbell(bell: Doorbell): Promise<void> {
  const end = (bell as unknown as { end?: () => Promise<void> }).end;
  if (end !== undefined) return end.call(bell);
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setTimeout(resolve, 20));
  bell.close();
}
