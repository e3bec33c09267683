import { execFile } from 'node:child_process';
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

// What a user gets from the registry, end to end: both prebuilds (scripts/prebuilds), each package
// packed with `pnpm pack`, and the tarballs installed with plain `npm install` into a new project
// outside the workspace, on a PATH with node, npm and sh and no compiler, make or python.

export const run = promisify(execFile);
export const repo = fileURLToPath(new URL('../../', import.meta.url));
export const nativeRoot = join(repo, 'packages', 'native');
export const packages = ['native', 'core', 'rx'] as const;
export type PackageName = (typeof packages)[number];
/** What node-gyp would need to build the addon from source. */
export const toolchain = ['cc', 'c++', 'gcc', 'g++', 'clang', 'clang++', 'make', 'gmake', 'python', 'python3'];
export const prebuildName = '@doorbell+native.glibc.node';

/** The first executable called `name` on the current PATH. */
export function which(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return realpathSync(path);
    } catch {}
  }
  throw new Error(`${name} is not on PATH`);
}

/** What pnpm, vitest and the sanitizer and arm64 runs add to the environment, and a user's shell lacks. */
const notAUsers = /^(npm_|pnpm_|PNPM_|NODE_PATH$|NODE_OPTIONS$|INIT_CWD$|LD_PRELOAD$|DOORBELL_|[AL]SAN_|UBSAN_|VITEST)/;

/** The environment of a user's shell, with a PATH of node, npm and sh only (made under `work`). */
export function userEnv(work: string): NodeJS.ProcessEnv {
  const bin = join(work, 'bin');
  if (!existsSync(bin)) {
    mkdirSync(bin);
    for (const [name, target] of [
      ['node', process.execPath],
      ['npm', which('npm')],
      ['sh', which('sh')],
    ] as const) {
      symlinkSync(target, join(bin, name));
    }
  }
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !notAUsers.test(name)));
  return { ...env, PATH: bin };
}

/** A scratch folder that the caller removes with `rmSync(work, { recursive: true })`. */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'doorbell-release-'));
}

/**
 * Both prebuilds into packages/native/prebuilds, then the three tarballs into `<work>/tarballs`.
 * The prebuilds are made in copies of the package's sources (scripts/prebuilds), so the local build
 * that other test files are loading stays where it is.
 */
export async function packTarballs(work: string): Promise<Record<PackageName, string>> {
  for (const name of packages) {
    if (!existsSync(join(repo, 'packages', name, 'dist', 'index.js'))) {
      throw new Error(`packages/${name}/dist is missing: run \`pnpm build\` first`);
    }
  }
  const staging = join(work, 'staging');
  mkdirSync(staging);
  await run('bash', [join(repo, 'scripts', 'prebuilds'), 'x64', 'arm64'], {
    env: { ...process.env, PREBUILDS_OUT: staging },
    timeout: 240_000,
  });
  rmSync(join(nativeRoot, 'prebuilds'), { recursive: true, force: true });
  cpSync(join(staging, 'prebuilds'), join(nativeRoot, 'prebuilds'), { recursive: true });

  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  const files = {} as Record<PackageName, string>;
  for (const name of packages) {
    const before = new Set(readdirSync(tarballs));
    await run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(repo, 'packages', name), timeout: 60_000 });
    const made = readdirSync(tarballs).find((file) => !before.has(file));
    if (!made) throw new Error(`pnpm pack made no tarball for ${name}`);
    files[name] = join(tarballs, made);
  }
  return files;
}

/**
 * A new project under `work` that installs @doorbell/core, @doorbell/rx and rxjs as a user would,
 * from the tarballs: @doorbell/native comes in as core's optional dependency (an `overrides` entry
 * points its name at the tarball, where the registry would have served it). `npmArgs` go to
 * `npm install` (`--cpu=arm64`, `--os=darwin`, `--ignore-scripts`...). Returns the project's folder
 * and what npm printed.
 */
export async function installAsAUser(
  work: string,
  name: string,
  tarballs: Record<PackageName, string>,
  npmArgs: string[] = [],
): Promise<{ project: string; npmOutput: string }> {
  const project = join(work, name);
  mkdirSync(project);
  const manifest = {
    name: `doorbell-user-${name}`,
    version: '1.0.0',
    private: true,
    overrides: { '@doorbell/native': `file:${tarballs.native}` },
  };
  writeFileSync(join(project, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const fixture of readdirSync(fileURLToPath(new URL('./fixtures/', import.meta.url)))) {
    cpSync(fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url)), join(project, fixture));
  }
  const args = ['install', '--no-audit', '--no-fund', '--foreground-scripts', ...npmArgs];
  const { stdout, stderr } = await run('npm', [...args, tarballs.core, tarballs.rx, 'rxjs@7.8.2'], {
    cwd: project,
    env: userEnv(work),
    timeout: 180_000,
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`npm install failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
  });
  return { project, npmOutput: stdout + stderr };
}

/** Node for arm64 (the host's version) and the path of qemu-aarch64, from scripts/arm64/install. */
export async function arm64Node(): Promise<{ qemu: string; node: string; sysroot: string }> {
  const { stdout } = await run('bash', [join(repo, 'scripts', 'arm64', 'install')], { timeout: 300_000 });
  return { qemu: which('qemu-aarch64'), node: stdout.trim(), sysroot: '/usr/aarch64-linux-gnu' };
}
