// Number formatting shared by the markdown table and the charts.

/** Three significant digits, thousands separated: 0.0123, 4.56, 78.9, 1,234. */
export function num(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 1000) return Math.round(n).toLocaleString('en-US');
  if (n === 0) return '0';
  return Number(n.toPrecision(3)).toString();
}

/** A ratio a ÷ b: `20.5×`, or below 1 also as a fraction, `0.021× (1/47.6)`. */
export function ratio(r: number | undefined): string {
  if (r === undefined || !Number.isFinite(r)) return '—';
  return r >= 1 ? `${num(r)}×` : `${num(r)}× (1/${num(1 / r)})`;
}
