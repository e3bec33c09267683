import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const execFileAsync = promisify(execFile);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const project = new URL('./tsconfig.json', import.meta.url).pathname;

// vitest runs expectTypeOf assertions as no-ops: tsc is what checks them, and every expected
// type error, in the *.test.ts files next to this one.
describe('the type-level assertions of the rx tests', () => {
  it('hold: tsc finds no type error in packages/rx/test', async () => {
    const result = await execFileAsync(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', project], {
      timeout: 60_000,
    }).then(
      ({ stdout }) => ({ ok: true, output: stdout }),
      (error: { stdout?: string; message: string }) => ({ ok: false, output: error.stdout || error.message }),
    );
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});
