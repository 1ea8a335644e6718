// Reads the shared ?from&to&interval&groupBy filter of the results and export routes, with errors by parameter.
import { META_KEY } from '@tellus/schema';
import { INTERVALS, type Interval } from './buckets.js';

export interface ResultsQuery {
  from?: Date;
  to?: Date;
  interval: Interval;
  groupBy?: string;
}

export type QueryParse = { ok: true; value: ResultsQuery } | { ok: false; error: string; param: string };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** Stored dates lie in this window (see http/storable.ts); a bound outside it is a typo or an attack on the date code. */
export const EARLIEST_BOUND = Date.parse('2000-01-01T00:00:00Z');
export const LATEST_BOUND = Date.parse('2100-01-01T00:00:00Z');

/**
 * A date bound. `YYYY-MM-DD` means the start of that UTC day for `from` and its end for `to`,
 * so `from=2026-03-01&to=2026-03-31` covers all of March.
 */
function parseBound(raw: string, end: boolean): Date | null {
  if (raw.length > 40) return null;
  const t = Date.parse(DATE_ONLY.test(raw) ? `${raw}T00:00:00Z` : raw);
  if (Number.isNaN(t)) return null;
  const at = DATE_ONLY.test(raw) && end ? t + 86_400_000 : t;
  return at >= EARLIEST_BOUND && at <= LATEST_BOUND ? new Date(at) : null;
}

export function parseResultsQuery(q: Record<string, string | undefined>): QueryParse {
  const value: ResultsQuery = { interval: 'day' };
  if (q.from) {
    const d = parseBound(q.from, false);
    if (!d) return { ok: false, param: 'from', error: 'from must be an ISO 8601 date between 2000 and 2100' };
    value.from = d;
  }
  if (q.to) {
    const d = parseBound(q.to, true);
    if (!d) return { ok: false, param: 'to', error: 'to must be an ISO 8601 date between 2000 and 2100' };
    value.to = d;
  }
  if (value.from && value.to && value.from.getTime() >= value.to.getTime())
    return { ok: false, param: 'to', error: 'to must be after from' };
  if (q.interval) {
    if (!(INTERVALS as readonly string[]).includes(q.interval))
      return { ok: false, param: 'interval', error: 'interval must be day, week or month' };
    value.interval = q.interval as Interval;
  }
  if (q.groupBy) {
    if (!META_KEY.test(q.groupBy)) return { ok: false, param: 'groupBy', error: 'groupBy must be a meta attribute name' };
    value.groupBy = q.groupBy;
  }
  return { ok: true, value };
}
