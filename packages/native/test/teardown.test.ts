import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname;

// Runs a fixture in a plain node process: whatever it exits with (a signal, too) is the result.
function runNode(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { timeout: 240_000, env }, (error, stdout, stderr) => {
      const failure = error as (Error & { code?: number; signal?: string }) | null;
      resolve({ code: failure ? (failure.code ?? null) : 0, signal: failure?.signal ?? null, stdout, stderr });
    });
  });
}

describe('worker teardown', () => {
  it('terminating a worker in the middle of any binding call never aborts the process', async () => {
    // Each round terminates one worker per entry point (drain, ring, watch/unwatch, open/close,
    // createEventfd, createPipe, adoptSocket, adoptEventfd, fdKind, a call that throws) 0-3 ms into its loop.
    const rounds = process.env.DOORBELL_TEARDOWN_ROUNDS ?? '25';
    const result = await runNode([fixture('terminateEntryPoints.mjs'), rounds]);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, signal: null, stdout: 'ok\n' });
  });
});

describe('a worker that ends while it watches, in a process whose main thread never loaded the addon', () => {
  it('never crashes the process, however the worker ends', async () => {
    // Each round: the worker returns with an unref'd watch (also during a flood hold), unwatches,
    // closes, calls process.exit, throws, or is terminated; on the eventfd and pipe backends.
    const result = await runNode([fixture('workersEndWithoutAddon.mjs'), '3']);
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, signal: null, stdout: 'ok\n' });
  });

  it('never crashes the process when it exits while a worker still watches', async () => {
    // process.exit with a worker still running leaves V8's heap of that worker unfreed: under
    // LeakSanitizer (scripts/test-asan) that is node's, not the addon's, so leaks are not checked.
    const asanOptions = `${process.env.ASAN_OPTIONS ?? ''}:detect_leaks=0`;
    const result = await runNode([fixture('workersEndWithoutAddon.mjs'), '0', 'exit-while-watching'], {
      ...process.env,
      ASAN_OPTIONS: asanOptions,
    });
    expect(result.stderr).toBe('');
    expect(result).toMatchObject({ code: 0, signal: null, stdout: 'ok\n' });
  });
});
