// The C eventfd ping-pong floor: compiled at bench time, run as a child of the scenario process
// (so it inherits that process's CPU affinity: pinned when the scenario is).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const benchRoot = new URL('../../../', import.meta.url); // from dist/scenarios/latency/
const source = fileURLToPath(new URL('c/pingpong.c', benchRoot));
/** bench/build/pingpong (bench/build/ is git-ignored). */
export const cFloorBinary = fileURLToPath(new URL('build/pingpong', benchRoot));

/** Compiles bench/c/pingpong.c with `cc -O2 -pthread`; the compiler's complaint when it cannot. */
export async function compileCFloor(): Promise<string | undefined> {
  mkdirSync(fileURLToPath(new URL('build/', benchRoot)), { recursive: true });
  try {
    await run('cc', ['-O2', '-pthread', '-Wall', '-o', cFloorBinary, source]);
    return undefined;
  } catch (error) {
    return (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
  }
}

export const cFloorAvailable = (): boolean => existsSync(cFloorBinary);

/**
 * Runs `rounds` round trips after `warmup` unrecorded ones; each round trip in ns. `split` pins
 * the two threads to two different CPUs; otherwise they run where the scheduler puts them.
 */
export async function runCFloor(rounds: number, warmup: number, split = false): Promise<number[]> {
  const args = [String(rounds + warmup), String(warmup), ...(split ? ['split'] : [])];
  const { stdout } = await run(cFloorBinary, args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim().split('\n').map(Number);
}
