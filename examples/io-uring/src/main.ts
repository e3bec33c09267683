// io_uring as a ringer: a child process registers a doorbell's eventfd with io_uring, and the kernel
// signals it as it posts completions. This thread watches the doorbell with fromDoorbell and shows
// how many signals the kernel sent for how many completions.
import { fileURLToPath } from 'node:url';
import { IO_URING_UNAVAILABLE, type IoUringRun, ringFromIoUring } from './ringFromIoUring.js';

const USAGE = `usage: node examples/io-uring/dist/main.js [nops <count> <submits> [async] | read <file>...]

  (no arguments)                  a tour: nops 10 1, nops 10 10, then read two files
  nops <count> <submits> [async]  <count> NOPs spread over <submits> submit calls, each waited
                                  for; async: each NOP flagged IOSQE_ASYNC (run by a kernel worker)
  read <file>...                  read the files through io_uring, 64 KiB per request, one submit
                                  call per round`;

/** Whether the arguments have a shape uring-ringer takes (it checks the numbers itself). */
function wellFormed(args: readonly string[]): boolean {
  if (args[0] === 'nops') return args.length === 3 || (args.length === 4 && args[3] === 'async');
  return args[0] === 'read' && args.length >= 2;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Runs uring-ringer once, printing its lines and the doorbell's counts as they come. */
async function show(args: readonly string[]): Promise<IoUringRun> {
  console.log(`$ uring-ringer ${args.join(' ')}`);
  const run = await ringFromIoUring(args, {
    onLine: (line) => {
      if (!line.startsWith('summary ')) console.log(`  uring-ringer │ ${line}`);
    },
    onCount: (count) => console.log(`  doorbell     │ +${count}`),
  });
  if (run.code === 0) {
    console.log(
      `  ${plural(run.completions, 'completion')} from ${plural(run.submits, 'submit call')}: ` +
        `the kernel signalled the eventfd ${plural(run.total, 'time')} ` +
        `(fromDoorbell emitted ${plural(run.notifications.length, 'count')}: ${run.notifications.join(', ') || 'none'})\n`,
    );
  }
  return run;
}

function exitCodeOf(run: IoUringRun): number {
  if (run.code === 0) return 0;
  if (run.code === IO_URING_UNAVAILABLE) {
    console.error(
      `io-uring: io_uring is unavailable on this machine, so the kernel cannot ring here.\n${run.stderr.trim()}`,
    );
    return 3;
  }
  if (run.code === 2) {
    console.error(`io-uring: ${run.stderr.trim()}\n\n${USAGE}`);
    return 2;
  }
  console.error(`io-uring: uring-ringer failed (exit code ${run.code}): ${run.stderr.trim()}`);
  return 1;
}

const args = process.argv.slice(2);
if (args[0] === '--help' || args[0] === '-h') {
  console.log(USAGE);
} else if (args.length > 0 && !wellFormed(args)) {
  console.error(`io-uring: unknown arguments: ${args.join(' ')}\n\n${USAGE}`);
  process.exitCode = 2;
} else {
  console.log(
    "io-uring: a child process registers a doorbell's eventfd (its fd 3) with io_uring;\n" +
      'the kernel rings the doorbell as it posts completions.\n',
  );
  const ownFiles = ['package.json', 'native/uring-ringer.c'].map((name) =>
    fileURLToPath(new URL(`../${name}`, import.meta.url)),
  );
  const runs =
    args.length > 0
      ? [args]
      : [
          ['nops', '10', '1'],
          ['nops', '10', '10'],
          ['read', ...ownFiles],
        ];
  for (const runArgs of runs) {
    const code = exitCodeOf(await show(runArgs));
    if (code !== 0) {
      process.exitCode = code;
      break;
    }
  }
}
