// Two small hand-rolled SVG charts: horizontal bars with min–max whiskers, and CDF lines on a log
// axis. Plain strings, no dependencies; a white background so they read on dark pages too.
import { num } from './format.js';

const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const r1 = (n: number) => Math.round(n * 10) / 10;

function frame(width: number, height: number, title: string, subtitle: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT} font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="24" font-size="15" font-weight="600" fill="#212529">${escapeXml(title)}</text>`,
    `<text x="16" y="42" fill="#495057">${escapeXml(subtitle)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

interface Scale {
  readonly at: (value: number) => number;
  readonly ticks: readonly number[];
}

function logScale(min: number, max: number, from: number, to: number, steps: readonly number[] = [1]): Scale {
  const lo = Math.floor(Math.log10(min));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(max)));
  const ticks: number[] = [];
  for (let e = lo; e <= hi; e++) for (const step of steps) if (step * 10 ** e <= 10 ** hi) ticks.push(step * 10 ** e);
  return { at: (v) => from + ((Math.log10(Math.max(v, 10 ** lo)) - lo) / (hi - lo)) * (to - from), ticks };
}

function linearScale(max: number, from: number, to: number): Scale {
  const rough = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? rough;
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= top + step / 2; t += step) ticks.push(t);
  return { at: (v) => from + (v / top) * (to - from), ticks };
}

interface Bar {
  readonly label: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly color: string;
}

export interface BarGroup {
  readonly label: string;
  readonly bars: readonly Bar[];
}

/** Horizontal bars (median) with min–max whiskers, in labelled groups. */
export function barChart(options: {
  title: string;
  subtitle: string;
  unit: string;
  groups: readonly BarGroup[];
  log?: boolean;
}): string {
  const width = 760;
  const left = 250;
  const right = width - 110;
  const top = 64;
  const barHeight = 18;
  const gap = 6;
  const groupGap = 26;
  const bars = options.groups.flatMap((g) => g.bars);
  const values = bars.flatMap((b) => [b.median, b.max]).filter((v) => v > 0 && Number.isFinite(v));
  const rows = options.groups.reduce((n, g) => n + g.bars.length, 0);
  const plotHeight = rows * (barHeight + gap) + options.groups.length * groupGap;
  const height = top + plotHeight + 44;
  if (values.length === 0) return frame(width, 90, options.title, 'no data', []);

  const scale = options.log
    ? logScale(Math.min(...bars.map((b) => b.min).filter((v) => v > 0)) / 1.5, Math.max(...values), left, right)
    : linearScale(Math.max(...values), left, right);
  const body: string[] = [];
  const bottom = top + plotHeight;
  for (const tick of scale.ticks) {
    const x = r1(scale.at(tick));
    body.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="#e9ecef"/>`);
    body.push(`<text x="${x}" y="${bottom + 16}" text-anchor="middle" fill="#495057">${num(tick)}</text>`);
  }
  body.push(
    `<text x="${(left + right) / 2}" y="${bottom + 34}" text-anchor="middle" fill="#212529">${escapeXml(options.unit)}${options.log ? ' (log scale)' : ''}</text>`,
  );

  let y = top;
  for (const group of options.groups) {
    body.push(`<text x="16" y="${y + 15}" font-weight="600" fill="#212529">${escapeXml(group.label)}</text>`);
    y += groupGap - 4;
    for (const bar of group.bars) {
      const x0 = scale.at(0);
      const x1 = r1(scale.at(bar.median));
      const mid = y + barHeight / 2;
      body.push(`<text x="${left - 8}" y="${mid + 4}" text-anchor="end" fill="#212529">${escapeXml(bar.label)}</text>`);
      body.push(
        `<rect x="${r1(x0)}" y="${y}" width="${Math.max(1, r1(x1 - x0))}" height="${barHeight}" fill="${bar.color}" opacity="0.85"/>`,
      );
      const wMin = r1(scale.at(bar.min));
      const wMax = r1(scale.at(bar.max));
      body.push(`<line x1="${wMin}" y1="${mid}" x2="${wMax}" y2="${mid}" stroke="#212529"/>`);
      body.push(`<line x1="${wMin}" y1="${mid - 4}" x2="${wMin}" y2="${mid + 4}" stroke="#212529"/>`);
      body.push(`<line x1="${wMax}" y1="${mid - 4}" x2="${wMax}" y2="${mid + 4}" stroke="#212529"/>`);
      body.push(`<text x="${Math.max(x1, wMax) + 6}" y="${mid + 4}" fill="#212529">${num(bar.median)}</text>`);
      y += barHeight + gap;
    }
    y += 4;
  }
  body.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${bottom}" stroke="#868e96"/>`);
  return frame(width, height, options.title, options.subtitle, body);
}

export interface Series {
  readonly label: string;
  readonly color: string;
  /** [x, cumulative fraction] pairs, x ascending. */
  readonly points: readonly (readonly [number, number])[];
}

