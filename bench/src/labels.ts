// How methods are named and coloured in the table and charts, and what each is compared against.

export const LABELS: Readonly<Record<string, string>> = {
  doorbell: 'doorbell',
  'doorbell-per-burst': 'doorbell, pollUnderLoad: false',
  postMessage: 'postMessage',
  atomics: 'Atomics.notify / waitAsync',
  'c-eventfd': 'C eventfd ping-pong (floor)',
  'c-eventfd-split': 'C eventfd, threads on 2 CPUs',
  'doorbell-pending': 'doorbell ring, already pending',
  'doorbell-idle': 'doorbell ring from idle',
  'atomics-add': 'bare Atomics.add (floor)',
  watch: 'bell.watch callback',
  fromDoorbell: 'fromDoorbell(bell).subscribe',
};

export const label = (method: string): string => LABELS[method] ?? method;

export const COLORS: Readonly<Record<string, string>> = {
  doorbell: '#d9480f',
  'doorbell-pending': '#d9480f',
  'doorbell-idle': '#f59f00',
  'doorbell-per-burst': '#f59f00',
  fromDoorbell: '#d9480f',
  watch: '#f59f00',
  postMessage: '#1c7ed6',
  atomics: '#2b8a3e',
  'atomics-add': '#2b8a3e',
  'c-eventfd': '#495057',
  'c-eventfd-split': '#adb5bd',
};

export const color = (method: string): string => COLORS[method] ?? '#868e96';

/** Per scenario: the methods every other method's figures are divided by, same run. */
export const REFERENCES: Readonly<Record<string, readonly string[]>> = {
  sender: ['postMessage', 'atomics-add'],
  'fan-in': ['postMessage', 'atomics'],
  latency: ['postMessage', 'atomics', 'c-eventfd'],
  'flood-latency': ['doorbell-per-burst'],
  fromDoorbell: ['watch'],
  lifecycle: [],
};

/** Per scenario: the metrics worth a same-run ratio in summary.json. */
export const RATIO_METRICS: Readonly<Record<string, readonly string[]>> = {
  sender: ['nsPerOp'],
  'fan-in': ['perSecond', 'cpuMsPerMillion'],
  latency: ['p50Us', 'p99Us'],
  'flood-latency': ['p50Us', 'p99Us'],
  fromDoorbell: ['nsPerEmission', 'cpuNsPerEmission'],
  lifecycle: [],
};
