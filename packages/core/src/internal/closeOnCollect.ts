import type { DoorbellHandle } from '../DoorbellHandle.js';
import { atomicsWord, closeAtomics } from './atomics/atomicsState.js';

// A creator that becomes unreachable without close() or end() is closed by the garbage collector
// (the addon's finalizer closes the fd; here the same is done for 'atomics'): rings on its handle
// start throwing at a moment the GC chooses. That is almost always a bug, so say so, as Node does
// for a FileHandle closed on garbage collection.
const registry = new FinalizationRegistry<DoorbellHandle>((handle) => {
  if (handle.backend === 'atomics') closeAtomics(atomicsWord(handle.state));
  process.emitWarning(
    `a doorbell ('${handle.backend}') was closed by garbage collection: its creator became unreachable ` +
      'without close() or end(), and rings on its handle now throw DoorbellClosedError. Keep a reference ' +
      'to the Doorbell while its handle is in use, and close or end it explicitly.',
    { code: 'DOORBELL_CLOSED_ON_GC' },
  );
});

/** Warns (and closes, for 'atomics') if `creator` is collected before `closed()` is called. */
export function closeOnCollect(creator: object, handle: DoorbellHandle): { closed(): void } {
  const token = {};
  registry.register(creator, handle, token);
  return { closed: () => registry.unregister(token) };
}
