// One scenario process: `node child.js <folder> <case> <plan as JSON>`, started by run.ts with an
// IPC channel; runs scenarios/<folder>/run.js, which sends each rep as it finishes.
import { readFileSync } from 'node:fs';
import type { Plan } from './Plan.js';
import { type ChildMessage, report } from './Rep.js';

const [folder, kase = '', planJson = '{}'] = process.argv.slice(2);
const scenario = (await import(`./scenarios/${folder}/run.js`)) as { run: (plan: Plan, kase: string) => Promise<void> };

const affinity = /^Cpus_allowed_list:\s*(.*)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
report({ type: 'note', text: `pid ${process.pid}, CPUs allowed: ${affinity ?? 'unknown'}` });

await scenario.run(JSON.parse(planJson) as Plan, kase);

// Pipe writes keep their order: once this last send is flushed, every rep has gone too.
if (process.send) {
  await new Promise<void>((resolve) =>
    process.send!({ type: 'end' } satisfies ChildMessage, undefined, {}, () => resolve()),
  );
  process.disconnect();
}
