// Timing a tight loop in batches: calibrate the batch size to the wanted duration, then time each.

const MIN_OPS = 256;
const MAX_OPS = 5_000_000;

function timeLoop(op: () => void, n: number): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) op();
  return performance.now() - start;
}

/**
 * Times `batches` batches of `op` of about `batchMs` each and returns ns per op for each batch.
 * Calibration doubles the batch until it takes a quarter of `batchMs` (which also warms up the
 * JIT) and scales it by the fastest of three timings at that size, then one untimed batch runs. `before` runs before every batch, outside the timing.
 */
export async function timeBatches(
  op: () => void,
  batches: number,
  batchMs: number,
  before: () => void | Promise<void> = () => {},
): Promise<{ readonly nsPerOp: number[]; readonly opsPerBatch: number }> {
  let n = MIN_OPS;
  let ms: number;
  for (;;) {
    await before();
    ms = timeLoop(op, n);
    if (ms >= batchMs / 4 || n >= MAX_OPS) break;
    n *= 2;
  }
  // One slow batch (a GC, a descheduling, the JIT still warming) must not set the size: time
  // this size twice more and go by the fastest.
  for (let i = 0; i < 2; i++) {
    await before();
    ms = Math.min(ms, timeLoop(op, n));
  }
  n = Math.max(MIN_OPS, Math.min(MAX_OPS, Math.round((n * batchMs) / Math.max(ms, 0.001))));
  await before();
  timeLoop(op, n);
  const nsPerOp: number[] = [];
  for (let b = 0; b < batches; b++) {
    await before();
    nsPerOp.push((timeLoop(op, n) * 1e6) / n);
  }
  return { nsPerOp, opsPerBatch: n };
}
