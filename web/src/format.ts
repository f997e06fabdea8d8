// How figures are written on screen. A figure the API returns as null is "no figure
// published", never 0: a publisher that withholds a number has not said it is zero.

export const NO_FIGURE = 'no figure published';

const number1 = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const number0 = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** formatPercent writes a share of world production: "98.4%", or NO_FIGURE for null. */
export function formatPercent(p: number | null | undefined): string {
  if (p == null || Number.isNaN(p)) return NO_FIGURE;
  if (p > 0 && p < 0.05) return '<0.1%';
  return `${number1.format(p)}%`;
}

/** formatAmount writes a quantity with its unit: "600,000 kg", or NO_FIGURE for null. */
export function formatAmount(amount: number | null | undefined, unit: string | null | undefined): string {
  if (amount == null) return NO_FIGURE;
  return unit ? `${number1.format(amount)} ${unit}` : number1.format(amount);
}

/** formatIndex writes a Herfindahl-Hirschman index (0-10000) without decimals. */
export function formatIndex(h: number | null | undefined): string {
  return h == null ? NO_FIGURE : number0.format(h);
}

/** formatUSD writes a trade value in US dollars. */
export function formatUSD(v: number | null | undefined): string {
  if (v == null) return NO_FIGURE;
  return `US$${number0.format(v)}`;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** formatDate writes an API Date (YYYY-MM-DD) as "1 Aug 2023", without time zones. */
export function formatDate(d: string | null | undefined): string {
  if (!d) return 'no date published';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return d;
  return `${Number(m[3])} ${months[Number(m[2]) - 1]} ${m[1]}`;
}

/** formatPeriod writes a span of years: "2020–2023", or "2023" for one. */
export function formatPeriod(from: number, to: number): string {
  return from === to ? String(from) : `${from}–${to}`;
}

/** The parts of a net import reliance figure that say what USGS published. */
export interface RelianceFigure {
  value: string;
  lowerBound: number | null;
  lowerBoundInclusive: boolean;
  upperBound: number | null;
  upperBoundInclusive: boolean;
  netExporter: boolean;
}

/**
 * describeReliance writes a published net import reliance in words: "100%", "more than 50%",
 * "less than 25%", "net exporter".
 */
export function describeReliance(r: RelianceFigure): string {
  if (r.netExporter) return 'net exporter';
  const v = r.value.trim();
  let m = /^>\s*(\d+(?:\.\d+)?)$/.exec(v);
  if (m) return `more than ${m[1]}%`;
  m = /^<\s*(\d+(?:\.\d+)?)$/.exec(v);
  if (m) return `less than ${m[1]}%`;
  if (/^\d+(?:\.\d+)?$/.test(v)) return `${v}%`;
  return v;
}

/**
 * relianceBounds writes the bounds the API derives from the published figure: "exactly 100%",
 * "above 50% and at most 100%", "below 0% (net exporter)".
 */
export function relianceBounds(r: RelianceFigure): string {
  const { lowerBound: lo, upperBound: hi } = r;
  if (lo != null && hi != null && lo === hi) return `exactly ${number1.format(lo)}%`;
  const parts: string[] = [];
  if (lo != null) parts.push(`${r.lowerBoundInclusive ? 'at least' : 'above'} ${number1.format(lo)}%`);
  if (hi != null) parts.push(`${r.upperBoundInclusive ? 'at most' : 'below'} ${number1.format(hi)}%`);
  if (parts.length === 0) return 'unbounded';
  return parts.join(' and ') + (r.netExporter ? ' (net exporter)' : '');
}

/** plural writes "1 measure", "3 measures". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${number0.format(n)} ${n === 1 ? word : many}`;
}
