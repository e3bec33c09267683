// PENDING until @doorbell/core falls back to the in-process backend where the addon cannot load
// (issue 14, "the in-process backend"). Enable it by renaming this file to noAddon.test.ts.
//
// A user's install where @doorbell/native is absent (another OS) or present but unloadable (Linux
// with no prebuild for the system and no compiler): Doorbell.create() must work through 'atomics'.
import { execFile } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installAsAUser, type PackageName, packTarballs, scratch, userEnv } from './userProject.js';

const run = promisify(execFile);
const work = scratch();
const env = userEnv(work);
let tarballs: Record<PackageName, string>;

beforeAll(async () => {
  tarballs = await packTarballs(work);
}, 400_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const threadLevelRun =
  /^Ringer\.fromFd: ERR_DOORBELL_UNSUPPORTED\natomics: fd -1, received 200000 from 2 workers, then complete\n$/;

describe('without @doorbell/native (installed with --os=darwin): the in-process backend', () => {
  let project: string;

  beforeAll(async () => {
    ({ project } = await installAsAUser(work, 'darwin', tarballs, ['--os=darwin', '--cpu=arm64']));
  }, 200_000);

  it('is what Doorbell.create() makes: workers ring, fromDoorbell reads every count, end() completes', async () => {
    expect(existsSync(join(project, 'node_modules', '@doorbell', 'native'))).toBe(false);
    const { stdout } = await run(process.execPath, ['atomics.mjs'], { cwd: project, env, timeout: 90_000 });
    expect(stdout).toMatch(threadLevelRun);
  });

  it('is what a CommonJS program gets too', async () => {
    const program = `const { Doorbell } = require('@doorbell/core'); const bell = Doorbell.create(); bell.ring(3);
      console.log(bell.fd, bell.drain()); bell.close();`;
    const { stdout } = await run(process.execPath, ['-e', program], { cwd: project, env });
    expect(stdout).toBe('-1 3\n');
  });
});

describe('with @doorbell/native installed but no prebuild for this system: the in-process backend', () => {
  let project: string;

  beforeAll(async () => {
    ({ project } = await installAsAUser(work, 'linux', tarballs));
    // As on a musl system or a CPU with no prebuild, where nobody built the addon.
    rmSync(join(project, 'node_modules', '@doorbell', 'native', 'prebuilds'), { recursive: true });
  }, 200_000);

  it('is what Doorbell.create() makes: workers ring, fromDoorbell reads every count, end() completes', async () => {
    const { stdout } = await run(process.execPath, ['atomics.mjs'], { cwd: project, env, timeout: 90_000 });
    expect(stdout).toMatch(threadLevelRun);
  });
});
