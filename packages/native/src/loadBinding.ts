import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NativeBinding, ReceiverConstructor } from './NativeBinding.js';

const require = createRequire(import.meta.url);
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Set to the path of a `.node` file to load that build instead (a sanitizer build, say).
 *
 * @example
 * ```ts
 * import { OVERRIDE_VARIABLE } from '@doorbell/native';
 * console.log(`${OVERRIDE_VARIABLE}=packages/native/build/Debug/doorbell.node node app.js`);
 * ```
 */
export const OVERRIDE_VARIABLE = 'DOORBELL_NATIVE_PATH';

/** The platforms the package ships a prebuild for (both glibc). */
const PREBUILT_PLATFORMS = ['linux-x64', 'linux-arm64'] as const;

type NodeGypBuild = { resolve(dir: string): string };

/**
 * Loads the addon: the file named by DOORBELL_NATIVE_PATH if set, else what node-gyp-build finds,
 * in its order: a local build (build/Release, then build/Debug), then the prebuild in
 * prebuilds/<platform>-<arch>/ whose tags match this system, then prebuilds/ beside the node
 * binary. A prebuild tagged glibc is never loaded on a musl system (node-gyp-build only knows
 * Alpine's musl). When nothing loads, the error lists every place tried and what the user can do.
 *
 * @example
 * ```ts
 * import { loadBinding } from '@doorbell/native';
 * const binding = loadBinding();
 * console.log(binding.stateBytes);
 * ```
 */
export function loadBinding(): NativeBinding {
  return withReceiverShim(loadAddon());
}

// Until core calls the named factories: the former `new Receiver(...)` shapes, mapped onto them.
function withReceiverShim(addon: Omit<NativeBinding, 'Receiver'>): NativeBinding {
  if ('Receiver' in addon) return addon as NativeBinding; // loaded before, on this thread
  function Receiver(first: Int32Array | 'socket', second: boolean | number | 'pipe', readFd?: number) {
    if (first === 'socket') return addon.adoptSocket(second as number);
    if (second === 'pipe') return addon.createPipe(first);
    if (typeof second === 'boolean') return addon.createEventfd(first, second);
    return addon.openReceiver(first, second as number, readFd ?? -1);
  }
  return Object.assign(addon, { Receiver: Receiver as unknown as ReceiverConstructor });
}

function loadAddon(): Omit<NativeBinding, 'Receiver'> {
  const override = process.env[OVERRIDE_VARIABLE];
  if (override) {
    try {
      return require(override) as NativeBinding;
    } catch (cause) {
      throw new Error(failureMessage([`  ${OVERRIDE_VARIABLE}=${override} (${reason(cause)})`]), { cause });
    }
  }
  let file: string | undefined;
  try {
    file = (require('node-gyp-build') as NodeGypBuild).resolve(packageRoot);
    const tagged = libcTag(file);
    if (tagged && tagged !== runningLibc()) throw new Error(`built for ${tagged}, this system is ${runningLibc()}`);
    return require(file) as NativeBinding;
  } catch (cause) {
    throw new Error(failureMessage(placesTried(file, cause)), { cause });
  }
}

/** Every place node-gyp-build looks, in its order, with what stood in the way at each. */
function placesTried(chosen: string | undefined, cause: unknown): string[] {
  const places = [
    { dir: join(packageRoot, 'build', 'Release'), empty: join(packageRoot, 'build', 'Release', 'doorbell.node') },
    { dir: join(packageRoot, 'build', 'Debug'), empty: join(packageRoot, 'build', 'Debug', 'doorbell.node') },
    ...[packageRoot, dirname(process.execPath)].map((root) => {
      const dir = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
      return { dir, empty: dir };
    }),
  ];
  const lines = [`  ${OVERRIDE_VARIABLE} (not set)`];
  let passed = false;
  for (const { dir, empty } of places) {
    const files = nodeFiles(dir);
    if (files.length === 0) lines.push(`  ${empty} (missing)`);
    for (const file of files) {
      lines.push(`  ${file} (${passed ? 'not tried' : verdict(file, chosen, cause)})`);
      if (file === chosen) passed = true;
    }
  }
  return lines;
}

function verdict(file: string, chosen: string | undefined, cause: unknown): string {
  const tagged = libcTag(file);
  if (tagged && tagged !== runningLibc()) return `built for ${tagged}, this system is ${runningLibc()}`;
  if (file === chosen) return `failed to load: ${reason(cause)}`;
  return 'tags do not match this Node';
}

function failureMessage(tried: string[]): string {
  const platform = `${process.platform}-${process.arch}`;
  const system = process.platform === 'linux' ? `${platform} (${runningLibc()})` : platform;
  const prebuilt = PREBUILT_PLATFORMS.map((name) => `${name} (glibc)`).join(' and ');
  const lines = [
    `@doorbell/native: could not load the doorbell addon for ${system}, Node ${process.version}.`,
    'Tried, in this order:',
    ...tried,
    `Prebuilds ship for ${prebuilt}. What you can do in your project:`,
  ];
  if (process.platform === 'linux') {
    lines.push(
      '  - build it from source, which needs python3, make and a C++ compiler (Debian/Ubuntu: apt-get install',
      '    python3 make g++; Alpine: apk add python3 make g++):',
      '      npm rebuild @doorbell/native --build-from-source',
      '    (npm 12 runs an install script only once allowed: npm approve-scripts @doorbell/native);',
    );
  } else {
    lines.push(`  - nothing to build: the addon needs Linux (eventfd), and this is ${process.platform};`);
  }
  lines.push(
    "  - or use the in-process backend, which needs no addon: Doorbell.create({ backend: 'atomics' })",
    '    (@doorbell/core uses it by default where this addon cannot load; threads of one process only);',
    `  - or set ${OVERRIDE_VARIABLE} to a doorbell.node built for this system.`,
  );
  return lines.join('\n');
}

function nodeFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.node'))
    .map((name) => join(dir, name));
}

/** The libc a prebuild's name is tagged with (prebuildify --tag-libc); a local build has none. */
function libcTag(file: string): 'glibc' | 'musl' | undefined {
  return /\.(glibc|musl)\.node$/.exec(file)?.[1] as 'glibc' | 'musl' | undefined;
}

let libc: 'glibc' | 'musl' | undefined;

/**
 * The C library this process runs on, read from its own mappings (node-gyp-build only checks for
 * Alpine): musl's loader or glibc's libc by name, else (musl installed as a plain libc.so, as on
 * Void) whether Node reports a glibc version, which costs a process report (about 10 ms).
 */
function runningLibc(): 'glibc' | 'musl' {
  if (libc === undefined) {
    let maps = '';
    try {
      maps = readFileSync('/proc/self/maps', 'latin1');
    } catch {}
    if (/\/ld-musl-|\/libc\.musl-/.test(maps)) libc = 'musl';
    else if (/\/libc(\.so\.6|-2\.\d+\.so)$/m.test(maps)) libc = 'glibc';
    else libc = glibcVersionReported() ? 'glibc' : 'musl';
  }
  return libc;
}

function glibcVersionReported(): boolean {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime !== undefined;
}

function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim();
}
