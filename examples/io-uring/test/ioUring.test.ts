import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPlainNode } from '@doorbell/test-support';
import { IO_URING_UNAVAILABLE, ringFromIoUring } from '../src/ringFromIoUring.js';

const demo = fileURLToPath(new URL('../dist/main.js', import.meta.url));

// Builds the helper if it is missing (a build failure fails this file: CI installs liburing-dev),
// then asks it whether io_uring works here at all: some sandboxes disable it.
const probe = await ringFromIoUring(['probe']);
const unavailable = probe.code === IO_URING_UNAVAILABLE ? probe.stderr.trim() : undefined;
const available = unavailable === undefined;
if (!available)
  console.warn(
    `examples/io-uring: the io_uring tests cannot run on this machine (kernel ${release()}): ${unavailable}`,
  );

describe('io_uring completions ring a doorbell', () => {
  it.runIf(!available)(
    `io_uring is unavailable here, so the kernel cannot ring: ${unavailable ?? '(it is available)'}`,
    () => {
      expect(unavailable).toMatch(/^io_uring is unavailable here: io_uring_queue_init: .+ \((ENOSYS|EPERM)\)$/);
    },
  );

  it.runIf(available)('the probe sets up a ring with the doorbell registered, and posts nothing', () => {
    expect(probe).toMatchObject({ code: 0, stderr: '', lines: ['io_uring is available'], total: 0 });
  });

  it.runIf(available)(
    "10 NOPs in one submit call: the kernel signals the eventfd once, so the doorbell's total is 1",
    async () => {
      const run = await ringFromIoUring(['nops', '10', '1']);
      expect(run).toMatchObject({ code: 0, stderr: '', submits: 1, completions: 10, total: 1 });
    },
  );

  it.runIf(available)('10 NOPs in 10 submit calls, each waited for: once per call, so the total is 10', async () => {
    const run = await ringFromIoUring(['nops', '10', '10']);
    expect(run).toMatchObject({ code: 0, stderr: '', submits: 10, completions: 10, total: 10 });
  });

  it.runIf(available)(
    'reading files: every byte arrives, and the kernel signals at least once per submit call and at most once per completion',
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'doorbell-io-uring-'));
      try {
        const files = [join(folder, 'empty'), join(folder, 'small'), join(folder, 'large')];
        writeFileSync(files[0]!, '');
        writeFileSync(files[1]!, 'ring\n');
        writeFileSync(files[2]!, Buffer.alloc(300_000, 7)); // 5 reads of up to 64 KiB
        const run = await ringFromIoUring(['read', ...files]);

        expect(run.code, run.stderr).toBe(0);
        for (const file of files) expect(run.lines).toContain(`read ${file}: ${statSync(file).size} bytes`);
        // Each file's last read returns 0 (end of file): 1 + 2 + 6 reads, in 6 rounds of one submit call.
        expect(run.submits).toBe(6);
        expect(run.completions).toBe(1 + 2 + 6);
        expect(run.total).toBeGreaterThanOrEqual(run.submits);
        expect(run.total).toBeLessThanOrEqual(run.completions);
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  );

  it.runIf(available)("the demo shows each run's completions and the signals fromDoorbell saw", async () => {
    expect(existsSync(demo), `${demo} is missing: run \`pnpm run build\` first`).toBe(true);
    const { code, stdout, stderr } = await runPlainNode([demo, 'nops', '10', '10']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('uring-ringer │ submit 10: 1 NOP, 1 completion');
    expect(stdout).toMatch(
      /^ {2}10 completions from 10 submit calls: the kernel signalled the eventfd 10 times \(fromDoorbell emitted \d+ counts?: [\d, ]+\)$/m,
    );
  });

  it("the demo rejects bad arguments with the helper's message and exit code 2", async () => {
    expect(existsSync(demo), `${demo} is missing: run \`pnpm run build\` first`).toBe(true);
    const { code, stderr } = await runPlainNode([demo, 'nops', '10', '11']);
    expect(code).toBe(2);
    expect(stderr).toContain('nops takes 1 <= submits <= count <= 4096; got 10 11');
    expect(stderr).toContain('usage: node examples/io-uring/dist/main.js');
  });
});
