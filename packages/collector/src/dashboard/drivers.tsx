// Key drivers: importance against current mean as a quadrant chart ("fix this first": important and low), with the same numbers as a table.
import { useState } from 'preact/hooks';
import type { Driver, DriverAnalysis, Quadrant } from '../results/drivers.js';
import type { Insights } from '../results/insights.js';
import { SampleNote } from './sample-note.js';

const W = 520;
const H = 320;
const PAD = { left: 48, right: 16, top: 16, bottom: 40 };

export const QUADRANT_TEXT: Record<Quadrant, string> = {
  'fix-first': 'Fix this first',
  strength: 'Strength',
  watch: 'Watch',
  maintain: 'Maintain',
};

const pct = (v: number) => `${Math.round(100 * v)}%`;

function Quadrants({ analysis, id }: { analysis: DriverAnalysis; id: string }) {
  const { drivers } = analysis;
  const k = drivers.length;
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const maxImportance = Math.max(2 / k, ...drivers.map((d) => d.ci95?.[1] ?? d.importance));
  const xAt = (position: number) => PAD.left + position * innerW;
  const yAt = (importance: number) => PAD.top + innerH - (importance / maxImportance) * innerH;
  const averagePosition = drivers.reduce((s, d) => s + d.position, 0) / k;
  const first = drivers.filter((d) => d.quadrant === 'fix-first').map((d) => d.label);
  // Labels of dimensions that land close together are pushed apart vertically, so each stays readable.
  const labelY = new Map<string, number>();
  let below = -Infinity;
  const stack = [...drivers].sort((a, b) => yAt(a.importance) - yAt(b.importance) || a.position - b.position);
  const ys = stack.map((d) => (below = Math.max(yAt(d.importance) + 4, below + 13)));
  // A stack pushed past the axis moves up again as a whole.
  let limit = H - PAD.bottom - 2;
  for (let i = ys.length - 1; i >= 0; i--) limit = (ys[i] = Math.min(ys[i]!, limit)) - 13;
  stack.forEach((d, i) => labelY.set(d.id, ys[i]!));
  const title = first.length ? `Key drivers: fix first ${first.join(', ')}.` : 'Key drivers: nothing is both important and below average.';
  return (
    <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title`} class="quadrants">
      <title id={`${id}-title`}>{title} The table below has every value.</title>
      <rect class="fix-zone" x={PAD.left} y={PAD.top} width={xAt(averagePosition) - PAD.left} height={yAt(1 / k) - PAD.top} />
      <line class="grid" x1={xAt(averagePosition)} x2={xAt(averagePosition)} y1={PAD.top} y2={H - PAD.bottom} />
      <line class="grid" x1={PAD.left} x2={W - PAD.right} y1={yAt(1 / k)} y2={yAt(1 / k)} />
      <line class="axis" x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
      <line class="axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} />
      <text x={PAD.left + 4} y={PAD.top + 12} class="zone-label">
        Fix this first
      </text>
      <text x={W - PAD.right - 4} y={PAD.top + 12} text-anchor="end" class="zone-label">
        Strength
      </text>
      {drivers.map((d) => (
        <g key={d.id} class={`driver ${d.quadrant}`}>
          {d.ci95 && <line class="whisker" x1={xAt(d.position)} x2={xAt(d.position)} y1={yAt(d.ci95[0])} y2={yAt(d.ci95[1])} />}
          <circle class="dot" cx={xAt(d.position)} cy={yAt(d.importance)} r={5} />
          <text x={xAt(d.position) + 8} y={labelY.get(d.id)}>
            {d.label}
          </text>
        </g>
      ))}
      <text x={PAD.left + innerW / 2} y={H - 8} text-anchor="middle" class="axis-title">
        Current rating (low → high)
      </text>
      <text x={14} y={PAD.top + innerH / 2} text-anchor="middle" class="axis-title" transform={`rotate(-90 14 ${PAD.top + innerH / 2})`}>
        Importance
      </text>
    </svg>
  );
}

function DriverTable({ drivers, label }: { drivers: Driver[]; label: string }) {
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">Dimension</th>
            <th scope="col" class="num">
              Importance
            </th>
            <th scope="col" class="num">
              95% interval
            </th>
            <th scope="col" class="num">
              Mean
            </th>
            <th scope="col">Quadrant</th>
          </tr>
        </thead>
        <tbody>
          {drivers.map((d) => (
            <tr key={d.id} class={d.quadrant}>
              <th scope="row">{d.label}</th>
              <td class="num">{pct(d.importance)}</td>
              <td class="num">{d.ci95 ? `${pct(d.ci95[0])}–${pct(d.ci95[1])}` : '–'}</td>
              <td class="num">{d.mean.toFixed(2)}</td>
              <td>
                <span class={`quadrant ${d.quadrant}`}>{QUADRANT_TEXT[d.quadrant]}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DriversPanel({ insights }: { insights: Insights }) {
  const { drivers } = insights;
  const [group, setGroup] = useState('');
  if (!drivers.outcome) return <p class="muted">Key drivers need an NPS or rating question to explain.</p>;
  const chosen = group ? drivers.groups.find((g) => g.value === group) : undefined;
  const analysis = group ? (chosen?.analysis ?? null) : drivers.overall;
  const where = group ? ` in ${insights.groupBy} ${group}` : '';
  return (
    <>
      <p class="muted">
        How much each rated dimension explains {drivers.outcome.text.trim() || drivers.outcome.questionId} (share of R², Shapley decomposition, bootstrap 95%
        intervals), against its current mean.
      </p>
      {drivers.groups.length > 0 && (
        <label class="inline">
          Drivers for{' '}
          <select value={group} onChange={(e) => setGroup(e.currentTarget.value)}>
            <option value="">All responses</option>
            {drivers.groups.map((g) => (
              <option value={g.value} key={g.value}>
                {insights.groupBy}: {g.value}
              </option>
            ))}
          </select>
        </label>
      )}
      {analysis ? (
        <>
          <Quadrants analysis={analysis} id={`drivers-${group || 'all'}`} />
          <p class="muted">
            R² = {analysis.r2.toFixed(2)} from {analysis.n} respondents who answered every dimension{where}.
          </p>
          <DriverTable drivers={analysis.drivers} label={`Importance and mean per dimension${where}`} />
        </>
      ) : (
        <p class="muted">Too few complete answers{where} to rank drivers (30 needed).</p>
      )}
      {drivers.dimensionsOmitted > 0 && <p class="muted">{drivers.dimensionsOmitted} further rated dimensions were left out (at most 10 are analysed).</p>}
      <SampleNote sample={insights.sample} what="responses" />
    </>
  );
}
