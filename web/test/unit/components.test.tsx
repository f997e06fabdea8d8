// The components with logic, rendered to HTML (no browser): what a reader and a screen reader
// get from them.
import type { CombinedError } from '@urql/core';
import { render } from 'preact-render-to-string';
import { describe, expect, test } from 'vitest';
import { Bars } from '../../src/components/Bars';
import { hitOf } from '../../src/components/Search';
import { Figure, sourceText } from '../../src/components/Source';
import { describeError } from '../../src/components/Status';
import { Timeline, type TimelinePolicy } from '../../src/components/Timeline';
import { WorldMap } from '../../src/components/WorldMap';
import { colorOf, noFigureColor } from '../../src/scale';

const usgs = {
  id: 'usgs-mcs-2024-world',
  publisher: 'U.S. Geological Survey',
  title: 'Mineral Commodity Summaries 2024, world production data release',
  year: 2024,
  url: 'https://doi.org/10.5066/P144BA54',
};

describe('Figure', () => {
  test('shows a figure with its source on hover, and a label for screen readers', () => {
    const html = render(<Figure text="98.4%" label="China's share of world refined production of gallium, 2023" sources={[usgs]} />);
    expect(html).toContain('>98.4%</button>');
    expect(html).toContain(`title="China's share of world refined production of gallium, 2023. Source: ${sourceText(usgs)}"`);
    expect(html).toContain('aria-expanded="false"');
  });
  test('says “no figure published” for null, never 0', () => {
    const html = render(<Figure text={null} label="Share of US imports" sources={[usgs]} />);
    expect(html).toContain('>no figure published</button>');
    expect(html).toContain('nofigure');
    expect(html).not.toMatch(/>0%?</);
  });
});

describe('Bars', () => {
  test('draws the producers in the order given, with their percent and source', () => {
    const html = render(
      <Bars
        title="Share of world refined production, 2023"
        bars={[
          { code: 'CN', name: 'China', percent: 98.4, source: usgs },
          { code: 'XX', name: 'Withheld', percent: null, source: usgs },
        ]}
        onSelect={() => {}}
      />,
    );
    expect(html.indexOf('data-country="CN"')).toBeLessThan(html.indexOf('data-country="XX"'));
    expect(html).toContain('data-percent="98.4"');
    expect(html).toContain('width:98.4%');
    expect(html).toContain(`background:${colorOf(98.4)}`);
    expect(html).toContain('>no figure published</span>');
    expect(html).toContain(`Source: ${sourceText(usgs)}`);
  });
  test('draws a sliver for a producer too small to see, and no bar for one that produced nothing', () => {
    const html = render(
      <Bars
        title="Share of world mine production, 2023"
        bars={[
          { code: 'BR', name: 'Brazil', percent: 0.023, source: usgs },
          { code: 'CA', name: 'Canada', percent: 0, source: usgs },
        ]}
        onSelect={() => {}}
      />,
    );
    expect(html.match(/class="bar-fill"/g)).toHaveLength(1);
    expect(html).toContain('width:0.4%');
    expect(html).toContain('>&lt;0.1%</span>');
    expect(html).toContain('>0%</span>');
  });
});

describe('WorldMap', () => {
  const html = render(
    <WorldMap
      title="Share of world refined production of gallium, 2023"
      shares={[
        { code: 'CN', name: 'China', percent: 98.4, caption: 'of world refined production, 2023. Source: USGS' },
        { code: 'KR', name: 'South Korea', percent: null, caption: 'of world refined production, 2023. Source: USGS' },
      ]}
      points={[{ id: 'plant', label: 'Gallium Recovery Plant', latitude: 35.5, longitude: 129.3 }]}
      onSelect={() => {}}
    />,
  );
  const path = (code: string) => new RegExp(`<path[^>]*data-country="${code}"[^>]*>`).exec(html)?.[0] ?? '';
  test('shades a country by its share and says it with its source', () => {
    expect(path('CN')).toContain(`fill="${colorOf(98.4)}"`);
    expect(
      html.includes('<title>China: 98.4% of world refined production, 2023. Source: USGS</title>'),
      '<title>China: 98.4% of world refined production, 2023. Source: USGS</title>',
    ).toBe(true);
    expect(path('CN')).toMatch(/tabindex="0"/i);
  });
  test('greys a country without a figure and says so', () => {
    expect(path('KR')).toContain(`fill="${noFigureColor}"`);
    expect(html.includes('South Korea: no figure published of world refined production'), 'South Korea: no figure published of world refined production').toBe(
      true,
    );
    expect(path('BR')).toContain(`fill="${noFigureColor}"`);
    expect(html.includes('<title>Brazil: no figure published</title>'), '<title>Brazil: no figure published</title>').toBe(true);
  });
  test('draws facilities as points and has a legend with every class and the no-figure grey', () => {
    expect(html.includes('data-facility="plant"'), 'data-facility="plant"').toBe(true);
    expect(html.includes('75–100%'), '75–100%').toBe(true);
    expect(html.includes('no figure published</li>'), 'no figure published</li>').toBe(true);
    expect(html.includes('facility (hover for its name)</li>'), 'facility (hover for its name)</li>').toBe(true);
    expect(
      html.includes('role="img" aria-label="Share of world refined production of gallium, 2023"'),
      'role="img" aria-label="Share of world refined production of gallium, 2023"',
    ).toBe(true);
  });
});

