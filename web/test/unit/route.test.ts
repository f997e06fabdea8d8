import { describe, expect, test } from 'vitest';
import { hrefOf, parseRoute, type Route } from '../../src/route';

const parse = (url: string) => {
  const u = new URL(url, 'http://x');
  return parseRoute(u.pathname, u.search);
};

describe('the URL of a view', () => {
  const canonical: Array<[string, Route]> = [
    ['/explore/', { view: 'home' }],
    ['/explore/mineral/gallium', { view: 'mineral', id: 'gallium', stage: null, year: null }],
    ['/explore/mineral/rare-earths?stage=REFINING&year=2023', { view: 'mineral', id: 'rare-earths', stage: 'REFINING', year: 2023 }],
    ['/explore/country/CN', { view: 'country', code: 'CN' }],
    ['/explore/policies', { view: 'policies', issuer: null, type: null, mineral: null, on: null }],
    [
      '/explore/policies?issuer=CN&type=EXPORT_CONTROL&mineral=gallium&on=2026-01-01',
      { view: 'policies', issuer: 'CN', type: 'EXPORT_CONTROL', mineral: 'gallium', on: '2026-01-01' },
    ],
    ['/explore/questions/share?country=CN&stage=REFINING&over=50', { view: 'share', country: 'CN', stage: 'REFINING', over: 50 }],
    ['/explore/questions/reliance?min=100', { view: 'reliance', min: 100 }],
    ['/explore/questions/leading?country=AU&stage=MINING', { view: 'leading', country: 'AU', stage: 'MINING' }],
  ];
  test.each(canonical)('reads %s, and writes it back the same', (url, route) => {
    expect(parse(url)).toEqual(route);
    expect(hrefOf(route)).toBe(url);
  });

  test('falls back to defaults for values the URL cannot hold', () => {
    expect(parse('/explore/mineral/gallium?stage=SMELTING&year=20x3')).toEqual({ view: 'mineral', id: 'gallium', stage: null, year: null });
    expect(parse('/explore/questions/share?country=china&over=150')).toEqual({ view: 'share', country: 'CN', stage: 'REFINING', over: 50 });
    expect(parse('/explore/policies?on=2026-13-01&type=BRIBE&issuer=%3Cscript%3E')).toEqual({
      view: 'policies',
      issuer: null,
      type: null,
      mineral: null,
      on: null,
    });
  });

  test('reads a lower-case country code and the path without its slash', () => {
    expect(parse('/explore/country/cl')).toEqual({ view: 'country', code: 'CL' });
    expect(parse('/explore')).toEqual({ view: 'home' });
  });

  test('names what it cannot read as not found', () => {
    for (const url of ['/explore/mineral/', '/explore/mineral/Gallium Metal', '/explore/country/CHN', '/explore/nothing', '/elsewhere']) {
      expect(parse(url).view, url).toBe('notFound');
    }
  });
});
