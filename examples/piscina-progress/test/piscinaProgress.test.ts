import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPlainNode } from '@doorbell/test-support';

const demo = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('the piscina-progress demo', () => {
  it('has every finished job’s progress exact when its run() resolves, and cancels job 0 half-way', async () => {
    expect(existsSync(demo), `${demo} is missing: run \`pnpm run build\` first`).toBe(true);

    const { code, stdout, stderr } = await runPlainNode([demo, '--jobs', '5', '--units', '400']);

    expect(stderr).toBe('');
    expect(code, stdout).toBe(0);
    for (const job of [1, 2, 3, 4]) {
      expect(stdout).toContain(`job ${job}: done, 400 units; progress seen 400 ✓`);
    }
    const cancelled = /^job 0: cancelled after (\d+) of 400 units; its next ring threw$/m.exec(stdout);
    expect(cancelled, stdout).not.toBeNull();
    expect(Number(cancelled![1])).toBeGreaterThanOrEqual(200);
    expect(Number(cancelled![1])).toBeLessThan(400);
    expect(stdout).toContain('every finished job: progress == result ✓');
  }, 60_000);

  it('rejects a bad argument with a message naming it and exit code 2', async () => {
    const { code, stdout, stderr } = await runPlainNode([demo, '--jobs', '0']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("--jobs must be a whole number from 1 to 32; got '0'");
  });
});
