// results.md: the run, the targets, then each scenario's own section (in the order of
// scenarios.ts), then the charts. The cell helpers here are what every scenario's tables share.
import { num } from './format.js';
import type { Meta } from './Meta.js';
import type { Rep } from './Rep.js';
import type { Stat } from './stats.js';
import type { TargetResult } from './targets.js';

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

export const signed = (n: number | undefined) => (n === undefined ? '—' : `${n >= 0 ? '+' : ''}${num(n)}`);
export const range = (s: Stat | undefined, scale = 1) => (s ? `${num(s.min * scale)}–${num(s.max * scale)}` : '—');
export const mid = (s: Stat | undefined, scale = 1) => (s ? num(s.median * scale) : '—');
export const repsText = (n: number) => `${n} rep${n === 1 ? '' : 's'}`;

/** The cases of a scenario's reps, in the order they first ran. */
export const casesOf = (reps: readonly Rep[], scenario: string) => [
  ...new Set(reps.filter((r) => r.scenario === scenario).map((r) => r.case)),
];
/** The methods of a scenario's reps, in the order they first ran. */
export const methodsOf = (reps: readonly Rep[], scenario: string) => [
  ...new Set(reps.filter((r) => r.scenario === scenario).map((r) => r.method)),
];

export function renderMarkdown(
  meta: Meta,
  targets: readonly TargetResult[],
  sections: readonly string[],
  charts: readonly string[],
): string {
  return [
    `# doorbell benchmarks: ${meta.date.slice(0, 10)} (${meta.mode})`,
    '',
    ...(meta.mode === 'quick'
      ? [
          '> **Quick smoke run**: it checks that the harness works. Its figures are too short-lived to mean anything.',
          '',
        ]
      : []),
    `Node ${meta.node} · Linux ${meta.kernel} · ${meta.cpus} · library ${meta.library} · load average ${meta.loadBefore} before, ${meta.loadAfter} after · ${Math.round(meta.seconds)} s in all.`,
    '',
    'Every figure is the median over reps, with min–max. Each scenario runs in its own process and interleaves its methods (A B C A B C …); a ratio `a ÷ b` is computed within each rep between methods that ran next to each other, then its median is shown, so slow drift of a shared machine cancels. `pnpm bench` in the repository root reproduces it.',
    ...(meta.failures.length > 0 ? ['', `**Failed:** ${meta.failures.join('; ')}`] : []),
    ...(meta.notes.length > 0 ? ['', ...meta.notes.map((note) => `Note: ${note}`)] : []),
    '',
    '## Targets',
    '',
    table(
      ['id', 'what', 'target', 'figure (this run)', ''],
      targets.map((t) => [
        t.id,
        t.what,
        t.target,
        t.figure,
        t.status === 'met' ? '✅ met' : t.status === 'not met' ? '❌ not met' : '— not measured',
      ]),
    ),
    '',
    ...sections.flatMap((section) => [section, '']),
    '## Charts',
    '',
    ...charts.map((file) => `![${file}](${file})\n`),
    "Raw samples of every rep: `raw/` (not committed). Every rep's figures: `summary.json`.",
    '',
  ].join('\n');
}
