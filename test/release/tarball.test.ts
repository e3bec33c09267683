import { execFile } from 'node:child_process';
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What a user gets from the registry, end to end: the addon prebuilt with prebuildify, each
// package packed with `pnpm pack`, and the three tarballs (plus rxjs from the registry) installed
// with plain `npm install` into a new project outside the workspace, on a PATH with no compiler,
// make or python, so that installing can only succeed by loading the prebuild.

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const nativeRoot = join(repo, 'packages', 'native');
const prebuildName = '@doorbell+native.node';
const prebuildDir = join('prebuilds', `${process.platform}-${process.arch}`);
const packages = ['native', 'core', 'rx'] as const;
/** What node-gyp would need to build the addon from source. */
const toolchain = ['cc', 'c++', 'gcc', 'g++', 'clang', 'clang++', 'make', 'gmake', 'python', 'python3'];

/** The first executable called `name` on the current PATH. */
function which(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return realpathSync(path);
    } catch {}
  }
  throw new Error(`${name} is not on PATH`);
}

/** What pnpm, vitest and the sanitizer run add to the environment, and a user's shell lacks. */
const notAUsers = /^(npm_|pnpm_|PNPM_|NODE_PATH$|NODE_OPTIONS$|INIT_CWD$|LD_PRELOAD$|DOORBELL_|[AL]SAN_|UBSAN_|VITEST)/;

/** The environment of a user's shell, with `PATH`. */
function userEnv(PATH: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !notAUsers.test(name)));
  return { ...env, PATH };
}

describe('the packed tarballs, installed with plain npm in a new project on a machine without a compiler', () => {
  const work = mkdtempSync(join(tmpdir(), 'doorbell-release-'));
  const tarballs = join(work, 'tarballs');
  const project = join(work, 'project');
  const bin = join(work, 'bin');
  const env = userEnv(bin);
  const installed = join(project, 'node_modules', '@doorbell', 'native');
  let npmOutput = '';

  beforeAll(async () => {
    for (const name of packages) {
      if (!existsSync(join(repo, 'packages', name, 'dist', 'index.js'))) {
        throw new Error(`packages/${name}/dist is missing: run \`pnpm build\` first`);
      }
    }

    // 1. The prebuild, with the package's own script, from a copy of its sources: prebuildify runs
    // `node-gyp rebuild` and moves the result out of build/Release, which would pull the addon
    // from under the other test files running now.
    const staging = join(work, 'staging');
    mkdirSync(staging);
    for (const name of ['package.json', 'binding.gyp', 'src']) {
      cpSync(join(nativeRoot, name), join(staging, name), { recursive: true });
    }
    symlinkSync(join(nativeRoot, 'node_modules'), join(staging, 'node_modules'));
    await run('pnpm', ['run', 'build:prebuilds', '--cwd', staging, '--out', staging], {
      cwd: nativeRoot,
      timeout: 120_000,
    });
    rmSync(join(nativeRoot, 'prebuilds'), { recursive: true, force: true });
    cpSync(join(staging, 'prebuilds'), join(nativeRoot, 'prebuilds'), { recursive: true });

    // 2. The tarballs.
    mkdirSync(tarballs);
    for (const name of packages) {
      await run('pnpm', ['pack', '--pack-destination', tarballs], {
        cwd: join(repo, 'packages', name),
        timeout: 60_000,
      });
    }

    // 3. A PATH with node, npm and sh, and nothing else.
    mkdirSync(bin);
    for (const [name, target] of [
      ['node', process.execPath],
      ['npm', which('npm')],
      ['sh', which('sh')],
    ] as const) {
      symlinkSync(target, join(bin, name));
    }

    // 4. A new project, and plain `npm install` of the three tarballs and rxjs.
    mkdirSync(project);
    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'doorbell-user', version: '1.0.0', private: true }, null, 2)}\n`,
    );
    for (const name of ['ring.mjs', 'ring.cjs']) {
      cpSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)), join(project, name));
    }
    const files = readdirSync(tarballs).map((file) => join(tarballs, file));
    const { stdout, stderr } = await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--foreground-scripts', ...files, 'rxjs@7.8.2'],
      { cwd: project, env, timeout: 180_000 },
    ).catch((error: { stdout?: string; stderr?: string; message: string }) => {
      throw new Error(`npm install failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
    });
    npmOutput = stdout + stderr;
  }, 400_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('packs the prebuild with the addon, and workspace: and catalog: versions as real ones', () => {
    const native = readdirSync(tarballs).find((file) => file.startsWith('doorbell-native-'));
    expect(native).toBeDefined();
    expect(existsSync(join(installed, prebuildDir, prebuildName))).toBe(true);
    const core = JSON.parse(readFileSync(join(project, 'node_modules', '@doorbell', 'core', 'package.json'), 'utf8'));
    const nativeManifest = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    expect(core.dependencies['@doorbell/native']).toBe(nativeManifest.version);
    expect(Object.values(nativeManifest.dependencies as Record<string, string>)).not.toContainEqual(
      expect.stringMatching(/^(catalog|workspace):/),
    );
  });

  it('hides every compiler, make and python from the install', () => {
    expect(readdirSync(bin).sort()).toEqual(['node', 'npm', 'sh']);
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      for (const tool of toolchain) expect(existsSync(join(dir, tool)), `${tool} in ${dir}`).toBe(false);
    }
  });

  it('installs without compiling: no build/ in @doorbell/native, and the prebuild is what loads', async () => {
    expect(npmOutput).not.toMatch(/gyp info|node-gyp rebuild/);
    expect(existsSync(join(installed, 'build'))).toBe(false);
    const { stdout } = await run(
      process.execPath,
      ['-p', `require('node-gyp-build').path(${JSON.stringify(installed)})`],
      { cwd: project, env },
    );
    expect(realpathSync(stdout.trim())).toBe(realpathSync(join(installed, prebuildDir, prebuildName)));
  });

  it('runs an ESM program that rings from a worker and reads the count through fromDoorbell', async () => {
    const { stdout } = await run(process.execPath, ['ring.mjs'], { cwd: project, env, timeout: 30_000 });
    expect(stdout).toMatch(/^esm: received 5050 in \d+ wake-ups, then complete\n$/);
  });

  it('runs a CommonJS program that rings from a worker and reads the count through fromDoorbell', async () => {
    const { stdout } = await run(process.execPath, ['ring.cjs'], { cwd: project, env, timeout: 30_000 });
    expect(stdout).toMatch(/^cjs: received 5050 in \d+ wake-ups, then complete\n$/);
  });
});
