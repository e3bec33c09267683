// Writes a run's results: <out>/<date>/{summary.json, results.md, *.svg, raw/<scenario>.json},
// then the same minus raw/ into <out>/latest/ (a plain copy, so links to it work everywhere).
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMarkdown } from './markdown.js';
import type { Meta } from './Meta.js';
import type { Rep } from './Rep.js';
import type { Scenario } from './Scenario.js';
import { metricStat, pairedRatio } from './stats.js';
import { evaluateTargets } from './targets.js';

/**
 * Indented JSON whose innermost objects and arrays stay on one line, with fractions cut to 4
 * significant digits: small enough to commit, and still readable in a diff.
 */
function compactJson(value: unknown): string {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(4)) : v),
    2,
  );
  return `${text.replace(/[{[][^{}[\]]*[}\]]/g, (inner) => inner.replace(/\s*\n\s*/g, ' '))}\n`;
}

/** Every metric of every method: median, min, max; and each same-run ratio against the references. */
function aggregates(scenarios: readonly Scenario[], reps: readonly Rep[]) {
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const keys = new Map<string, Rep>();
  for (const rep of reps) keys.set(`${rep.scenario}\0${rep.case}\0${rep.method}`, rep);
  return [...keys.values()].map(({ scenario, case: kase, method, metrics }) => {
    const numeric = Object.keys(metrics).filter((m) => typeof metrics[m] === 'number');
    return {
      scenario,
      case: kase,
      method,
      metrics: Object.fromEntries(numeric.map((m) => [m, metricStat(reps, scenario, kase, method, m)])),
      ratios: Object.fromEntries(
        (byId.get(scenario)?.references ?? [])
          .filter((ref) => ref !== method)
          .map((ref) => [
            ref,
            Object.fromEntries(
              (byId.get(scenario)?.ratioMetrics ?? []).map((m) => [
                m,
                pairedRatio(reps, scenario, kase, m, method, ref),
              ]),
            ),
          ]),
      ),
    };
  });
}

/** Writes the results of `reps`; every scenario of `scenarios` has its section and targets. */
export async function writeResults(outRoot: string, meta: Meta, scenarios: readonly Scenario[], reps: readonly Rep[]) {
  const dir = join(outRoot, meta.date.slice(0, 10));
  const latest = join(outRoot, 'latest');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'raw'), { recursive: true });

  for (const scenario of new Set(reps.map((r) => r.scenario))) {
    const file = join(dir, 'raw', `${scenario}.json`);
    writeFileSync(file, JSON.stringify(reps.filter((r) => r.scenario === scenario)));
  }
  const targets = evaluateTargets(
    scenarios.flatMap((s) => s.targets),
    reps,
  );
  const drawn = scenarios.flatMap((s) => s.charts(reps));
  for (const chart of drawn) writeFileSync(join(dir, chart.file), chart.svg);
  const summary = {
    meta,
    targets,
    aggregates: aggregates(scenarios, reps),
    ...Object.assign({}, ...scenarios.map((s) => s.summary?.(reps) ?? {})),
    reps: reps.map(({ samples: _samples, ...rest }) => rest),
  };
  writeFileSync(join(dir, 'summary.json'), compactJson(summary));
  writeFileSync(
    join(dir, 'results.md'),
    renderMarkdown(
      meta,
      targets,
      scenarios.map((s) => s.markdown(reps, meta.plan)),
      drawn.map((c) => c.file),
    ),
  );

  rmSync(latest, { recursive: true, force: true });
  cpSync(dir, latest, { recursive: true, filter: (source) => !source.startsWith(join(dir, 'raw')) });

  const targetsLine = targets
    .map((t) => `${t.id} ${t.status === 'met' ? '✓' : t.status === 'not met' ? '✗' : '–'}`)
    .join('  ');
  return { dir, latest, targetsLine };
}
