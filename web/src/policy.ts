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
