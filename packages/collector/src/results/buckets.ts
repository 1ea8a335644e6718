// UTC time buckets (day, ISO week starting Monday, month) for the results time series.
export type Interval = 'day' | 'week' | 'month';
export const INTERVALS: readonly Interval[] = ['day', 'week', 'month'];

const DAY = 86_400_000;

/** The start of the UTC bucket holding `t`. */
export function bucketStart(t: Date, interval: Interval): Date {
  const day = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
  if (interval === 'day') return new Date(day);
  if (interval === 'week') return new Date(day - ((t.getUTCDay() + 6) % 7) * DAY);
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), 1));
}

/** The start of the bucket after the one starting at `start`. */
export function nextBucket(start: Date, interval: Interval): Date {
  if (interval === 'day') return new Date(start.getTime() + DAY);
  if (interval === 'week') return new Date(start.getTime() + 7 * DAY);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/** Bucket label: the bucket's first day as YYYY-MM-DD. */
export const bucketKey = (start: Date) => start.toISOString().slice(0, 10);

/**
 * Every bucket start from `first` to `last` inclusive, so charts show empty periods as gaps,
 * or null when there would be more than `max` (a wide range at day resolution).
 */
export function bucketRange(first: Date, last: Date, interval: Interval, max = 1000): Date[] | null {
  const out: Date[] = [];
  for (let b = bucketStart(first, interval); b.getTime() <= last.getTime(); b = nextBucket(b, interval)) {
    if (out.length >= max) return null;
    out.push(b);
  }
  return out;
}
