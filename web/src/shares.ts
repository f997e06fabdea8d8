// Logic over production shares that the views share.
import type { Stage } from './gql/graphql';
import { stages } from './labels';

/** The fields of a share this logic reads. */
export interface ShareLike {
  stage: Stage;
  year: number;
  percent: number | null;
  mineral: { id: string; name: string };
}

/**
 * latestByMineralAndStage keeps, for each mineral and stage, the share of the latest year (a
 * country's list holds every year the graph has); the result is ordered by mineral name, then
 * stage in supply-chain order.
 */
export function latestByMineralAndStage<T extends ShareLike>(shares: readonly T[]): T[] {
  const latest = new Map<string, T>();
  for (const s of shares) {
    const key = `${s.mineral.id}/${s.stage}`;
    const seen = latest.get(key);
    if (!seen || s.year > seen.year) latest.set(key, s);
  }
  return [...latest.values()].sort((a, b) => a.mineral.name.localeCompare(b.mineral.name) || stages.indexOf(a.stage) - stages.indexOf(b.stage));
}

/** The (stage, year) pairs of a mineral's shares, each stage's years newest first. */
export function yearsByStage(shares: ReadonlyArray<{ stage: Stage; year: number }>): Map<Stage, number[]> {
  const out = new Map<Stage, number[]>();
  for (const s of stages) {
    const ys = [...new Set(shares.filter((x) => x.stage === s).map((x) => x.year))].sort((a, b) => b - a);
    if (ys.length) out.set(s, ys);
  }
  return out;
}

/**
 * pickStage chooses the stage a mineral view shows: the one the URL asks for, else the first
 * stage (in supply-chain order) with figures, else mining.
 */
export function pickStage(asked: Stage | null, available: Map<Stage, number[]>): Stage {
  if (asked) return asked;
  for (const s of stages) if (available.has(s)) return s;
  return 'MINING';
}

/** A producer as the concentration of a stage lists it. */
export interface Producer {
  country: { code: string; name: string };
  percent: number | null;
}

/**
 * leader returns the largest producer with a published percent (the API lists producers
 * largest first, and a withheld figure cannot lead), or null when there is none.
 */
export function leader<T extends Producer>(producers: readonly T[] | null | undefined): T | null {
  let best: T | null = null;
  for (const p of producers ?? []) {
    if (p.percent != null && (best == null || p.percent > (best.percent ?? -1))) best = p;
  }
  return best;
}