describe('Timeline', () => {
  const policy = (id: string, effective: string | null, activeOn: boolean): TimelinePolicy => ({
    id,
    title: id,
    type: 'EXPORT_CONTROL',
    issuer: 'CN',
    announced: '2023-07-03',
    effective,
    suspended: null,
    expires: null,
    activeOn,
    summary: 'Exports need a licence.',
    minerals: [{ id: 'gallium', name: 'Gallium' }],
    affectedCountries: [],
    source: usgs,
  });
  test('orders measures by date, says whether each is in force, and cites its source', () => {
    const html = render(<Timeline policies={[policy('later', '2025-02-04', false), policy('first', '2023-08-01', true)]} day="on 1 Jan 2026" />);
    expect(html.indexOf('data-policy="first"')).toBeLessThan(html.indexOf('data-policy="later"'));
    expect(html).toContain('in force on 1 Jan 2026');
    expect(html).toContain('not in force on 1 Jan 2026');
    expect(html).toContain('<time datetime="2023-08-01">1 Aug 2023</time>');
    expect(html).toContain('Source: </span>U.S. Geological Survey');
  });
  test('says when nothing matches', () => {
    expect(render(<Timeline policies={[]} day="today" />)).toContain('No measure matches.');
  });
});

describe('search results', () => {
  test('lead to the view of each kind', () => {
    expect(hitOf({ __typename: 'Mineral', id: 'gallium', name: 'Gallium' })?.to).toEqual({ view: 'mineral', id: 'gallium', stage: null, year: null });
    expect(hitOf({ __typename: 'Country', code: 'CL', name: 'Chile' })?.to).toEqual({ view: 'country', code: 'CL' });
    expect(hitOf({ __typename: 'Facility', id: 'mt-weld', name: 'Mount Weld', country: { code: 'AU', name: 'Australia' } })?.to).toEqual({
      view: 'country',
      code: 'AU',
    });
    expect(hitOf({ __typename: 'Policy', id: 'p', title: 'T', issuer: 'CN' })?.to).toEqual({
      view: 'policies',
      issuer: 'CN',
      type: null,
      mineral: null,
      on: null,
    });
    expect(hitOf({ __typename: 'Organisation', id: 'lynas', name: 'Lynas' })).toBeNull();
  });
});

describe('error states', () => {
  const error = (e: Partial<CombinedError>) => ({ graphQLErrors: [], ...e }) as CombinedError;
  test('offer a retry when the API cannot be reached or its database is down', () => {
    expect(describeError(error({ networkError: new Error('Failed to fetch') }))).toMatchObject({ title: 'The API cannot be reached', retry: true });
    const down = error({ graphQLErrors: [{ message: 'Neo4j is unavailable.', extensions: { code: 'UNAVAILABLE' } }] as never });
    expect(describeError(down)).toMatchObject({ title: 'The database is unavailable', retry: true });
  });
  test('say what is missing, without a pointless retry', () => {
    const missing = error({ graphQLErrors: [{ message: 'mineral "unobtainium" not found', extensions: { code: 'NOT_FOUND' } }] as never });
    expect(describeError(missing)).toEqual({ title: 'Not found', detail: 'mineral "unobtainium" not found', retry: false });
  });
});
