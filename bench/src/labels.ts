// How methods are named and coloured in every scenario's tables and charts: one vocabulary, so a
// method measured in several scenarios (doorbell, postMessage, …) reads and looks the same in each.

const LABELS: Readonly<Record<string, string>> = {
  doorbell: 'doorbell',
  'doorbell-per-burst': 'doorbell, pollUnderLoad: false',
  postMessage: 'postMessage',
  atomics: 'Atomics.notify / waitAsync',
  'c-eventfd': 'C eventfd ping-pong (floor)',
  'c-eventfd-split': 'C eventfd, threads on 2 CPUs',
  'c-libuv': 'C libuv loops, uv_poll (floor)',
  'doorbell-atomics': "doorbell, backend 'atomics'",
  'doorbell-atomics-pending': "doorbell 'atomics' ring, already pending",
  'doorbell-atomics-idle': "doorbell 'atomics' ring from idle",
  'doorbell-pending': 'doorbell ring, already pending',
  'doorbell-idle': 'doorbell ring from idle',
  'atomics-add': 'bare Atomics.add (floor)',
  watch: 'bell.watch callback',
  fromDoorbell: 'fromDoorbell(bell).subscribe',
};

export const label = (method: string): string => LABELS[method] ?? method;

const COLORS: Readonly<Record<string, string>> = {
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
  'c-libuv': '#7048e8',
  'doorbell-atomics': '#e64980',
  'doorbell-atomics-pending': '#e64980',
  'doorbell-atomics-idle': '#f783ac',
};

export const color = (method: string): string => COLORS[method] ?? '#868e96';
