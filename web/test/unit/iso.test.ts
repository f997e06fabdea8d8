// The numeric-to-alpha-2 table against two sources that do not come from it: the map's own
// country names (Natural Earth, in world-atlas) and the curated dataset's countries (their
// alpha-2 codes, names and the aliases publishers use).
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import atlas from 'world-atlas/countries-110m.json';
import { alpha2Of, numericToAlpha2, unnumberedToAlpha2 } from '../../src/iso';

type Geometry = { id?: string; properties: { name: string } };
const features = (atlas as unknown as { objects: { countries: { geometries: Geometry[] } } }).objects.countries.geometries;

/** The dataset's countries: alpha-2 -> its name and aliases. */
function datasetCountries(): Map<string, string[]> {
  const csv = readFileSync(new URL('../../../dataset/curated/countries.csv', import.meta.url), 'utf8');
  const out = new Map<string, string[]>();
  for (const line of csv.split('\n')) {
    if (!line || line.startsWith('#') || line.startsWith('code,')) continue;
    const m = /^([A-Z]{2}),([A-Z]{3})?,("[^"]*"|[^,]*),("[^"]*"|[^,]*)$/.exec(line.trim());
    if (!m) throw new Error(`cannot read countries.csv line: ${line}`);
    const unquote = (s: string) => s.replace(/^"|"$/g, '');
    out.set(m[1], [unquote(m[3]), ...unquote(m[4]).split('|').filter(Boolean)]);
  }
  return out;
}

const abbreviations: Record<string, string> = {
  dem: 'democratic',
  rep: 'republic',
  is: 'islands',
  eq: 'equatorial',
  s: 'south',
  n: 'north',
  fr: 'french',
  herz: 'herzegovina',
  st: 'saint',
};

function words(name: string): string[] {
  return name
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z ]+/g, ' ')
    .split(' ')
    .filter((w) => w && !['the', 'of', 'and'].includes(w))
    .map((w) => abbreviations[w] ?? w);
}

/** sameCountry: the two names have the same words ("Dem. Rep. Congo", "Democratic Republic of the Congo"). */
function sameCountry(a: string, b: string): boolean {
  const wa = [...new Set(words(a))].sort().join(' ');
  const wb = [...new Set(words(b))].sort().join(' ');
  return wa === wb;
}

describe('the ISO 3166-1 numeric to alpha-2 table', () => {
  test('maps every country the map draws, except the areas without an ISO code', () => {
    const unmapped = features.filter((f) => alpha2Of(f) == null).map((f) => f.properties.name);
    expect(unmapped.sort()).toEqual(['N. Cyprus', 'Somaliland']);
    expect(alpha2Of(features.find((f) => f.properties.name === 'Kosovo')!)).toBe('XK');
  });

  test('holds no code the map does not draw, and no alpha-2 twice', () => {
    const ids = new Set(features.map((f) => f.id).filter(Boolean));
    expect(Object.keys(numericToAlpha2).filter((id) => !ids.has(id))).toEqual([]);
    const codes = [...Object.values(numericToAlpha2), ...Object.values(unnumberedToAlpha2)];
    expect(new Set(codes).size).toBe(codes.length);
  });

  test('agrees with a few codes everyone knows', () => {
    expect(numericToAlpha2['156']).toBe('CN');
    expect(numericToAlpha2['840']).toBe('US');
    expect(numericToAlpha2['180']).toBe('CD');
    expect(numericToAlpha2['178']).toBe('CG');
    expect(numericToAlpha2['036']).toBe('AU');
    expect(numericToAlpha2['076']).toBe('BR');
    expect(alpha2Of({ id: 156 })).toBe('CN');
  });

  test('gives each country the alpha-2 whose name the dataset gives it', () => {
    const dataset = datasetCountries();
    const mismatches: string[] = [];
    let compared = 0;
    for (const f of features) {
      const code = alpha2Of(f);
      const names = code ? dataset.get(code) : undefined;
      if (!code || !names) continue;
      compared++;
      if (!names.some((n) => sameCountry(f.properties.name, n))) {
        mismatches.push(`${f.id} ${f.properties.name} -> ${code} (${names.join(' | ')})`);
      }
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(140);
  });
});
