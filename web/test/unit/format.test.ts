import { describe, expect, test } from 'vitest';
import { describeReliance, formatAmount, formatDate, formatPercent, formatPeriod, NO_FIGURE, relianceBounds, type RelianceFigure } from '../../src/format';

const reliance = (value: string, lo: number | null, loIn: boolean, hi: number | null, hiIn: boolean, netExporter = false): RelianceFigure => ({
  value,
  lowerBound: lo,
  lowerBoundInclusive: loIn,
  upperBound: hi,
  upperBoundInclusive: hiIn,
  netExporter,
});

describe('figures on screen', () => {
  test('a null figure is “no figure published”, never 0', () => {
    expect(formatPercent(null)).toBe(NO_FIGURE);
    expect(formatPercent(undefined)).toBe(NO_FIGURE);
    expect(formatAmount(null, 't')).toBe(NO_FIGURE);
    expect(NO_FIGURE).toBe('no figure published');
  });
  test('a published 0 stays 0, and tiny shares do not round to it', () => {
    expect(formatPercent(0)).toBe('0%');
    expect(formatPercent(0.01)).toBe('<0.1%');
  });
  test('percents keep one decimal, amounts their unit', () => {
    expect(formatPercent(98.44)).toBe('98.4%');
    expect(formatPercent(70)).toBe('70%');
    expect(formatAmount(600000, 'kg')).toBe('600,000 kg');
  });
  test('dates are written without time zones', () => {
    expect(formatDate('2023-08-01')).toBe('1 Aug 2023');
    expect(formatDate(null)).toBe('no date published');
    expect(formatPeriod(2020, 2023)).toBe('2020–2023');
    expect(formatPeriod(2024, 2024)).toBe('2024');
  });
});

describe('net import reliance as USGS states it', () => {
  test('says a figure, a bound and a net exporter in words', () => {
    expect(describeReliance(reliance('100', 100, true, 100, true))).toBe('100%');
    expect(describeReliance(reliance('>50', 50, false, 100, true))).toBe('more than 50%');
    expect(describeReliance(reliance('<25', 0, true, 25, false))).toBe('less than 25%');
    expect(describeReliance(reliance('E', null, false, 0, false, true))).toBe('net exporter');
  });
  test('writes the bounds with their inclusiveness', () => {
    expect(relianceBounds(reliance('100', 100, true, 100, true))).toBe('exactly 100%');
    expect(relianceBounds(reliance('>50', 50, false, 100, true))).toBe('above 50% and at most 100%');
    expect(relianceBounds(reliance('<25', 0, true, 25, false))).toBe('at least 0% and below 25%');
    expect(relianceBounds(reliance('E', null, false, 0, false, true))).toBe('below 0% (net exporter)');
  });
});
