// The C floors of the round trip, compiled at bench time and run as children of the scenario
// process (so they inherit its CPU affinity: pinned when the scenario is):
// - c/pingpong.c: two threads, two blocking eventfds, nothing else (what the kernel costs);
// - c/uvpingpong.c: two threads each running its own libuv loop with a uv_poll on an eventfd and
//   idle-time metrics on, as Node's loops are (what any libuv event loop costs).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const benchRoot = new URL('../../../', import.meta.url); // from dist/scenarios/latency/

export type Floor = 'eventfd' | 'libuv';

const SOURCES: Readonly<Record<Floor, { file: string; binary: string; libs: readonly string[] }>> = {
  eventfd: { file: 'c/pingpong.c', binary: 'build/pingpong', libs: [] },
  libuv: { file: 'c/uvpingpong.c', binary: 'build/uvpingpong', libs: ['-luv'] },
};

const binary = (floor: Floor) => fileURLToPath(new URL(SOURCES[floor].binary, benchRoot));

/**
 * Compiles each floor with `cc -O2 -pthread` into bench/build/ (git-ignored); a note for each one
 * that could not be compiled, with the compiler's complaint.
 */
export async function compileCFloors(): Promise<string[]> {
  mkdirSync(fileURLToPath(new URL('build/', benchRoot)), { recursive: true });
  const notes: string[] = [];
  for (const [floor, { file, libs }] of Object.entries(SOURCES) as [Floor, (typeof SOURCES)[Floor]][]) {
    try {
      const source = fileURLToPath(new URL(file, benchRoot));
      await run('cc', ['-O2', '-pthread', '-Wall', '-o', binary(floor), source, ...libs]);
    } catch (error) {
      const why = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
      const hint = floor === 'libuv' ? ' (Debian: apt-get install libuv1-dev)' : '';
      notes.push(`C ${floor} floor not compiled (cc -O2 -pthread ${libs.join(' ')})${hint}: ${why}`);
    }
  }
  return notes;
}

export const cFloorAvailable = (floor: Floor): boolean => existsSync(binary(floor));

/**
 * Runs `rounds` round trips after `warmup` unrecorded ones; each round trip in ns. `split` (the
 * eventfd floor only) pins the two threads to two different CPUs; otherwise they run where the
 * scheduler puts them.
 */
export async function runCFloor(floor: Floor, rounds: number, warmup: number, split = false): Promise<number[]> {
  const args = [String(rounds + warmup), String(warmup), ...(split ? ['split'] : [])];
  const { stdout } = await run(binary(floor), args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim().split('\n').map(Number);
}
