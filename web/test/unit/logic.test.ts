import { afterEach, describe, expect, test, vi } from 'vitest';
import { debounce } from '../../src/debounce';
import { byYear, dateOf, dayNumber, lanes, todayUTC } from '../../src/policy';
import { classOf, colorOf, noFigureColor, shareClasses } from '../../src/scale';
import { latestByMineralAndStage, leader, pickStage, yearsByStage } from '../../src/shares';

describe('the map’s colour classes', () => {
  test('put each percent in one class, bounds included below', () => {
    expect(classOf(0)).toBe(0);
    expect(classOf(0.99)).toBe(0);
    expect(classOf(1)).toBe(1);
    expect(classOf(50)).toBe(5);
    expect(classOf(74.9)).toBe(5);
    expect(classOf(75)).toBe(6);
    expect(classOf(100)).toBe(6);
  });
  test('give null the no-figure grey, which no class uses', () => {
    expect(colorOf(null)).toBe(noFigureColor);
    expect(shareClasses.map((c) => c.color)).not.toContain(noFigureColor);
    expect(new Set(shareClasses.map((c) => c.color)).size).toBe(shareClasses.length);
  });
});

describe('policy timelines', () => {
  const p = (id: string, announced: string | null, effective: string | null) => ({ id, announced, effective });
  test('place a measure on its effective day, else its announcement', () => {
    expect(dateOf(p('a', '2023-07-03', '2023-08-01'))).toBe('2023-08-01');
    expect(dateOf(p('b', '2025-10-20', null))).toBe('2025-10-20');
    expect(dateOf(p('c', null, null))).toBeNull();
  });
  test('group by year, in date order, undated last', () => {
    const groups = byYear([
      p('late', null, '2025-02-04'),
      p('undated', null, null),
      p('early', '2023-07-03', '2023-08-01'),
      p('same-b', null, '2025-02-04'),
      p('mid', '2024-12-03', null),
    ]);
    expect(groups.map((g) => [g.year, g.items.map((i) => i.id)])).toEqual([
      [2023, ['early']],
      [2024, ['mid']],
      [2025, ['late', 'same-b']],
      [null, ['undated']],
    ]);
  });
  test('today is the UTC day', () => {
    expect(todayUTC(new Date('2026-12-02T23:30:00-05:00'))).toBe('2026-12-03');
  });
});

describe('shares', () => {
  const s = (mineral: string, stage: 'MINING' | 'REFINING', year: number, percent: number | null) => ({
    mineral: { id: mineral, name: mineral[0].toUpperCase() + mineral.slice(1) },
    stage,
    year,
    percent,
  });
  test('a country’s table keeps the latest year of each mineral and stage', () => {
    const out = latestByMineralAndStage([
      s('lithium', 'MINING', 2022, 10),
      s('cobalt', 'REFINING', 2024, 78),
      s('lithium', 'MINING', 2023, 12),
      s('cobalt', 'MINING', 2023, null),
    ]);
    expect(out.map((x) => `${x.mineral.id}/${x.stage}/${x.year}`)).toEqual(['cobalt/MINING/2023', 'cobalt/REFINING/2024', 'lithium/MINING/2023']);
  });
  test('the stage shown is the asked one, else the first with figures', () => {
    const available = yearsByStage([
      { stage: 'REFINING', year: 2023 },
      { stage: 'REFINING', year: 2024 },
      { stage: 'REFINING', year: 2023 },
    ]);
    expect(available.get('REFINING')).toEqual([2024, 2023]);
    expect(pickStage(null, available)).toBe('REFINING');
    expect(pickStage('MINING', available)).toBe('MINING');
    expect(pickStage(null, new Map())).toBe('MINING');
  });
  test('a withheld figure cannot lead', () => {
    const c = (code: string, percent: number | null) => ({ country: { code, name: code }, percent });
    expect(leader([c('XX', null), c('CN', 60), c('AU', 20)])?.country.code).toBe('CN');
    expect(leader([c('XX', null)])).toBeNull();
    expect(leader(null)).toBeNull();
  });
});

describe('debounce', () => {
  afterEach(() => vi.useRealTimers());
  test('calls once, with the last value, after the calls stop', () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const d = debounce((v: string) => seen.push(v), 250);
    for (const v of ['l', 'li', 'lit', 'lith']) {
      d(v);
      vi.advanceTimersByTime(100);
    }
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(250);
    expect(seen).toEqual(['lith']);
  });
  test('drops a pending call when cancelled', () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const d = debounce((v: string) => seen.push(v), 250);
    d('x');
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual([]);
  });
});

describe('timeline lanes', () => {
  test('keep marks at least the gap apart in each lane, using as few lanes as they can', () => {
    const xs = [10, 12, 30, 11, 50, 55];
    const l = lanes(xs, 5);
    for (let i = 0; i < xs.length; i++) {
      for (let j = i + 1; j < xs.length; j++) {
        if (l[i] === l[j]) expect(Math.abs(xs[i] - xs[j])).toBeGreaterThanOrEqual(5);
      }
    }
    expect(Math.max(...l)).toBe(2);
    expect(lanes([0, 100, 200], 5)).toEqual([0, 0, 0]);
  });
  test('count days without time zones', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('2024-03-01') - dayNumber('2024-02-28')).toBe(2);
  });
});
