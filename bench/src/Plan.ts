// How much each scenario runs: the full suite (a few minutes) or --quick (a smoke run).

export interface Plan {
  readonly quick: boolean;
  /** Worker tight loops: `batches` timed batches of about `batchMs` each, after calibration. */
  readonly sender: { readonly reps: number; readonly batches: number; readonly batchMs: number };
  /** Workers ring flat out for `ringMs`; the rep fails its exactness check after `settleMs` more. */
  readonly fanIn: {
    readonly reps: number;
    readonly workers: readonly number[];
    readonly ringMs: number;
    readonly settleMs: number;
  };
  readonly latency: { readonly reps: number; readonly roundTrips: number; readonly warmup: number };
  /**
   * One worker floods for `ringMs`; the main thread probes every `probeEveryMs`; the flood hold
   * is measured at each period of `holdPeriodsUs` too, where core has the option.
   */
  readonly floodLatency: {
    readonly reps: number;
    readonly ringMs: number;
    readonly probeEveryMs: number;
    readonly holdPeriodsUs: readonly number[];
  };
  readonly rx: { readonly reps: number; readonly emissions: number; readonly warmup: number };
  readonly lifecycle: { readonly reps: number; readonly cycles: number; readonly warmup: number };
}

export const FULL: Plan = {
  quick: false,
  sender: { reps: 9, batches: 9, batchMs: 30 },
  fanIn: { reps: 9, workers: [1, 2], ringMs: 1000, settleMs: 20_000 },
  latency: { reps: 9, roundTrips: 30_000, warmup: 2_000 },
  floodLatency: { reps: 5, ringMs: 1000, probeEveryMs: 3, holdPeriodsUs: [100, 250, 1000] },
  rx: { reps: 9, emissions: 200_000, warmup: 10_000 },
  lifecycle: { reps: 3, cycles: 100_000, warmup: 2_000 },
};

export const QUICK: Plan = {
  quick: true,
  sender: { reps: 2, batches: 3, batchMs: 5 },
  fanIn: { reps: 2, workers: [1, 2], ringMs: 100, settleMs: 10_000 },
  latency: { reps: 2, roundTrips: 500, warmup: 100 },
  floodLatency: { reps: 2, ringMs: 100, probeEveryMs: 3, holdPeriodsUs: [100, 250, 1000] },
  rx: { reps: 2, emissions: 5_000, warmup: 500 },
  lifecycle: { reps: 2, cycles: 5_000, warmup: 500 },
};
