import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

async function importFails(entry: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  try {
    await run(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(entry)})`], {
      env: { ...process.env, ...env },
    });
  } catch (error) {
    return (error as { stderr: string }).stderr;
  }
  throw new Error('the import did not fail');
}

describe('loadBinding', () => {
  // A copy of the package with no build: inside the package, so node-gyp-build still resolves.
  const unbuilt = mkdtempSync(join(packageRoot, 'test', '.unbuilt-'));
  cpSync(join(packageRoot, 'dist'), join(unbuilt, 'dist'), { recursive: true });
  afterAll(() => rmSync(unbuilt, { recursive: true, force: true }));

  it('names every place it tried and how to build when no addon loads', async () => {
    const stderr = await importFails(join(unbuilt, 'dist', 'index.js'), { DOORBELL_NATIVE_PATH: '' });
    expect(stderr).toContain('could not load the doorbell addon');
    expect(stderr).toContain(`${join(unbuilt, 'prebuilds', `${process.platform}-${process.arch}`)} (missing)`);
    expect(stderr).toContain(`${join(unbuilt, 'build', 'Release', 'doorbell.node')} (missing)`);
    expect(stderr).toContain('pnpm --filter @doorbell/native build');
  });

  it('loads the file DOORBELL_NATIVE_PATH names, and fails clearly when it is wrong', async () => {
    const stderr = await importFails(join(packageRoot, 'dist', 'index.js'), {
      DOORBELL_NATIVE_PATH: '/nonexistent/doorbell.node',
    });
    expect(stderr).toContain('/nonexistent/doorbell.node');
  });
});