/** Cumulative distributions on a log x axis, with the median and p99 marked. */
export function cdfChart(options: {
  title: string;
  subtitle: string;
  xLabel: string;
  series: readonly Series[];
}): string {
  const width = 800;
  const height = 420;
  const left = 60;
  const right = width - 240;
  const top = 60;
  const bottom = height - 56;
  const xs = options.series.flatMap((s) => s.points.map(([x]) => x)).filter((x) => x > 0);
  if (xs.length === 0) return frame(width, 90, options.title, 'no data', []);
  const scale = logScale(Math.min(...xs), Math.max(...xs), left, right, [1, 2, 5]);
  // Over more than two decades, label only the powers of ten (the 2s and 5s keep their gridlines).
  const wide = scale.ticks[scale.ticks.length - 1]! / scale.ticks[0]! > 100;
  const labelled = (tick: number) =>
    !wide || Number.isInteger(Math.log10(tick)) || Math.abs(Math.log10(tick) - Math.round(Math.log10(tick))) < 1e-9;
  const yAt = (f: number) => bottom - f * (bottom - top);
  const body: string[] = [];
  for (const tick of scale.ticks) {
    const x = r1(scale.at(tick));
    body.push(`<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="#e9ecef"/>`);
    if (labelled(tick))
      body.push(`<text x="${x}" y="${bottom + 16}" text-anchor="middle" fill="#495057">${num(tick)}</text>`);
  }
  for (const [f, name] of [
    [0, '0'],
    [0.25, '25%'],
    [0.5, 'p50'],
    [0.75, '75%'],
    [0.99, 'p99'],
  ] as const) {
    const y = r1(yAt(f));
    body.push(
      `<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="${f === 0.5 || f === 0.99 ? '#adb5bd' : '#e9ecef'}"${f === 0.5 || f === 0.99 ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
    body.push(`<text x="${left - 6}" y="${y + 4}" text-anchor="end" fill="#495057">${name}</text>`);
  }
  body.push(
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#868e96"/>`,
  );
  body.push(
    `<text x="${(left + right) / 2}" y="${bottom + 36}" text-anchor="middle" fill="#212529">${escapeXml(options.xLabel)} (log scale)</text>`,
  );
  options.series.forEach((series, i) => {
    const points = series.points.map(([x, f]) => `${r1(scale.at(x))},${r1(yAt(f))}`).join(' ');
    body.push(`<polyline points="${points}" fill="none" stroke="${series.color}" stroke-width="2"/>`);
    const ly = top + 10 + i * 22;
    body.push(
      `<line x1="${right + 16}" y1="${ly}" x2="${right + 40}" y2="${ly}" stroke="${series.color}" stroke-width="3"/>`,
    );
    body.push(`<text x="${right + 46}" y="${ly + 4}" fill="#212529">${escapeXml(series.label)}</text>`);
  });
  return frame(width, height, options.title, options.subtitle, body);
}

export interface Point {
  readonly label: string;
  readonly color: string;
  readonly x: number;
  readonly y: number;
}

/** Labelled points on a linear x axis and a log y axis, joined in the order given (a trade-off curve). */
export function tradeOffChart(options: {
  title: string;
  subtitle: string;
  xLabel: string;
  yLabel: string;
  points: readonly Point[];
}): string {
  const width = 760;
  const height = 420;
  const left = 70;
  const right = width - 40;
  const top = 60;
  const bottom = height - 56;
  const points = options.points.filter((p) => Number.isFinite(p.x) && p.y > 0 && Number.isFinite(p.y));
  if (points.length === 0) return frame(width, 90, options.title, 'no data', []);
  const x = linearScale(Math.max(...points.map((p) => p.x)) * 1.1 || 1, left, right);
  const ys = points.map((p) => p.y);
  // A log scale drawn bottom-up: lay it out on [top, bottom] and flip.
  const yLog = logScale(Math.min(...ys) / 1.5, Math.max(...ys) * 1.5, top, bottom, [1, 2, 5]);
  const yAt = (v: number) => top + bottom - yLog.at(v);
  const body: string[] = [];
  for (const tick of x.ticks) {
    const at = r1(x.at(tick));
    body.push(`<line x1="${at}" y1="${top}" x2="${at}" y2="${bottom}" stroke="#e9ecef"/>`);
    body.push(`<text x="${at}" y="${bottom + 16}" text-anchor="middle" fill="#495057">${num(tick)}</text>`);
  }
  for (const tick of yLog.ticks) {
    const at = r1(yAt(tick));
    body.push(`<line x1="${left}" y1="${at}" x2="${right}" y2="${at}" stroke="#e9ecef"/>`);
    body.push(`<text x="${left - 6}" y="${at + 4}" text-anchor="end" fill="#495057">${num(tick)}</text>`);
  }
  body.push(
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#868e96"/>`,
  );
  body.push(
    `<text x="${(left + right) / 2}" y="${bottom + 36}" text-anchor="middle" fill="#212529">${escapeXml(options.xLabel)}</text>`,
  );
  body.push(
    `<text x="16" y="${(top + bottom) / 2}" transform="rotate(-90 16 ${(top + bottom) / 2})" text-anchor="middle" fill="#212529">${escapeXml(options.yLabel)} (log scale)</text>`,
  );
  const line = points.map((p) => `${r1(x.at(p.x))},${r1(yAt(p.y))}`).join(' ');
  body.push(`<polyline points="${line}" fill="none" stroke="#adb5bd" stroke-width="1.5" stroke-dasharray="4 3"/>`);
  points.forEach((p, i) => {
    const px = r1(x.at(p.x));
    const py = r1(yAt(p.y));
    body.push(`<circle cx="${px}" cy="${py}" r="5" fill="${p.color}"/>`);
    const anchor = px > (left + right) / 2 ? 'end' : 'start';
    const dx = anchor === 'end' ? -9 : 9;
    // Neighbours' labels alternate above and below their points, so close points stay readable.
    const dy = i % 2 === 0 ? -8 : 17;
    body.push(
      `<text x="${px + dx}" y="${py + dy}" text-anchor="${anchor}" fill="#212529">${escapeXml(p.label)}</text>`,
    );
  });
  return frame(width, height, options.title, options.subtitle, body);
}
