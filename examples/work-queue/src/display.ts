// Terminal output: one bar per worker for its share of the units, and colour on a terminal.
import { styleText } from 'node:util';

const whole = new Intl.NumberFormat('en-US');
const percent = new Intl.NumberFormat('en-US', {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

const BAR_WIDTH = 24;

export const formatCount = (n: number): string => whole.format(n);

/** e.g. `1 unit`, `10,000 units`. */
export const counted = (n: number, noun: string): string => `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;

/** Colours only when writing to a terminal, so piped output stays plain text. */
export function paint(style: Parameters<typeof styleText>[0], text: string): string {
  return process.stdout.isTTY ? styleText(style, text) : text;
}

function bar(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * BAR_WIDTH);
  return '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
}

/**
 * e.g. `  worker 0  ▕████████████████████████▏  2,531  25.3%`. Bars are scaled to the busiest
 * worker, so an even split shows as bars of equal length.
 */
export function shares(counts: readonly number[]): string {
  const total = counts.reduce((sum, n) => sum + n, 0);
  const most = Math.max(1, ...counts);
  const labelWidth = `worker ${counts.length - 1}`.length;
  const countWidth = formatCount(most).length;
  return counts
    .map((n, i) =>
      [
        `  ${`worker ${i}`.padEnd(labelWidth)}`,
        `▕${bar(n / most)}▏`,
        formatCount(n).padStart(countWidth),
        percent.format(total === 0 ? 0 : n / total).padStart(6),
      ].join('  '),
    )
    .join('\n');
}
