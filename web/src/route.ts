// The state of every view lives in its URL, so that any view can be bookmarked, shared and
// reloaded: parseRoute reads a URL into a Route, hrefOf writes a Route as its one canonical URL,
// and hrefOf(parseRoute(u)) is u once u is canonical. Values the URL cannot hold (an unknown
// stage, a malformed year) fall back to the view's default rather than failing.
import type { PolicyType, Stage } from './gql/graphql';
import { isPolicyType, isStage } from './labels';

export const BASE = '/explore/';

export type Route =
  | { view: 'home' }
  /** A mineral: stage null picks the first stage with figures; year null the API's default. */
  | { view: 'mineral'; id: string; stage: Stage | null; year: number | null }
  | { view: 'country'; code: string }
  | { view: 'policies'; issuer: string | null; type: PolicyType | null; mineral: string | null; on: string | null }
  /** Minerals of which a country holds more than `over` percent of a stage. */
  | { view: 'share'; country: string; stage: Stage; over: number }
  /** Minerals the US is at least `min` percent net-import-reliant for. */
  | { view: 'reliance'; min: number }
  /** Minerals of which a country is the largest producer at a stage. */
  | { view: 'leading'; country: string; stage: Stage }
  | { view: 'notFound'; path: string };

export const questionDefaults = {
  share: { country: 'CN', stage: 'REFINING' as Stage, over: 50 },
  reliance: { min: 100 },
  leading: { country: 'CN', stage: 'MINING' as Stage },
};

const slug = /^[a-z0-9][a-z0-9-]{0,63}$/;
const countryCode = /^[A-Z]{2}$/;
const issuerCode = /^[A-Z0-9]{2,5}$/;
const isoDay = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

function year(s: string | null): number | null {
  if (s == null || !/^\d{4}$/.test(s)) return null;
  const y = Number(s);
  return y >= 1900 && y <= 2100 ? y : null;
}

function percent(s: string | null, fallback: number): number {
  if (s == null || !/^\d+(\.\d+)?$/.test(s)) return fallback;
  const p = Number(s);
  return p >= 0 && p <= 100 ? p : fallback;
}

function country(s: string | null, fallback: string): string {
  const c = (s ?? '').toUpperCase();
  return countryCode.test(c) ? c : fallback;
}

/** parseRoute reads the explorer's URL (path under /explore/ and query string). */
export function parseRoute(pathname: string, search: string): Route {
  const q = new URLSearchParams(search);
  const rest = pathname.startsWith(BASE) ? pathname.slice(BASE.length) : pathname === BASE.slice(0, -1) ? '' : null;
  if (rest == null) return { view: 'notFound', path: pathname };
  const parts = rest.split('/').filter(Boolean).map(decodeURIComponent);
  const stage = q.get('stage');
  switch (parts[0]) {
    case undefined:
      return { view: 'home' };
    case 'mineral':
      if (parts.length === 2 && slug.test(parts[1])) {
        return { view: 'mineral', id: parts[1], stage: isStage(stage) ? stage : null, year: year(q.get('year')) };
      }
      break;
    case 'country':
      if (parts.length === 2 && countryCode.test(parts[1].toUpperCase())) {
        return { view: 'country', code: parts[1].toUpperCase() };
      }
      break;
    case 'policies': {
      if (parts.length !== 1) break;
      const issuer = (q.get('issuer') ?? '').toUpperCase();
      const type = q.get('type');
      const mineral = q.get('mineral') ?? '';
      const on = q.get('on') ?? '';
      return {
        view: 'policies',
        issuer: issuerCode.test(issuer) ? issuer : null,
        type: isPolicyType(type) ? type : null,
        mineral: slug.test(mineral) ? mineral : null,
        on: isoDay.test(on) ? on : null,
      };
    }
    case 'questions': {
      if (parts.length !== 2) break;
      const d = questionDefaults;
      switch (parts[1]) {
        case 'share':
          return {
            view: 'share',
            country: country(q.get('country'), d.share.country),
            stage: isStage(stage) ? stage : d.share.stage,
            over: percent(q.get('over'), d.share.over),
          };
        case 'reliance':
          return { view: 'reliance', min: percent(q.get('min'), d.reliance.min) };
        case 'leading':
          return { view: 'leading', country: country(q.get('country'), d.leading.country), stage: isStage(stage) ? stage : d.leading.stage };
      }
      break;
    }
  }
  return { view: 'notFound', path: pathname };
}

function withQuery(path: string, params: Record<string, string | number | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v != null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** hrefOf writes the canonical URL of a route. */
export function hrefOf(r: Route): string {
  switch (r.view) {
    case 'home':
      return BASE;
    case 'mineral':
      return withQuery(`${BASE}mineral/${encodeURIComponent(r.id)}`, { stage: r.stage, year: r.year });
    case 'country':
      return `${BASE}country/${r.code}`;
    case 'policies':
      return withQuery(`${BASE}policies`, { issuer: r.issuer, type: r.type, mineral: r.mineral, on: r.on });
    case 'share':
      return withQuery(`${BASE}questions/share`, { country: r.country, stage: r.stage, over: r.over });
    case 'reliance':
      return withQuery(`${BASE}questions/reliance`, { min: r.min });
    case 'leading':
      return withQuery(`${BASE}questions/leading`, { country: r.country, stage: r.stage });
    case 'notFound':
      return r.path;
  }
}
