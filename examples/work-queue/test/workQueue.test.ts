import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPlainNode } from '@doorbell/test-support';

const demo = fileURLToPath(new URL('../dist/main.js', import.meta.url));

const number = (text: string): number => Number(text.replaceAll(',', ''));

describe('the work-queue demo', () => {
  it('hands every unit to exactly one of the competing workers', async () => {
    expect(existsSync(demo), `${demo} is missing: run \`pnpm run build\` first`).toBe(true);

    const { code, stdout, stderr } = await runPlainNode([demo, '--units', '2000', '--workers', '3']);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const check = /^every unit taken exactly once: ([\d,]+) == ([\d,]+) ✓$/m.exec(stdout);
    expect(check, stdout).not.toBeNull();
    expect(number(check![1]!)).toBe(2000);
    expect(number(check![2]!)).toBe(2000);
    // One bar per worker, and what they took adds up to the same total.
    const perWorker = [...stdout.matchAll(/^ {2}worker \d+ +▕[█░]+▏ +([\d,]+) /gm)].map((row) => number(row[1]!));
    expect(perWorker, stdout).toHaveLength(3);
    expect(perWorker.reduce((sum, n) => sum + n, 0)).toBe(2000);
  }, 30_000);

  it.each([
    [['--units', '0'], "--units must be a whole number from 1 to 1000000; got '0'"],
    [['--workers', 'four'], "--workers must be a whole number from 1 to 64; got 'four'"],
  ])('rejects %j with a message naming the argument and exit code 2', async (args, message) => {
    const { code, stdout, stderr } = await runPlainNode([demo, ...args]);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });
});
