// The all-surveys overview: each survey's headline score, responses, a trend spark and the change against the previous period.
import type { Overview, OverviewRow } from '../results/overview.js';
import { formatDifference, formatInterval, formatPeriod, formatScore, metricLabel, metricRange } from './format.js';

const CHANGE_TEXT = { up: 'Up', down: 'Down', 'no-clear-change': 'No clear change', 'too-few': 'Too few answers to tell' } as const;

/** A small line of the period's scores; the row's text says the same in words. */
function Spark({ row }: { row: OverviewRow }) {
  if (!row.metric) return null;
  const [min, max] = metricRange[row.metric];
  const w = 120;
  const h = 28;
  const step = row.spark.length > 1 ? w / (row.spark.length - 1) : 0;
  const y = (v: number) => h - 2 - ((v - min) / (max - min)) * (h - 4);
  let d = '';
  let pen = false;
  row.spark.forEach((p, i) => {
    if (p.score === null) return void (pen = false);
    d += `${pen ? 'L' : 'M'}${(i * step).toFixed(1)},${y(p.score).toFixed(1)}`;
    pen = true;
  });
  const dots = row.spark.map((p, i) => ({ p, i })).filter(({ p }) => p.score !== null);
  return (
    <svg class="spark" viewBox={`-3 0 ${w + 6} ${h}`} width={w + 6} height={h} aria-hidden="true" focusable="false">
      <path d={d} />
      {dots.length <= 12 && dots.map(({ p, i }) => <circle key={p.start} cx={i * step} cy={y(p.score!)} r={2} />)}
    </svg>
  );
}

function sparkText(row: OverviewRow, interval: Overview['interval']): string {
  const m = row.metric;
  if (!m) return 'no score question';
  const scored = row.spark.filter((p) => p.score !== null);
  if (!scored.length) return 'no scored answers';
  const first = scored[0]!;
  const last = scored[scored.length - 1]!;
  return `${formatScore(m, first.score)} (${formatPeriod(first.start, interval)}) to ${formatScore(m, last.score)} (${formatPeriod(last.start, interval)})`;
}

export function OverviewTable({ overview }: { overview: Overview }) {
  if (overview.surveys.length === 0) return <p>Push a survey with `tellus surveys push` to see results here.</p>;
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label="All surveys">
      <table class="overview">
        <caption class="sr-only">Every survey's headline score in the period, its responses, its trend and its change against the previous period.</caption>
        <thead>
          <tr>
            <th scope="col">Survey</th>
            <th scope="col" class="num">
              Score
            </th>
            <th scope="col" class="num">
              n
            </th>
            <th scope="col">Trend</th>
            <th scope="col">vs previous period</th>
          </tr>
        </thead>
        <tbody>
          {overview.surveys.map((row) => (
            <tr key={row.id}>
              <th scope="row">
                <a href={`/dashboard/surveys/${encodeURIComponent(row.id)}${location.search}`}>{row.name ?? row.id}</a>
                <span class="ci">
                  {row.id} v{row.version}
                </span>
              </th>
              <td class="num">
                {row.metric ? (
                  <>
                    <span class="score">
                      {metricLabel[row.metric]} {formatScore(row.metric, row.score)}
                    </span>
                    <span class="ci">{formatInterval(row.metric, row.ci95)}</span>
                  </>
                ) : (
                  <span class="muted">no score</span>
                )}
              </td>
              <td class="num">{row.n}</td>
              <td>
                <Spark row={row} />
                <span class="sr-only">{sparkText(row, overview.interval)}</span>
              </td>
              <td>
                {row.previous && row.previous.n === 0 && row.metric ? (
                  <span class="muted">No answers in the period before</span>
                ) : row.change && row.metric ? (
                  <span class={`change ${row.change.verdict}`}>
                    {row.change.verdict === 'up' && <span aria-hidden="true">▲ </span>}
                    {row.change.verdict === 'down' && <span aria-hidden="true">▼ </span>}
                    {formatDifference(row.metric, row.change.difference)} · {CHANGE_TEXT[row.change.verdict]}
                    {row.previous && (
                      <span class="ci">
                        was {formatScore(row.metric, row.previous.score)}, n = {row.previous.n}
                      </span>
                    )}
                  </span>
                ) : (
                  <span class="muted">–</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
