// Logic of the policy timelines: which date places a measure, and how the measures group.

/** The dates of a measure, as the API returns them (null where no source states one). */
export interface Dated {
  id: string;
  announced: string | null;
  effective: string | null;
}

/**
 * dateOf is the day that places a measure on the timeline: the day it took effect, or, where
 * no source states that, the day it was announced (the API's rule for when a measure is in
 * force); null when neither is known.
 */
export function dateOf(p: Dated): string | null {
  return p.effective ?? p.announced;
}

/**
 * byYear groups measures by the year of their date, oldest first; measures without a date
 * come last, under null. Within a year the order is by date, then id (stable).
 */
export function byYear<T extends Dated>(policies: readonly T[]): Array<{ year: number | null; items: T[] }> {
  const sorted = [...policies].sort((a, b) => {
    const da = dateOf(a);
    const db = dateOf(b);
    if (da !== db) {
      if (da == null) return 1;
      if (db == null) return -1;
      return da < db ? -1 : 1;
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
  const groups: Array<{ year: number | null; items: T[] }> = [];
  for (const p of sorted) {
    const d = dateOf(p);
    const y = d ? Number(d.slice(0, 4)) : null;
    const last = groups[groups.length - 1];
    if (last && last.year === y) last.items.push(p);
    else groups.push({ year: y, items: [p] });
  }
  return groups;
}

/** todayUTC is today's date as the API writes dates (the API's "today" is UTC too). */
export function todayUTC(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** dayNumber counts days since 1970-01-01 for an API Date, for placing it on an axis. */
export function dayNumber(d: string): number {
  return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10))) / 86_400_000;
}

/**
 * lanes gives each position (sorted or not) the lowest lane in which it is at least gap from
 * the last position placed there, so that marks on a timeline never overlap.
 */
export function lanes(xs: readonly number[], gap: number): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
  const lastInLane: number[] = [];
  const out = new Array<number>(xs.length);
  for (const [x, i] of order) {
    let lane = lastInLane.findIndex((last) => x - last >= gap);
    if (lane < 0) lane = lastInLane.length;
    lastInLane[lane] = x;
    out[i] = lane;
  }
  return out;
}
