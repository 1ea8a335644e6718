// The trend chart: one score per period as a point with its 95% interval as a whisker, readable with a few points or many.
import type { SeriesPoint } from '../results/types.js';
import { formatPeriod, formatScore, formatTick, intervalNoun, metricLabel, metricRange, type Metric } from './format.js';

const W = 640;
const H = 230;
const PAD = { left: 44, right: 16, top: 12, bottom: 34 };

type Interval = 'day' | 'week' | 'month';

const pointValue = (p: SeriesPoint, m: Metric): { v: number | null; ci: [number, number] | null } => {
  if (m === 'nps') return { v: p.scores.nps?.score ?? null, ci: p.scores.nps?.ci95 ?? null };
  if (m === 'csat') return { v: p.scores.csat?.score ?? null, ci: p.scores.csat?.ci95 ?? null };
  return { v: p.scores.ces?.mean ?? null, ci: p.scores.ces?.ci95 ?? null };
};

/** At most about eight labels on the axis, always the first and last period. */
function labelIndexes(count: number): number[] {
  if (count <= 8) return Array.from({ length: count }, (_, i) => i);
  const step = Math.ceil((count - 1) / 7);
  const out: number[] = [];
  for (let i = 0; i < count - 1; i += step) out.push(i);
  if (count - 1 - out[out.length - 1]! < step / 2) out.pop();
  return [...out, count - 1];
}

export function TrendChart({ series, metric, interval, id }: { series: SeriesPoint[]; metric: Metric; interval: Interval; id: string }) {
  const [min, max] = metricRange[metric];
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  // Each period gets a slot; points sit in the middle of theirs, so two points do not hug the edges.
  const slot = innerW / Math.max(1, series.length);
  const xAt = (i: number) => PAD.left + slot * (i + 0.5);
  const yAt = (v: number) => PAD.top + ((max - Math.min(max, Math.max(min, v))) * innerH) / (max - min);
  const ticks = metric === 'ces' ? [1, 2, 3, 4, 5, 6, 7] : metric === 'nps' ? [-100, -50, 0, 50, 100] : [0, 25, 50, 75, 100];
  const points = series.map((p, i) => ({ i, p, ...pointValue(p, metric) }));
  const valued = points.filter((x) => x.v !== null);
  const last = valued[valued.length - 1];
  const noun = intervalNoun[interval];
  const summary = last
    ? `${metricLabel[metric]} per ${noun}, ${series.length} ${noun}s from ${formatPeriod(series[0]!.start, interval)} to ${formatPeriod(series[series.length - 1]!.start, interval)}; latest ${formatScore(metric, last.v)} (${formatPeriod(last.p.start, interval)}, n = ${last.p.n}).`
    : `No ${metricLabel[metric]} answers in this range.`;

  // A thin line joins neighbouring periods that both have a score; an empty period leaves a gap.
  const joins: string[] = [];
  for (let k = 1; k < points.length; k++) {
    const a = points[k - 1]!;
    const b = points[k]!;
    if (a.v !== null && b.v !== null) joins.push(`M${xAt(a.i)},${yAt(a.v)}L${xAt(b.i)},${yAt(b.v)}`);
  }

  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title`}>
      <title id={`${id}-title`}>{summary}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line class={t === 0 && metric === 'nps' ? 'grid zero' : 'grid'} x1={PAD.left} x2={W - PAD.right} y1={yAt(t)} y2={yAt(t)} />
          <text x={PAD.left - 6} y={yAt(t) + 4} text-anchor="end">
            {formatScore(metric, t)}
          </text>
        </g>
      ))}
      <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
      {joins.length > 0 && <path class="line" d={joins.join('')} />}
      {valued.map(({ i, v, ci, p }) => (
        <g key={p.start} class={p.n < 30 ? 'point small' : 'point'}>
          {ci && <line class="whisker" x1={xAt(i)} x2={xAt(i)} y1={yAt(ci[0])} y2={yAt(ci[1])} />}
          {ci && <line class="whisker" x1={xAt(i) - 4} x2={xAt(i) + 4} y1={yAt(ci[0])} y2={yAt(ci[0])} />}
          {ci && <line class="whisker" x1={xAt(i) - 4} x2={xAt(i) + 4} y1={yAt(ci[1])} y2={yAt(ci[1])} />}
          <circle class="dot" cx={xAt(i)} cy={yAt(v!)} r={series.length > 40 ? 2.5 : 4} />
        </g>
      ))}
      {series.length > 0 &&
        labelIndexes(series.length).map((i) => (
          <text key={i} x={xAt(i)} y={H - PAD.bottom + 16} text-anchor="middle">
            {formatTick(series[i]!.start, interval)}
          </text>
        ))}
      <text class="axis-title" x={PAD.left + innerW / 2} y={H - 2} text-anchor="middle">
        {`${metricLabel[metric]} per ${noun} · whiskers: 95% interval · hollow: under 30 answers`}
      </text>
    </svg>
  );
}

/** The chart's numbers as a table, for screen readers and for anyone who wants exact values. */
export function TrendTable({ series, metric, interval }: { series: SeriesPoint[]; metric: Metric; interval: Interval }) {
  return (
    <details>
      <summary>Trend data</summary>
      <div class="scroll" tabIndex={0} role="region" aria-label={`${metricLabel[metric]} per ${intervalNoun[interval]}`}>
        <table>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col" class="num">
                n
              </th>
              <th scope="col" class="num">
                {metricLabel[metric]}
              </th>
              <th scope="col">95% interval</th>
            </tr>
          </thead>
          <tbody>
            {series.map((p) => {
              const { v, ci } = pointValue(p, metric);
              return (
                <tr key={p.start}>
                  <th scope="row">{formatPeriod(p.start, interval)}</th>
                  <td class="num">{p.n}</td>
                  <td class="num">{formatScore(metric, v)}</td>
                  <td>{ci ? `${formatScore(metric, ci[0])} to ${formatScore(metric, ci[1])}` : '–'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </details>
  );
}
