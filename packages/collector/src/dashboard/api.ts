// The dashboard's calls to the collector, same-origin with the session cookie.
import type { Results } from '../results/types.js';

export interface SurveySummary {
  id: string;
  version: number;
  name: string | null;
  siteKey: string;
  responses: number;
}

export class SignedOut extends Error {}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (res.status === 401) throw new SignedOut('signed out');
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    throw new Error(body.error ?? `HTTP ${res.status}`);
  }
  return (await res.json()) as T;
}

export const listSurveys = () => getJson<{ surveys: SurveySummary[] }>('/dashboard/api/surveys').then((r) => r.surveys);

export interface Filters {
  range: string; // days as text, or "all"
  interval: 'day' | 'week' | 'month';
  groupBy: string;
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

export function getResults(surveyId: string, f: Filters): Promise<Results> {
  const q = filterQuery(f);
  q.set('interval', f.interval);
  if (f.groupBy) q.set('groupBy', f.groupBy);
  return getJson<Results>(`/v1/surveys/${encodeURIComponent(surveyId)}/results?${q}`);
}

export function exportUrl(surveyId: string, f: Filters, format: 'csv' | 'ndjson'): string {
  const q = filterQuery(f);
  if (format === 'csv') q.set('bom', '1');
  const qs = q.toString();
  return `/v1/surveys/${encodeURIComponent(surveyId)}/responses.${format}${qs ? `?${qs}` : ''}`;
}
