import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, filterQuery, filtersFromSearch, filtersToSearch, insightsUrl, resultsUrl } from './api.js';
import { formatDifference, formatP, formatPeriod, formatTick } from './format.js';

describe('dashboard filters in the URL', () => {
  it('round-trips period, interval and grouping through the address bar', () => {
    const f = { range: '30', interval: 'day' as const, groupBy: 'agent' };
    expect(filtersToSearch(f)).toBe('?range=30&interval=day&groupBy=agent');
    expect(filtersFromSearch(filtersToSearch(f))).toEqual(f);
    expect(filtersFromSearch('?groupBy=')).toEqual({ ...DEFAULT_FILTERS, groupBy: '' }); // "Compare by: nothing"
  });

  it('falls back to the defaults for anything unknown or hostile', () => {
    expect(filtersFromSearch('?range=13&interval=hour&groupBy=%3Cscript%3E')).toEqual(DEFAULT_FILTERS);
    expect(filtersFromSearch('')).toEqual(DEFAULT_FILTERS);
  });

  it('turns a period into from/to days ending today, and builds the results and insights URLs', () => {
    const today = new Date(Date.UTC(2026, 3, 29, 15));
    expect(filterQuery({ ...DEFAULT_FILTERS, range: '7' }, today).toString()).toBe('from=2026-04-23&to=2026-04-29');
    expect(filterQuery(DEFAULT_FILTERS, today).toString()).toBe('');
    expect(resultsUrl('a b', DEFAULT_FILTERS)).toBe('/v1/surveys/a%20b/results?interval=week&groupBy=location');
    expect(insightsUrl('x', { ...DEFAULT_FILTERS, groupBy: '' })).toBe('/v1/surveys/x/insights?');
  });
});

describe('dashboard labels', () => {
  it('labels a period by its length', () => {
    expect(formatPeriod('2026-03-02', 'day')).toBe('2 Mar 2026');
    expect(formatPeriod('2026-03-02', 'week')).toBe('Week of 2 Mar 2026');
    expect(formatPeriod('2026-03-01', 'month')).toBe('Mar 2026');
    expect(formatTick('2026-03-02', 'week')).toBe('2 Mar');
    expect(formatTick('2026-03-01', 'month')).toBe('Mar 26');
  });

  it('writes differences with a real minus and p-values as people read them', () => {
    expect(formatDifference('nps', -12.4)).toBe('−12');
    expect(formatDifference('csat', 5)).toBe('+5 pts');
    expect(formatDifference('ces', 0.25)).toBe('+0.3');
    expect(formatP(0.0004)).toBe('< 0.001');
    expect(formatP(0.0312)).toBe('0.03');
    expect(formatP(0.004)).toBe('0.004');
  });
});
