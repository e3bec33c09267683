// Where the first run's RSS growth of the lifecycle scenario comes from (target P6). Each variant
// repeats one operation CYCLES times in a fresh process, RUNS times in a row, after WARMUP
// unmeasured ones, and prints RSS and V8's figures before and after each run (after a forced GC).
//
//   node --expose-gc lifecycleMemory.mjs VARIANT [CYCLES=100000] [WARMUP=0] [RUNS=3]
//
// env: GC_EVERY=N forces a GC every N cycles; GCS=N forced GCs at the end of a run (default 1);
// PATCH_REG=1 makes every FinalizationRegistry hold a string instead of the object it is given
// (core's closeOnCollect holds the doorbell's handle, and with it the SharedArrayBuffer).
// It reaches into core's dist/ for the native receiver alone: an experiment, not an API.
import { readdirSync } from 'node:fs';

if (process.env.PATCH_REG) {
  const register = FinalizationRegistry.prototype.register;
  FinalizationRegistry.prototype.register = function (target, held, token) {
    return register.call(this, target, typeof held === 'object' ? String(held.backend) : held, token);
  };
}

const core = '../../../packages/core/dist/';
const { Doorbell, Ringer } = await import(`${core}index.js`);
const { nativeBinding } = await import(`${core}internal/native.js`);
const { nativePorts } = await import(`${core}internal/nativePorts.js`);
const { AtomicsReceiver } = await import(`${core}internal/atomics/AtomicsReceiver.js`);
const { atomicsWord } = await import(`${core}internal/atomics/atomicsState.js`);

const [variant, cyclesArg = '100000', warmupArg = '0', runsArg = '3'] = process.argv.slice(2);
const binding = nativeBinding();
const ports = nativePorts(binding);
const registry = new FinalizationRegistry(() => {});

const VARIANTS = {
  /** The lifecycle scenario's cycle. */
  eventfd() {
    const bell = Doorbell.create();
    const ringer = Ringer.open(bell.handle());
    ringer.ring();
    ringer.close();
    bell.close();
  },
  atomics() {
    const bell = Doorbell.create({ backend: 'atomics' });
    const ringer = Ringer.open(bell.handle());
    ringer.ring();
    ringer.close();
    bell.close();
  },
  createClose: () => Doorbell.create().close(),
  atomicsCreateClose: () => Doorbell.create({ backend: 'atomics' }).close(),
  /** A doorbell's shared state alone (1,152 bytes for an eventfd doorbell, 8 for 'atomics'). */
  sab: () => new Int32Array(new SharedArrayBuffer(binding.stateBytes)),
  sab8: () => new BigInt64Array(new SharedArrayBuffer(8)),
  /** The native receiver (an ObjectWrap with a finalizer) on a fresh state, no core object around it. */
  nativeReceiver: () => ports.createEventfd(new Int32Array(new SharedArrayBuffer(binding.stateBytes)), false).close(),
  /** An 'atomics' receiver and a frozen handle, without closeOnCollect's registration. */
  atomicsPort() {
    const state = new SharedArrayBuffer(8);
    Object.freeze({ type: 'doorbell', fd: -1, state });
    new AtomicsReceiver(atomicsWord(state), false, true).close();
  },
  /** The same, registered and unregistered as closeOnCollect does (the handle as held value). */
  atomicsPortRegistered() {
    const state = new SharedArrayBuffer(8);
    const handle = Object.freeze({ type: 'doorbell', fd: -1, state, backend: 'atomics' });
    const creator = {};
    const token = {};
    registry.register(creator, handle, token);
    new AtomicsReceiver(atomicsWord(state), false, true).close();
    registry.unregister(token);
  },
};

const op = VARIANTS[variant];
if (!op) throw new TypeError(`variant must be one of ${Object.keys(VARIANTS).join(', ')}`);
const PER_TURN = Number(process.env.PER_TURN ?? 1000);
const GC_EVERY = Number(process.env.GC_EVERY ?? 0);
const GCS = Number(process.env.GCS ?? 1);
const MB = 2 ** 20;
const turn = () => new Promise((resolve) => setImmediate(resolve));
const fds = () => readdirSync('/proc/self/fd').length;

async function cycles(n) {
  for (let i = 0; i < n; i++) {
    op();
    if (i % PER_TURN === PER_TURN - 1) await turn();
    if (GC_EVERY && i % GC_EVERY === GC_EVERY - 1) globalThis.gc();
  }
}

async function settle() {
  for (let i = 0; i < 5; i++) await turn();
  for (let i = 0; i < GCS; i++) {
    globalThis.gc();
    await turn();
  }
}

const grew = (after, before) => `${after - before >= 0 ? '+' : ''}${((after - before) / MB).toFixed(1)}`;
await cycles(Number(warmupArg));
await settle();
console.log(`${variant}:`);
for (let run = 1; run <= Number(runsArg); run++) {
  const fdsBefore = fds();
  const a = process.memoryUsage();
  const start = performance.now();
  await cycles(Number(cyclesArg));
  const us = ((performance.now() - start) * 1000) / Number(cyclesArg);
  await settle();
  const b = process.memoryUsage();
  console.log(
    `  run ${run}: RSS ${(a.rss / MB).toFixed(1)} → ${(b.rss / MB).toFixed(1)} MB (${grew(b.rss, a.rss)}), ` +
      `heap size ${grew(b.heapTotal, a.heapTotal)}, heap used ${grew(b.heapUsed, a.heapUsed)}, ` +
      `arrayBuffers ${grew(b.arrayBuffers, a.arrayBuffers)}, fds ${fds() - fdsBefore}, ${us.toFixed(1)} µs/cycle`,
  );
}
