// The runner: `node bench/dist/run.js [--quick] [--out DIR] [--only ID,…] [--note TEXT]`. Starts
// one child process per scenario (pinned ones under taskset), prints each rep as it arrives, then
// writes bench/results/<date>/ and a copy of it in bench/results/latest/.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpus, loadavg, release } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FULL, type Plan, QUICK } from './Plan.js';
import type { ChildMessage, Rep } from './Rep.js';
import type { Meta } from './Meta.js';
import type { Scenario, ScenarioProcess } from './Scenario.js';
import { SCENARIOS } from './scenarios.js';
import { writeResults } from './writeResults.js';

const PROCESS_IDS = SCENARIOS.flatMap((s) => s.processes.map((p) => p.id));

const USAGE = `usage: pnpm bench [--quick] [--out DIR] [--only ID,...]

  --quick      smoke run (well under a minute): checks the harness, not the figures
  --out DIR    write DIR/<date>/ and DIR/latest/ (env DOORBELL_BENCH_OUT; default bench/results,
               or bench/results/quick with --quick)
  --only IDS   run only these scenarios (today's results directory then holds only them):
               ${PROCESS_IDS.join(', ')}
  --note TEXT  a note for results.md, e.g. what else was running on the machine`;

const { values } = (() => {
  try {
    return parseArgs({
      // `pnpm bench -- --quick` passes the `--` through; it means nothing here.
      args: process.argv.slice(2).filter((arg) => arg !== '--'),
      strict: true,
      options: {
        quick: { type: 'boolean', default: false },
        out: { type: 'string' },
        only: { type: 'string' },
        note: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
})();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const plan: Plan = values.quick ? QUICK : FULL;
// A quick run never replaces the full results: by default it goes to results/quick/ (git-ignored).
const defaultOut = new URL(plan.quick ? '../results/quick/' : '../results/', import.meta.url);
const outRoot = resolve(values.out ?? process.env.DOORBELL_BENCH_OUT ?? fileURLToPath(defaultOut));
const only = values.only?.split(',').map((id) => id.trim());
const unknown = only?.filter((id) => !PROCESS_IDS.includes(id)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown scenario: ${unknown.join(', ')}\n\n${USAGE}`);
  process.exit(2);
}
const selected = (p: ScenarioProcess) => !only || only.includes(p.id);
const scenarios = SCENARIOS.filter((s) => s.processes.some(selected));

const EXIT_GRACE_MS = 5000;
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const child = fileURLToPath(new URL('child.js', import.meta.url));

function gitDescribe(): string {
  try {
    const cwd = fileURLToPath(new URL('../../', import.meta.url));
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'packages'], { cwd, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${commit} + uncommitted changes in packages/` : commit;
  } catch {
    return 'unknown';
  }
}

/** Runs one scenario process; its reps go to `reps` as they arrive. */
function runProcess(scenario: Scenario, step: ScenarioProcess, reps: Rep[]): Promise<string | undefined> {
  const expected = step.reps(plan);
  const nodeArgs = [...step.execArgv, child, scenario.folder, step.case, JSON.stringify(plan)];
  const [command, args] = step.pinned
    ? ['taskset', ['-c', '0', process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  return new Promise((done) => {
    let count = 0;
    let ended = false;
    const proc = spawn(command, args as string[], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    proc.on('message', (message: ChildMessage) => {
      if (message.type === 'end') {
        ended = true;
        // Everything is reported; something left open must not hang the run.
        setTimeout(() => {
          if (proc.exitCode !== null || proc.signalCode !== null) return;
          meta.notes.push(`${step.id}: the scenario process did not exit after its last rep; killed`);
          proc.kill('SIGKILL');
        }, EXIT_GRACE_MS).unref();
      } else if (message.type === 'note') {
        console.log(`    · ${message.text}`);
      } else {
        reps.push(message.rep);
        const { rep } = message;
        const label = [rep.case, rep.method].filter(Boolean).join(' · ');
        console.log(
          `    ${String(++count).padStart(String(expected).length)}/${expected}  rep ${rep.rep}  ${label.padEnd(28)} ${rep.headline}`,
        );
      }
    });
    proc.on('error', (error) => done(`could not start: ${error.message}`));
    proc.on('exit', (code, signal) => {
      if (ended && (code === 0 || signal === 'SIGKILL')) done(undefined);
      else done(`exited with ${signal ?? `code ${code}`}${ended ? '' : ' before finishing'}`);
    });
  });
}

const started = Date.now();
const meta: Meta = {
  date: new Date().toISOString(),
  mode: plan.quick ? 'quick' : 'full',
  node: process.version,
  kernel: release(),
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
  loadBefore: loadavg()
    .map((x) => x.toFixed(2))
    .join(' '),
  loadAfter: '',
  library: gitDescribe(),
  plan,
  seconds: 0,
  failures: [],
  notes: values.note ? [values.note] : [],
};

console.log(
  `doorbell bench (${meta.mode}): node ${meta.node}, ${meta.cpus}, load ${meta.loadBefore}, library ${meta.library}`,
);
for (const scenario of scenarios) meta.notes.push(...((await scenario.prepare?.()) ?? []));
if (!hasTaskset) meta.notes.push('taskset not found (Debian: apt-get install util-linux): pinned scenario skipped');

const reps: Rep[] = [];
for (const scenario of scenarios) {
  for (const step of scenario.processes.filter(selected)) {
    if (step.pinned && !hasTaskset) {
      console.log(`▸ ${step.title}: skipped, taskset not found`);
      continue;
    }
    console.log(`▸ ${step.title}`);
    const t0 = Date.now();
    const failure = await runProcess(scenario, step, reps);
    if (failure) {
      meta.failures.push(`${step.id}: ${failure}`);
      console.log(`    ✗ ${step.id} ${failure}`);
    }
    console.log(`    (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
}
for (const note of meta.notes) console.log(`note: ${note}`);

meta.seconds = (Date.now() - started) / 1000;
meta.loadAfter = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const written = await writeResults(outRoot, meta, SCENARIOS, reps);
console.log(`\n${written.targetsLine}`);
console.log(`wrote ${written.dir} and ${written.latest} in ${meta.seconds.toFixed(0)} s`);
process.exitCode = meta.failures.length > 0 ? 1 : 0;
