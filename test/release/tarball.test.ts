import { existsSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  arm64Node,
  installAsAUser,
  type PackageName,
  packages,
  packTarballs,
  prebuildName,
  run,
  scratch,
  toolchain,
  userEnv,
} from './userProject.js';

const work = scratch();
const env = userEnv(work);
let tarballs: Record<PackageName, string>;

beforeAll(async () => {
  tarballs = await packTarballs(work);
}, 400_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

function manifest(project: string, name: PackageName) {
  return JSON.parse(readFileSync(join(project, 'node_modules', '@doorbell', name, 'package.json'), 'utf8'));
}

async function prebuildLoaded(node: string[], project: string): Promise<string> {
  const native = join(project, 'node_modules', '@doorbell', 'native');
  const [command, ...args] = node as [string, ...string[]];
  const { stdout } = await run(command, [...args, '-p', `require('node-gyp-build').path(${JSON.stringify(native)})`], {
    cwd: project,
    env,
  });
  return realpathSync(stdout.trim());
}

describe('the packed tarballs, installed with plain npm in a new project on a machine without a compiler', () => {
  let project: string;
  let npmOutput: string;

  beforeAll(async () => {
    ({ project, npmOutput } = await installAsAUser(work, 'x64', tarballs));
  }, 200_000);

  it('carry a LICENSE each, both prebuilds in @doorbell/native, and real versions for workspace: and catalog:', () => {
    for (const name of packages) {
      expect(readFileSync(join(project, 'node_modules', '@doorbell', name, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
    }
    const native = join(project, 'node_modules', '@doorbell', 'native');
    for (const arch of ['x64', 'arm64']) {
      expect(existsSync(join(native, 'prebuilds', `linux-${arch}`, prebuildName)), arch).toBe(true);
    }
    const version = manifest(project, 'native').version;
    expect(manifest(project, 'core').optionalDependencies).toEqual({ '@doorbell/native': version });
    expect(manifest(project, 'core').dependencies).toBeUndefined();
    expect(manifest(project, 'rx').peerDependencies).toEqual({ '@doorbell/core': `^${version}`, rxjs: '^7.8.0' });
    for (const name of packages) {
      const { dependencies = {}, optionalDependencies = {}, peerDependencies = {} } = manifest(project, name);
      expect(Object.values({ ...dependencies, ...optionalDependencies, ...peerDependencies })).not.toContainEqual(
        expect.stringMatching(/^(catalog|workspace):/),
      );
    }
  });

  it('carry the metadata a registry page and a bundler need', () => {
    for (const name of packages) {
      const pkg = manifest(project, name);
      expect(pkg.repository).toMatchObject({ type: 'git', directory: `packages/${name}` });
      expect(pkg.homepage).toEqual(expect.any(String));
      expect(pkg.bugs).toMatchObject({ url: expect.any(String) });
      expect(pkg.keywords.length).toBeGreaterThan(0);
      expect(pkg.publishConfig).toEqual({ access: 'public' });
      expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0');
      expect(pkg).toMatchObject({ main: './dist/index.js', types: './dist/index.d.ts' });
      expect(pkg.exports['./package.json']).toBe('./package.json');
    }
  });

  it('ship source maps whose sources resolve inside the installed package', () => {
    for (const name of packages) {
      const dist = join(project, 'node_modules', '@doorbell', name, 'dist');
      const maps = readdirSync(dist).filter((file) => file.endsWith('.map'));
      expect(maps.length, name).toBeGreaterThan(0);
      for (const map of maps) {
        for (const source of JSON.parse(readFileSync(join(dist, map), 'utf8')).sources as string[]) {
          expect(existsSync(join(dist, source)), `${name}/dist/${map} -> ${source}`).toBe(true);
        }
      }
    }
  });

  it('hides every compiler, make and python from the install', () => {
    expect(readdirSync(join(work, 'bin')).sort()).toEqual(['node', 'npm', 'sh']);
    for (const dir of (env.PATH ?? '').split(delimiter)) {
      for (const tool of toolchain) expect(existsSync(join(dir, tool)), `${tool} in ${dir}`).toBe(false);
    }
  });

  it('installs without compiling: no build/ in @doorbell/native, and the x64 glibc prebuild is what loads', async () => {
    expect(npmOutput).not.toMatch(/gyp info|node-gyp rebuild/);
    const native = join(project, 'node_modules', '@doorbell', 'native');
    expect(existsSync(join(native, 'build'))).toBe(false);
    expect(await prebuildLoaded([process.execPath], project)).toBe(
      realpathSync(join(native, 'prebuilds', `linux-${process.arch}`, prebuildName)),
    );
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

describe('installed with `npm install --cpu=arm64` and no install scripts, and run by Node for arm64 under qemu', () => {
  let project: string;
  let arm64: string[];

  beforeAll(async () => {
    // --ignore-scripts: what npm 12 does to a dependency's install script nobody approved.
    ({ project } = await installAsAUser(work, 'arm64', tarballs, [
      '--cpu=arm64',
      '--os=linux',
      '--libc=glibc',
      '--ignore-scripts',
    ]));
    const { qemu, node, sysroot } = await arm64Node();
    arm64 = [qemu, '-L', sysroot, node];
  }, 400_000);

  it('loads the arm64 glibc prebuild', async () => {
    const native = join(project, 'node_modules', '@doorbell', 'native');
    expect(await prebuildLoaded(arm64, project)).toBe(
      realpathSync(join(native, 'prebuilds', 'linux-arm64', prebuildName)),
    );
  });

  it('runs the ESM program on arm64: a worker rings, fromDoorbell reads every count', async () => {
    const [qemu, ...args] = arm64 as [string, ...string[]];
    const { stdout } = await run(qemu, [...args, '-p', 'process.arch'], { cwd: project, env });
    expect(stdout).toBe('arm64\n');
    const ring = await run(qemu, [...args, 'ring.mjs'], { cwd: project, env, timeout: 120_000 });
    expect(ring.stdout).toMatch(/^esm: received 5050 in \d+ wake-ups, then complete\n$/);
  });
});

describe('installed on another OS (`npm install --os=darwin`): the addon is left out, the install succeeds', () => {
  let project: string;

  beforeAll(async () => {
    ({ project } = await installAsAUser(work, 'darwin', tarballs, ['--os=darwin', '--cpu=arm64']));
  }, 200_000);

  it('installs core and rx without @doorbell/native', () => {
    expect(existsSync(join(project, 'node_modules', '@doorbell', 'core', 'package.json'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', '@doorbell', 'rx', 'package.json'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', '@doorbell', 'native'))).toBe(false);
  });
});
