import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

// One folder below the package, from src/ (under vitest) and from dist/ (built) alike.
const packageRoot = new URL('../', import.meta.url);

/** The C source of the helper. */
const ringerSource = fileURLToPath(new URL('native/uring-ringer.c', packageRoot));

/** Where the helper binary is built (the package's `build:native` script builds the same file). */
const ringerPath = fileURLToPath(new URL('build/uring-ringer', packageRoot));

/**
 * Builds the uring-ringer helper with `cc … -luring` when it is missing or older than its source,
 * as `pnpm --filter @doorbell/example-io-uring run build:native` does.
 * @returns the binary's path
 * @throws Error naming what to install when cc or liburing's headers are missing
 */
export async function ensureRinger(): Promise<string> {
  if (existsSync(ringerPath) && statSync(ringerPath).mtimeMs >= statSync(ringerSource).mtimeMs) return ringerPath;
  mkdirSync(dirname(ringerPath), { recursive: true });
  // Build beside it, then rename: a concurrent run never executes a half-written binary.
  const scratch = `${ringerPath}.${process.pid}.tmp`;
  try {
    await execFileAsync('cc', ['-O2', '-Wall', '-Wextra', '-o', scratch, ringerSource, '-luring']);
    renameSync(scratch, ringerPath);
  } catch (error) {
    rmSync(scratch, { force: true });
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    throw new Error(
      `could not build ${ringerPath}: it needs a C compiler and liburing (Debian: apt-get install gcc liburing-dev)\n${detail}`,
      { cause: error },
    );
  }
  return ringerPath;
}
