import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPlainNode } from '@doorbell/test-support';

const demo = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('the fan-in demo', () => {
  it('delivers every ring its workers rang', async () => {
    expect(existsSync(demo), `${demo} is missing: run \`pnpm run build\` first`).toBe(true);

    const { code, stdout, stderr } = await runPlainNode([demo, '--workers', '2', '--seconds', '1']);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const match = /^conservation: delivered ([\d,]+) == rung ([\d,]+) ✓$/m.exec(stdout);
    expect(match, stdout).not.toBeNull();
    const [, delivered, rung] = match!;
    expect(delivered).toBe(rung);
    expect(Number(rung!.replaceAll(',', ''))).toBeGreaterThan(0);
  }, 30_000);

  it('rejects a bad argument with a clear message and exit code 2', async () => {
    const { code, stdout, stderr } = await runPlainNode([demo, '--workers', '0']);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("--workers must be a whole number from 1 to 64; got '0'");
  });
});
