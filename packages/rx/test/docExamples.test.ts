import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const execFileAsync = promisify(execFile);
const script = fileURLToPath(new URL('../../../scripts/check-doc-examples.mjs', import.meta.url));
const packages = ['native', 'core', 'rx'].map((name) => fileURLToPath(new URL(`../../${name}`, import.meta.url)));

interface Report {
  checked: number;
  failed: { example: string; errors: string[] }[];
  missingExamples: { name: string; where: string }[];
}

// The examples in the doc comments of every package's src and README, compiled with tsc against
// the built packages as a user's strict project would (scripts/check-doc-examples.mjs).
describe('the examples in the docs of @doorbell/native, core and rx', () => {
  it('compile, and every public export has one', async () => {
    const report = await execFileAsync(process.execPath, [script, '--json', ...packages], { timeout: 90_000 }).then(
      ({ stdout }) => stdout,
      (error: { stdout?: string; message: string }) => error.stdout || error.message,
    );
    const { checked, failed, missingExamples } = JSON.parse(report) as Report;
    expect(failed).toEqual([]);
    expect(missingExamples).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(35);
  });
});
