import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const platform = `${process.platform}-${process.arch}`;

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

/** A copy of the package with no build: inside the package, so node-gyp-build still resolves. */
function unbuiltCopy(): string {
  const copy = mkdtempSync(join(packageRoot, 'test', '.unbuilt-'));
  cpSync(join(packageRoot, 'dist'), join(copy, 'dist'), { recursive: true });
  cpSync(join(packageRoot, 'package.json'), join(copy, 'package.json'));
  return copy;
}

describe('loadBinding', () => {
  const copies: string[] = [];
  afterAll(() => {
    for (const copy of copies) rmSync(copy, { recursive: true, force: true });
  });

  it("names every place it tried, in node-gyp-build's order, and what a user can do in their project", async () => {
    const unbuilt = unbuiltCopy();
    copies.push(unbuilt);
    const stderr = await importFails(join(unbuilt, 'dist', 'index.js'), { DOORBELL_NATIVE_PATH: '' });
    expect(stderr).toContain('could not load the doorbell addon');
    const places = [
      'DOORBELL_NATIVE_PATH (not set)',
      `${join(unbuilt, 'build', 'Release', 'doorbell.node')} (missing)`,
      `${join(unbuilt, 'build', 'Debug', 'doorbell.node')} (missing)`,
      `${join(unbuilt, 'prebuilds', platform)} (missing)`,
      `${join(dirname(process.execPath), 'prebuilds', platform)} (missing)`,
    ].map((place) => stderr.indexOf(place));
    expect(places).not.toContain(-1);
    expect(places).toEqual([...places].sort((a, b) => a - b));
    expect(stderr).toContain('npm rebuild @doorbell/native --build-from-source');
    expect(stderr).toContain('python3, make and a C++ compiler');
    expect(stderr).toContain("Doorbell.create({ backend: 'atomics' })");
    expect(stderr).not.toContain('pnpm --filter');
  });

  it('says when a prebuild is for another libc than the one this process runs on', async () => {
    const unbuilt = unbuiltCopy();
    copies.push(unbuilt);
    // A musl-tagged prebuild on this glibc machine (the other way round needs a musl system).
    const musl = join(unbuilt, 'prebuilds', platform, '@doorbell+native.musl.node');
    mkdirSync(dirname(musl), { recursive: true });
    writeFileSync(musl, 'not an addon');
    const stderr = await importFails(join(unbuilt, 'dist', 'index.js'), { DOORBELL_NATIVE_PATH: '' });
    expect(stderr).toContain(`${musl} (built for musl, this system is glibc)`);
    expect(stderr).toContain(`Prebuilds ship for linux-x64 (glibc) and linux-arm64 (glibc)`);
  });

  it('loads the file DOORBELL_NATIVE_PATH names, and fails clearly when it is wrong', async () => {
    const stderr = await importFails(join(packageRoot, 'dist', 'index.js'), {
      DOORBELL_NATIVE_PATH: '/nonexistent/doorbell.node',
    });
    expect(stderr).toContain('could not load the doorbell addon');
    expect(stderr).toContain('DOORBELL_NATIVE_PATH=/nonexistent/doorbell.node (Cannot find module');
  });
});
