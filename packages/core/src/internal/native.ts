import { createRequire } from 'node:module';
import type { NativeBinding } from '@doorbell/native';
import { DoorbellUnsupportedError } from '../DoorbellUnsupportedError.js';

// The addon is loaded on first use, not on import, and its absence is an answer rather than an
// error: core then offers the in-process 'atomics' backend (macOS, Windows, musl without a build).
// @doorbell/native is an optional dependency, so the package itself may be missing too.
let loaded: { binding: NativeBinding } | { error: Error } | undefined;

function load(): { binding: NativeBinding } | { error: Error } {
  if (loaded) return loaded;
  try {
    const require = createRequire(import.meta.url);
    loaded = { binding: (require('@doorbell/native') as { binding: NativeBinding }).binding };
  } catch (error) {
    loaded = { error: error instanceof Error ? error : new Error(String(error)) };
  }
  return loaded;
}

/** The addon, or undefined where it cannot be loaded. */
export function nativeBinding(): NativeBinding | undefined {
  const result = load();
  return 'binding' in result ? result.binding : undefined;
}

/** The addon, or a DoorbellUnsupportedError saying that `feature` needs it and why it is missing. */
export function requireNative(feature: string): NativeBinding {
  const result = load();
  if ('binding' in result) return result.binding;
  throw new DoorbellUnsupportedError(
    `${feature} needs the doorbell native addon, which cannot be loaded here (${firstLine(result.error.message)}); ` +
      "in-process doorbells (backend: 'atomics') work without it",
    { cause: result.error },
  );
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}
