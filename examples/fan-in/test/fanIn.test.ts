import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const demo = fileURLToPath(new URL('../dist/main.js', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built demo with plain `node`, as a user would (without the NODE_PATH `pnpm exec` sets). */
function runDemo(args: string[]): Promise<Run> {
  const { NODE_PATH: _ignored, ...env } = process.env;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [demo, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the fan-in demo', () => {
  it('delivers every ring its workers rang', async () => {
    expect(existsSync(demo), `${demo} is missing: run \`pnpm run build\` first`).toBe(true);

    const { code, stdout, stderr } = await runDemo(['--workers', '2', '--seconds', '1']);

    expect(stderr).toBe('');
    expect(code).toBe(0);
    const match = /^conservation: delivered ([\d,]+) == rung ([\d,]+) ✓$/m.exec(stdout);
    expect(match, stdout).not.toBeNull();
    const [, delivered, rung] = match!;
    expect(delivered).toBe(rung);
    expect(Number(rung!.replaceAll(',', ''))).toBeGreaterThan(0);
  }, 30_000);

  it('rejects a bad argument with a clear message and exit code 2', async () => {
    const { code, stdout, stderr } = await runDemo(['--workers', '0']);

    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("--workers must be a whole number from 1 to 64; got '0'");
  });
});
