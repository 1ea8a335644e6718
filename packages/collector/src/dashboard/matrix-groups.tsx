// Matrix row means per group (from insights): one table per matrix question, groups as columns, intervals in each cell.
import type { Insights, MatrixMeans } from '../results/insights.js';
import { formatScore } from './format.js';
import { SampleNote } from './sample-note.js';

function MatrixTable({ m, groupBy }: { m: MatrixMeans; groupBy: string }) {
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label={`${m.text}: mean per row by ${groupBy}`}>
      <table class="matrix-groups">
        <caption class="sr-only">{`${m.text}: mean on 1–${m.scale} per row, overall and by ${groupBy}, with 95% intervals`}</caption>
        <thead>
          <tr>
            <th scope="col">Row</th>
            <th scope="col" class="num">
              All
            </th>
            {m.groups.map((g) => (
              <th scope="col" class="num" key={g} dir="auto">
                {g}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {m.rows.map((r) => (
            <tr key={r.id}>
              <th scope="row">{r.text}</th>
              {[r.overall, ...r.groups].map((s, i) => (
                <td key={i} class={s.smallSample ? 'num small' : 'num'}>
                  <span class="score">{formatScore('ces', s.mean)}</span>
                  <span class="ci">{s.ci95 ? `${formatScore('ces', s.ci95[0])}–${formatScore('ces', s.ci95[1])}` : 'no interval'}</span>
                  <span class="ci">
                    n = {s.n}
                    {s.smallSample ? ' · too few' : ''}
                  </span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function MatrixGroups({ insights }: { insights: Insights }) {
  if (!insights.groupBy || insights.matrices.length === 0) return null;
  return (
    <section class="panel" aria-labelledby="matrix-groups-h">
      <h3 id="matrix-groups-h">Ratings by {insights.groupBy}</h3>
      {insights.matrices.map((m) => (
        <div key={m.questionId}>
          <h4>{m.text}</h4>
          <MatrixTable m={m} groupBy={insights.groupBy!} />
        </div>
      ))}
      <SampleNote sample={insights.sample} what="responses" />
    </section>
  );
}
