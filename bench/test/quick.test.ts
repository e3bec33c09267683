import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runPlainNode } from '@doorbell/test-support';

// The harness is tested, never the figures: they belong to the machine, not to the code.

const runner = fileURLToPath(new URL('../dist/run.js', import.meta.url));
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

const outDirs: string[] = [];
afterEach(() => {
  for (const dir of outDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('pnpm bench --quick', () => {
  it('runs every scenario and writes every rep as JSON, results.md and the charts', async () => {
    expect(existsSync(runner), `${runner} is missing: run \`pnpm run build\` first`).toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'doorbell-bench-'));
    outDirs.push(out);

    const { code, stdout, stderr } = await runPlainNode([runner, '--quick', '--out', out], { timeout: 110_000 });

    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(/^wrote .* in \d+ s$/m);
    const dated = readdirSync(out).filter((name) => /^\d{4}-\d{2}-\d{2}$/.test(name));
    expect(dated).toHaveLength(1);
    const dir = join(out, dated[0]!);
    const latest = join(out, 'latest');
    const charts = [
      'latency-cdf-unpinned.svg',
      ...(hasTaskset ? ['latency-cdf-pinned.svg'] : []),
      'throughput.svg',
      'cpu-per-million.svg',
      'sender-cost.svg',
      'flood-hold.svg',
    ];

    for (const where of [dir, latest]) {
      const summary = JSON.parse(readFileSync(join(where, 'summary.json'), 'utf8')) as {
        meta: { mode: string; failures: string[] };
        targets: { id: string }[];
        reps: { scenario: string }[];
      };
      expect(summary.meta.mode).toBe('quick');
      expect(summary.meta.failures).toEqual([]);
      expect(summary.targets.map((t) => t.id)).toEqual(['P1', 'P1b', 'P2', 'P2b', 'P3', 'P4', 'P4b', 'P5', 'P6']);
      expect(new Set(summary.reps.map((r) => r.scenario))).toEqual(
        new Set(['sender', 'fan-in', 'latency', 'flood-latency', 'fromDoorbell', 'lifecycle']),
      );

      const markdown = readFileSync(join(where, 'results.md'), 'utf8');
      expect(markdown).toContain('## Targets');
      for (const chart of charts) {
        expect(markdown).toContain(`](${chart})`);
        const svg = readFileSync(join(where, chart), 'utf8');
        expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), chart).toBe(true);
        expect(svg.trimEnd().endsWith('</svg>'), chart).toBe(true);
      }
    }

    // Every rep with its raw samples, in the dated directory only.
    const raw = readdirSync(join(dir, 'raw')).sort();
    expect(raw).toEqual([
      'fan-in.json',
      'flood-latency.json',
      'fromDoorbell.json',
      'latency.json',
      'lifecycle.json',
      'sender.json',
    ]);
    const latencyReps = JSON.parse(readFileSync(join(dir, 'raw', 'latency.json'), 'utf8')) as { samples?: number[] }[];
    expect(latencyReps.every((rep) => (rep.samples?.length ?? 0) > 0)).toBe(true);
    expect(existsSync(join(latest, 'raw'))).toBe(false);
  }, 120_000);

  it('rejects an unknown option with its usage and exit code 2', async () => {
    const { code, stdout, stderr } = await runPlainNode([runner, '--quik']);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("Unknown option '--quik'");
    expect(stderr).toContain('usage: pnpm bench [--quick]');
  });
});
