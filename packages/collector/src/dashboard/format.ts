// Number and date formatting for the dashboard: signed NPS points, percentages, means, intervals.
export type Metric = 'nps' | 'csat' | 'ces';

const minus = (s: string) => s.replace('-', '−');

export function formatScore(metric: Metric, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (metric === 'nps') return minus(`${v > 0 ? '+' : ''}${Math.round(v)}`);
  if (metric === 'csat') return `${Math.round(v)}%`;
  return v.toFixed(1);
}

export function formatInterval(metric: Metric, ci: [number, number] | null | undefined): string {
  if (!ci) return 'no interval yet';
  return `95% CI ${formatScore(metric, ci[0])} to ${formatScore(metric, ci[1])}`;
}

export const formatPercent = (part: number, whole: number) => (whole > 0 ? `${Math.round((100 * part) / whole)}%` : '–');

/** "2 Mar 2026" in UTC, the zone the buckets use. */
export function formatDay(isoDay: string): string {
  const d = new Date(isoDay.length === 10 ? `${isoDay}T00:00:00Z` : isoDay);
  return Number.isNaN(d.getTime()) ? isoDay : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime())
    ? iso
    : d.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC';
}

export const metricLabel: Record<Metric, string> = { nps: 'NPS', csat: 'CSAT', ces: 'CES' };

/** The y range a metric lives in, for charts. */
export const metricRange: Record<Metric, [number, number]> = { nps: [-100, 100], csat: [0, 100], ces: [1, 7] };

/** A bucket's label matching its length: "2 Mar 2026", "Week of 2 Mar 2026", "Mar 2026". */
export function formatPeriod(isoDay: string, interval: 'day' | 'week' | 'month'): string {
  if (interval === 'day') return formatDay(isoDay);
  if (interval === 'week') return `Week of ${formatDay(isoDay)}`;
  const d = new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? isoDay : d.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** Short axis label for a bucket: "2 Mar", or "Mar 26" for months. */
export function formatTick(isoDay: string, interval: 'day' | 'week' | 'month'): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return isoDay;
  return interval === 'month'
    ? d.toLocaleDateString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' })
    : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

export const intervalNoun: Record<'day' | 'week' | 'month', string> = { day: 'day', week: 'week', month: 'month' };

/** A signed difference in the metric's points: "+12", "−0.4". */
export function formatDifference(metric: Metric, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const text = metric === 'ces' ? Math.abs(v).toFixed(1) : String(Math.round(Math.abs(v)));
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${text}${metric === 'csat' ? ' pts' : ''}`;
}

/** p-values as people read them: "< 0.001", "0.03". */
export const formatP = (p: number | null | undefined) => (p === null || p === undefined ? '–' : p < 0.001 ? '< 0.001' : p.toFixed(p < 0.01 ? 3 : 2));
