import { inspect } from 'node:util';
import type { ShutdownReason } from '../shutdownSignal.js';

/** A shutdown reason in a few words, for messages. */
export function describeReason(reason: ShutdownReason): string {
  switch (reason.kind) {
    case 'signal':
      return `got ${reason.signal}`;
    case 'doorbell':
      return `the shutdown doorbell rang ${reason.count} time${reason.count === 1 ? '' : 's'}`;
    case 'error':
      return `${reason.origin}: ${inspect(reason.error, { depth: 0, breakLength: Infinity }).split('\n')[0]}`;
  }
}
