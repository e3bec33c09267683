import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPlainNode } from '@doorbell/test-support';

const demo = fileURLToPath(new URL('../dist/main.js', import.meta.url));

const number = (text: string): number => Number(text.replaceAll(',', ''));

describe('the worker-pool demo', () => {
  it('gets the progress of every unit of every job back through the workers’ doorbells', async () => {
    expect(existsSync(demo), `${demo} is missing: run \`pnpm run build\` first`).toBe(true);

    const { code, stdout, stderr } = await runPlainNode([demo, '--jobs', '4', '--workers', '2']);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const check = /^units reported == units done: ([\d,]+) == ([\d,]+) ✓$/m.exec(stdout);
    expect(check, stdout).not.toBeNull();
    const [, reported, done] = check!;
    expect(reported).toBe(done);
    // The units of the jobs, as the header announced them, were all done.
    const announced = /^worker-pool: 4 jobs \(([\d,]+) units?\) on 2 worker threads/m.exec(stdout);
    expect(announced, stdout).not.toBeNull();
    expect(number(done!)).toBe(number(announced![1]!));
    // Per worker: its own check passed, and between them they did all 4 jobs.
    const rows = [...stdout.matchAll(/^ {2}(w\d+) +(\d+) +([\d,]+) +([\d,]+) ✓$/gm)];
    expect(
      rows.map((row) => row[1]),
      stdout,
    ).toEqual(['w0', 'w1']);
    for (const [, , , unitsDone, unitsReported] of rows) expect(unitsReported).toBe(unitsDone);
    expect(rows.reduce((sum, row) => sum + number(row[2]!), 0)).toBe(4);
  }, 30_000);

  it.each([
    [['--jobs', '0'], "--jobs must be a whole number from 1 to 1000; got '0'"],
    [['--workers', '2.5'], "--workers must be a whole number from 1 to 32; got '2.5'"],
  ])('rejects %j with a message naming the argument and exit code 2', async (args, message) => {
    const { code, stdout, stderr } = await runPlainNode([demo, ...args]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });
});
