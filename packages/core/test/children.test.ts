import { spawn, type StdioOptions } from 'node:child_process';
import { endianness } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Doorbell } from '../src/index.js';

/** The fd a child sees the doorbell as: the fourth entry of its stdio array. */
const CHILD_FD = 3;

/** Counts that exercise every byte of the 8: 37 is '%' (printf's escape), 5e9 needs more than 32 bits. */
const COUNTS = [1n, 2n, 3n, 37n, 255n, 256n, 65_536n, 5_000_000_000n];
const TOTAL = COUNTS.reduce((sum, count) => sum + count, 0n);

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

interface Exit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a child process as a user would (without the NODE_PATH `pnpm exec` sets), handing it `fd`
 * as its fd 3 when given: spawn dup2()s stdio entries into the child, which clears close-on-exec
 * on the child's copy only.
 */
function runChild(command: string, args: string[], fd?: number): Promise<Exit> {
  const { NODE_PATH: _nodePath, LD_PRELOAD: preload, ...env } = process.env;
  // The sanitizer runtimes `pnpm test:asan` preloads are for the addon: a Node child loads it and
  // keeps them; python3 and bash do not, and would only report their own leaks at exit.
  if (preload !== undefined && command === process.execPath) env.LD_PRELOAD = preload;
  const stdio: StdioOptions = fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'pipe', 'pipe', fd];
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio, timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Hands the doorbell to a child that rings it once per count; returns the sum the watch saw. */
async function ringFromChild(command: string, args: (fd: number) => string[]): Promise<bigint> {
  using bell = Doorbell.create();
  let delivered = 0n;
  const unwatch = bell.watch(
    (count) => {
      delivered += count;
    },
    { bigint: true },
  );
  try {
    const exit = await runChild(command, args(CHILD_FD), bell.fd);
    expect(exit).toEqual({ code: 0, stdout: '', stderr: '' });
    // The child's writes are all in the kernel counter by now; they reach this thread on its next wake-up.
    await expect.poll(() => delivered).toBe(TOTAL);
    expect(bell.drain({ bigint: true })).toBe(0n);
    return delivered;
  } finally {
    unwatch();
  }
}

describe('handing a doorbell to a child process', () => {
  it('a Node child rings it with Ringer.fromFd on the fd it was handed', async () => {
    const counts = COUNTS.map(String);
    expect(await ringFromChild(process.execPath, (fd) => [fixture('fdRinger.mjs'), String(fd), ...counts])).toBe(TOTAL);
  });

  it('a Python child rings it with os.eventfd_write', async () => {
    const counts = COUNTS.map(String);
    expect(await ringFromChild('python3', (fd) => [fixture('fdRinger.py'), String(fd), ...counts])).toBe(TOTAL);
  });

  it("a bash child rings it by printf-ing 8 raw bytes in the machine's byte order", async () => {
    const counts = COUNTS.map(String);
    const order = endianness();
    expect(await ringFromChild('bash', (fd) => [fixture('fdRinger.sh'), String(fd), order, ...counts])).toBe(TOTAL);
  });

  it("the fd is close-on-exec: only a child it is handed to has it, and handing it over leaves the parent's copy close-on-exec", async () => {
    using bell = Doorbell.create();
    const eventfdsIn = async (fd?: number): Promise<number[]> => {
      const exit = await runChild('python3', [fixture('listEventfds.py')], fd);
      expect(exit.stderr).toBe('');
      expect(exit.code).toBe(0);
      return JSON.parse(exit.stdout) as number[];
    };

    expect(await eventfdsIn()).toEqual([]);
    expect(await eventfdsIn(bell.fd)).toEqual([CHILD_FD]);
    expect(await eventfdsIn()).toEqual([]);
  });
});
