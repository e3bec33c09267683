// Terminal output: the live per-worker progress (a block redrawn in place, or a line per second),
// and the final per-worker totals.
import { styleText } from 'node:util';
import { type Board, unitsIntoJob, type WorkerRow } from './Board.js';

const whole = new Intl.NumberFormat('en-US');

const BAR_WIDTH = 20;

export const formatCount = (n: number): string => whole.format(n);

/** e.g. `1 job`, `12 jobs`. */
export const counted = (n: number, noun: string): string => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

/** Colours only when writing to a terminal, so piped output stays plain text. */
export function paint(style: Parameters<typeof styleText>[0], text: string): string {
  return process.stdout.isTTY ? styleText(style, text) : text;
}

function bar(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH);
  return '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
}

/** e.g. `job 7 52/80` or `idle`; the widths line the numbers up from row to row. */
function inHand(row: WorkerRow, idWidth = 0, unitsWidth = 0): string {
  if (row.job === undefined) return 'idle';
  return `job ${String(row.job.id).padStart(idWidth)} ${String(unitsIntoJob(row)).padStart(unitsWidth)}/${row.job.units}`;
}

/** For a terminal: a line per worker with a bar for the job in hand, then the jobs done. */
export function progressBlock(board: Board): string[] {
  const idWidth = String(board.jobs).length;
  const nameWidth = Math.max(...board.rows.map((row) => row.name.length));
  const rows = board.rows.map((row) =>
    [
      `  ${row.name.padEnd(nameWidth)}`,
      `▕${bar(row.job === undefined ? 0 : unitsIntoJob(row) / row.job.units)}▏`,
      inHand(row, idWidth, 3).padEnd(idWidth + 12),
      `${counted(row.jobsDone, 'job')} done`,
    ].join('  '),
  );
  return [...rows, `  ${formatCount(board.jobsDone)}/${counted(board.jobs, 'job')} done`];
}

/** For a pipe or a file: one line, e.g. `  3s  w0 job 4 52/80 · w1 job 5 7/33 · w2 idle  (3/12 jobs done)`. */
export function progressLine(board: Board, second: number): string {
  const workers = board.rows.map((row) => `${row.name} ${inHand(row)}`).join(' · ');
  return `  ${second}s  ${workers}  (${formatCount(board.jobsDone)}/${counted(board.jobs, 'job')} done)`;
}

/** The per-worker totals, each with its own check: units reported through the doorbell == units done. */
export function totals(board: Board): string {
  const header = ['worker', 'jobs', 'units done', 'reported'];
  const cells = board.rows.map((row) => [
    row.name,
    formatCount(row.jobsDone),
    formatCount(row.unitsDone),
    formatCount(row.reported),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: readonly string[]) =>
    `  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`;
  return [
    line(header),
    ...board.rows.map(
      (row, i) => `${line(cells[i]!)} ${row.reported === row.unitsDone ? paint('green', '✓') : paint('red', '✗')}`,
    ),
  ].join('\n');
}

/** A block of lines redrawn in place on a terminal; printed line after line to a pipe or file. */
export class LiveBlock {
  readonly #out: NodeJS.WriteStream;
  #height = 0;

  constructor(out: NodeJS.WriteStream) {
    this.#out = out;
  }

  show(lines: readonly string[]): void {
    if (!this.#out.isTTY) {
      this.#out.write(lines.map((line) => `${line}\n`).join(''));
      return;
    }
    // Back to the first column of the block's first line (CSI n F), then over it line by line. A
    // line wider than the terminal would wrap and throw the count off, so it is cut short.
    let text = this.#height > 0 ? `\x1b[${this.#height}F` : '';
    for (const line of lines) {
      text += `\x1b[2K${line.length < this.#out.columns ? line : `${line.slice(0, this.#out.columns - 2)}…`}\n`;
    }
    this.#out.write(text);
    this.#height = lines.length;
  }
}
