// Terminal output: the live once-per-second line and the final summary.
import { styleText } from 'node:util';

export interface Totals {
  readonly rings: number;
  readonly callbacks: number;
}

/** What the doorbell delivered during one second of the run. */
export interface Second extends Totals {
  /** 1 for the first second. */
  readonly second: number;
  readonly seconds: number;
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US');
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

const BAR_WIDTH = 12;

export const formatCount = (n: number): string => whole.format(n);

function ringsPerCallback({ rings, callbacks }: Totals): string {
  return callbacks === 0 ? '-' : oneDecimal.format(rings / callbacks);
}

function progressBar(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH);
  return '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
}

/** e.g. `▕██████░░░░░░▏ 2/3s   41.2M rings/s  152.3K callbacks/s  270.5 rings/callback` */
export function secondLine(s: Second): string {
  const clock = `${String(s.second).padStart(String(s.seconds).length)}/${s.seconds}s`;
  return [
    `▕${progressBar(s.second / s.seconds)}▏ ${clock}`,
    `${compact.format(s.rings).padStart(6)} rings/s`,
    `${compact.format(s.callbacks).padStart(6)} callbacks/s`,
    `${ringsPerCallback(s).padStart(6)} rings/callback`,
  ].join('  ');
}

/** Colours only when writing to a terminal, so piped output stays plain text. */
export function paint(style: Parameters<typeof styleText>[0], text: string): string {
  return process.stdout.isTTY ? styleText(style, text) : text;
}

export function summary(totals: Totals, ringingSeconds: number): string {
  const rows: [string, string][] = [
    ['total rings', formatCount(totals.rings)],
    ['total callbacks', formatCount(totals.callbacks)],
    ['rings/callback', ringsPerCallback(totals)],
    ['rings/s', formatCount(Math.round(totals.rings / ringingSeconds))],
  ];
  const width = Math.max(...rows.map(([, value]) => value.length));
  return rows.map(([label, value]) => `  ${label.padEnd(16)}${paint('bold', value.padStart(width))}`).join('\n');
}

/**
 * One line redrawn in place on a terminal; one line per call when the output is a pipe or file.
 */
export class LiveLine {
  readonly #out: NodeJS.WriteStream;
  #drawn = false;

  constructor(out: NodeJS.WriteStream) {
    this.#out = out;
  }

  show(line: string): void {
    if (!this.#out.isTTY) {
      this.#out.write(`${line}\n`);
      return;
    }
    // A line wider than the terminal would wrap, and \r would then redraw only its last part.
    const fitted = line.length < this.#out.columns ? line : `${line.slice(0, this.#out.columns - 2)}…`;
    this.#out.write(`\r\x1b[2K${fitted}`);
    this.#drawn = true;
  }

  /** Keeps the last redrawn line on screen and moves below it. */
  end(): void {
    if (this.#drawn) this.#out.write('\n');
    this.#drawn = false;
  }
}
