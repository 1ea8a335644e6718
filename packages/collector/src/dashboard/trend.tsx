// The trend chart: a hand-written SVG line of one score over time with its 95% interval as a band.
import type { SeriesPoint } from '../results/types.js';
import { formatDay, formatScore, metricLabel, metricRange, type Metric } from './format.js';

const W = 640;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

interface Point {
  x: number;
  y: number;
  lo: number;
  hi: number;
}

const valueOf = (p: SeriesPoint, m: Metric): { v: number | null; ci: [number, number] | null } => {
  if (m === 'nps') return { v: p.scores.nps?.score ?? null, ci: p.scores.nps?.ci95 ?? null };
  if (m === 'csat') return { v: p.scores.csat?.score ?? null, ci: p.scores.csat?.ci95 ?? null };
  return { v: p.scores.ces?.mean ?? null, ci: p.scores.ces?.ci95 ?? null };
};

export function TrendChart({ series, metric, id }: { series: SeriesPoint[]; metric: Metric; id: string }) {
  const [min, max] = metricRange[metric];
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const xAt = (i: number) => PAD.left + (series.length <= 1 ? innerW / 2 : (i * innerW) / (series.length - 1));
  const yAt = (v: number) => PAD.top + ((max - Math.min(max, Math.max(min, v))) * innerH) / (max - min);

  // Empty buckets break the line, so a quiet week is a gap, not a slope.
  const segments: Point[][] = [];
  let current: Point[] = [];
  series.forEach((p, i) => {
    const { v, ci } = valueOf(p, metric);
    if (v === null) {
      if (current.length) segments.push(current);
      current = [];
      return;
    }
    current.push({ x: xAt(i), y: yAt(v), lo: yAt(ci ? ci[0] : v), hi: yAt(ci ? ci[1] : v) });
  });
  if (current.length) segments.push(current);

  const ticks = metric === 'ces' ? [1, 2, 3, 4, 5, 6, 7] : metric === 'nps' ? [-100, -50, 0, 50, 100] : [0, 25, 50, 75, 100];
  const labelIdx = series.length <= 1 ? [0] : [0, Math.floor((series.length - 1) / 2), series.length - 1];
  const valued = series.filter((p) => valueOf(p, metric).v !== null);
  const last = valued[valued.length - 1];
  const summary = last
    ? `${metricLabel[metric]} by period from ${formatDay(series[0]!.start)} to ${formatDay(series[series.length - 1]!.start)}; latest ${formatScore(metric, valueOf(last, metric).v)} (${formatDay(last.start)}).`
    : `No ${metricLabel[metric]} answers in this range.`;

  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title`}>
      <title id={`${id}-title`}>{summary}</title>
      {ticks.map((t) => (
        <g key={t}>
          <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={yAt(t)} y2={yAt(t)} />
          <text x={PAD.left - 6} y={yAt(t) + 4} text-anchor="end">
            {formatScore(metric, t)}
          </text>
        </g>
      ))}
      <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
      {segments.map((seg, i) => (
        <g key={i}>
          {seg.length > 1 && (
            <path class="band" d={`M${seg.map((p) => `${p.x},${p.hi}`).join('L')}L${[...seg].reverse().map((p) => `${p.x},${p.lo}`).join('L')}Z`} />
          )}
          {seg.length > 1 && <path class="line" d={`M${seg.map((p) => `${p.x},${p.y}`).join('L')}`} />}
          {seg.map((p, j) => (
            <circle key={j} class="dot" cx={p.x} cy={p.y} r={3} />
          ))}
        </g>
      ))}
      {series.length > 0 &&
        labelIdx.map((i, k) => (
          <text key={k} x={xAt(i)} y={H - 8} text-anchor={k === 0 && labelIdx.length > 1 ? 'start' : k === labelIdx.length - 1 && labelIdx.length > 1 ? 'end' : 'middle'}>
            {formatDay(series[i]!.start)}
          </text>
        ))}
    </svg>
  );
}

/** The chart's numbers as a table, for screen readers and for anyone who wants exact values. */
export function TrendTable({ series, metric }: { series: SeriesPoint[]; metric: Metric }) {
  return (
    <details>
      <summary>Trend data</summary>
      <div class="scroll" tabIndex={0} role="region" aria-label={`${metricLabel[metric]} by period`}>
        <table>
          <thead>
            <tr>
              <th scope="col">Period from</th>
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
              const { v, ci } = valueOf(p, metric);
              return (
                <tr key={p.start}>
                  <th scope="row">{formatDay(p.start)}</th>
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
