// A creator that becomes unreachable without close() or end() is closed by the garbage collector
// (the addon's finalizer closes its fd): rings on its handle start throwing at a moment the GC
// chooses. That is almost always a bug, so say so, as Node does for a FileHandle closed on
// garbage collection. The registry holds only the backend's name: holding the handle would keep
// the doorbell's shared memory alive until the registry's own cleanup (bench/experiments/p6).
// An 'atomics' doorbell has nothing to close: receivers opened from its handle keep working.
const registry = new FinalizationRegistry<string>((backend) => {
  process.emitWarning(
    `a doorbell ('${backend}') was closed by garbage collection: its creator became unreachable ` +
      'without close() or end(), and rings on its handle now throw DoorbellClosedError. Keep a reference ' +
      'to the Doorbell while its handle is in use, and close or end it explicitly.',
    { code: 'DOORBELL_CLOSED_ON_GC' },
  );
});

/** Warns if the creator of a native doorbell is collected before `closed()` is called. */
export function closeOnCollect(creator: object, backend: 'eventfd' | 'pipe'): { closed(): void } {
  const token = {};
  registry.register(creator, backend, token);
  return { closed: () => registry.unregister(token) };
}
