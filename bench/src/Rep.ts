// What a scenario reports for one repetition of one method, and how it travels to the runner.

/** One repetition of one method of one scenario: the unit every figure is a median of. */
export interface Rep {
  /** The scenario's id, e.g. 'fan-in'. */
  readonly scenario: string;
  /** The condition within the scenario, e.g. '2 workers' or 'pinned'; '' when there is one. */
  readonly case: string;
  /** What is measured, e.g. 'doorbell', 'postMessage', 'atomics', 'c-eventfd'. */
  readonly method: string;
  /** 1-based; reps with the same number ran next to each other (A B A B …). */
  readonly rep: number;
  /** The figures of this rep; booleans for checks (e.g. exact). */
  readonly metrics: Readonly<Record<string, number | boolean>>;
  /** One short line for the progress output. */
  readonly headline: string;
  /** Raw samples (latency round trips in ns, batch timings); written to raw/ only. */
  readonly samples?: readonly number[];
}

/** The message a scenario child sends to the runner over IPC. */
export type ChildMessage =
  | { readonly type: 'rep'; readonly rep: Rep }
  | { readonly type: 'note'; readonly text: string }
  | { readonly type: 'end' };

/** Sends a rep (or a note) to the runner; in a process started without IPC, prints it. */
export function report(message: ChildMessage): void {
  if (process.send) process.send(message);
  else console.log(JSON.stringify(message));
}
