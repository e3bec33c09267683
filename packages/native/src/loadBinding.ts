import { existsSync } from 'node:fs';
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

/**
 * Loads the addon: the file named by DOORBELL_NATIVE_PATH if set, else the way node-gyp-build
 * looks (build/Release, build/Debug, then prebuilds/<platform>-<arch>/, so a local build wins). When nothing loads, the
 * error lists every place tried and how to build.
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
  if (override) return require(override) as NativeBinding;
  try {
    const nodeGypBuild = require('node-gyp-build') as (dir: string) => unknown;
    return nodeGypBuild(packageRoot) as NativeBinding;
  } catch (cause) {
    const tried = [
      join(packageRoot, 'build', 'Release', 'doorbell.node'),
      join(packageRoot, 'build', 'Debug', 'doorbell.node'),
      join(packageRoot, 'prebuilds', `${process.platform}-${process.arch}`),
    ].map((path) => `  ${path} (${existsSync(path) ? 'present but failed to load' : 'missing'})`);
    throw new Error(
      `@doorbell/native: could not load the doorbell addon for ${process.platform}-${process.arch}, ` +
        `Node ${process.version}.\nTried:\n${tried.join('\n')}\n` +
        `Build it with \`pnpm --filter @doorbell/native build\` (needs python3, make and a C++ compiler), ` +
        `or set ${OVERRIDE_VARIABLE} to a built doorbell.node.` +
        (process.platform === 'linux' ? '' : '\ndoorbell needs Linux (eventfd).'),
      { cause },
    );
  }
}
