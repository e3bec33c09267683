import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const project = fileURLToPath(new URL('./fixtures/cjs/tsconfig.json', import.meta.url));

describe('the packages in a CommonJS TypeScript project', () => {
  it('type-check with module commonjs and moduleResolution node10, as older NestJS projects are set up', async () => {
    const { stdout, stderr, code } = await promisify(execFile)(process.execPath, [tsc, '-p', project], {
      timeout: 90_000,
    }).then(
      ({ stdout, stderr }) => ({ stdout, stderr, code: 0 }),
      (error: { stdout: string; stderr: string; code: number }) => error,
    );
    expect(stdout + stderr).toBe('');
    expect(code).toBe(0);
  });
});
