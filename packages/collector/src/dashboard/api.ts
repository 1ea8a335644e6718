// The dashboard's calls to the collector, same-origin with the session cookie, and its filters as URL parameters.
import type { Insights } from '../results/insights.js';
import type { Overview } from '../results/overview.js';
import type { Results } from '../results/types.js';

export interface SurveySummary {
  id: string;
  version: number;
  name: string | null;
  siteKey: string;
  responses: number;
}

export class SignedOut extends Error {}

async function failure(res: Response): Promise<Error> {
  if (res.status === 401) return new SignedOut('signed out');
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  return new Error(body.error ?? `HTTP ${res.status}`);
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/**
 * A GET that sends the ETag of the copy already shown: `null` when the collector answers 304 (nothing
 * new), so polling costs the server a hash and the page no re-render.
 */
export async function getIfChanged<T>(url: string, etag: string | null): Promise<{ body: T; etag: string | null } | null> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (etag) headers['If-None-Match'] = etag;
  const res = await fetch(url, { credentials: 'same-origin', headers, cache: 'no-store' });
  if (res.status === 304) return null;
  if (!res.ok) throw await failure(res);
  return { body: (await res.json()) as T, etag: res.headers.get('ETag') };
}

export const listSurveys = () => getJson<{ surveys: SurveySummary[] }>('/dashboard/api/surveys').then((r) => r.surveys);

export interface Filters {
  range: string; // days as text, or "all"
  interval: 'day' | 'week' | 'month';
  groupBy: string;
}

export const DEFAULT_FILTERS: Filters = { range: 'all', interval: 'week', groupBy: 'location' };
const RANGES = ['7', '30', '90', '365', 'all'];
const INTERVALS = ['day', 'week', 'month'];

/** Filters from the address bar (?range&interval&groupBy), defaults for anything missing or unknown. */
export function filtersFromSearch(search: string): Filters {
  const q = new URLSearchParams(search);
  const range = q.get('range') ?? '';
  const interval = q.get('interval') ?? '';
  const groupBy = q.get('groupBy');
  return {
    range: RANGES.includes(range) ? range : DEFAULT_FILTERS.range,
    interval: INTERVALS.includes(interval) ? (interval as Filters['interval']) : DEFAULT_FILTERS.interval,
    groupBy: groupBy !== null && /^[A-Za-z][A-Za-z0-9_.-]{0,63}$|^$/.test(groupBy) ? groupBy : DEFAULT_FILTERS.groupBy,
  };
}

/** The address-bar form of the filters, so a view can be bookmarked and shared. */
export function filtersToSearch(f: Filters): string {
  return `?${new URLSearchParams({ range: f.range, interval: f.interval, groupBy: f.groupBy })}`;
}

/** The query both results and exports take. Day ranges end today (UTC) inclusive. */
export function filterQuery(f: Filters, today = new Date()): URLSearchParams {
  const q = new URLSearchParams();
  if (f.range !== 'all') {
    const days = Number(f.range);
    const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - (days - 1)));
    q.set('from', from.toISOString().slice(0, 10));
    // Through today, so the trend runs to the present even after quiet days.
    q.set('to', today.toISOString().slice(0, 10));
  }
  return q;
}

export function resultsUrl(surveyId: string, f: Filters): string {
  const q = filterQuery(f);
  q.set('interval', f.interval);
  if (f.groupBy) q.set('groupBy', f.groupBy);
  return `/v1/surveys/${encodeURIComponent(surveyId)}/results?${q}`;
}

export function insightsUrl(surveyId: string, f: Filters): string {
  const q = filterQuery(f);
  if (f.groupBy) q.set('groupBy', f.groupBy);
  return `/v1/surveys/${encodeURIComponent(surveyId)}/insights?${q}`;
}

export const overviewUrl = (range: string) => `/dashboard/api/overview?days=${range === 'all' ? 'all' : encodeURIComponent(range)}`;

export type { Insights, Overview, Results };

export function exportUrl(surveyId: string, f: Filters, format: 'csv' | 'ndjson'): string {
  const q = filterQuery(f);
  if (format === 'csv') q.set('bom', '1');
  const qs = q.toString();
  return `/v1/surveys/${encodeURIComponent(surveyId)}/responses.${format}${qs ? `?${qs}` : ''}`;
}
