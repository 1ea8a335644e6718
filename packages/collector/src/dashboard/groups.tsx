// The group comparison: each group's scores with intervals and its tested verdict against the rest of the survey.
import type { GroupComparison, GroupResult, HeadlineScores, Results } from '../results/types.js';
import { formatDifference, formatInterval, formatP, formatScore, metricLabel, type Metric } from './format.js';

const scoreOf = (s: HeadlineScores, m: Metric): { v: number | null; ci: [number, number] | null } =>
  m === 'nps'
    ? { v: s.nps?.score ?? null, ci: s.nps?.ci95 ?? null }
    : m === 'csat'
      ? { v: s.csat?.score ?? null, ci: s.csat?.ci95 ?? null }
      : { v: s.ces?.mean ?? null, ci: s.ces?.ci95 ?? null };

const VERDICT_TEXT: Record<GroupComparison['verdict'], string> = {
  better: 'Better than the rest',
  worse: 'Worse than the rest',
  'no-difference': 'No clear difference',
  'too-few': 'Too few answers',
};

function Cell({ group, metric }: { group: GroupResult; metric: Metric }) {
  const { v, ci } = scoreOf(group.scores, metric);
  const c = group.vsRest[metric];
  const verdict = c?.verdict ?? 'too-few';
  const detail =
    c && c.verdict !== 'too-few'
      ? `${formatDifference(metric, c.difference)} vs rest · z = ${c.statistic === null ? '∞' : c.statistic.toFixed(2).replace('-', '−')} · adj. p ${formatP(c.pAdjusted)}`
      : null;
  return (
    <td class={`num verdict ${verdict}`}>
      <span class="score">{formatScore(metric, v)}</span>
      <span class="ci">{ci ? `${formatScore(metric, ci[0])} to ${formatScore(metric, ci[1])}` : 'no interval'}</span>
      <span class="badge">
        {verdict === 'better' && <span aria-hidden="true">▲ </span>}
        {verdict === 'worse' && <span aria-hidden="true">▼ </span>}
        {VERDICT_TEXT[verdict]}
      </span>
      {detail && <span class="ci">{detail}</span>}
    </td>
  );
}

export function GroupTable({ results }: { results: Results }) {
  const metrics = (['nps', 'csat', 'ces'] as const).filter((m) => results.headline[m]);
  if (!results.groupBy) return <p class="muted">Choose an attribute to compare groups.</p>;
  if (results.groups.length === 0) return <p class="muted">No responses in this range.</p>;
  return (
    <>
      <div class="scroll" tabIndex={0} role="region" aria-label={`Scores by ${results.groupBy}`}>
        <table class="groups">
          <caption class="sr-only">
            Scores by {results.groupBy} with 95% intervals; each group is tested against all other responses, Holm-corrected across the groups shown.
          </caption>
          <thead>
            <tr>
              <th scope="col">{results.groupBy}</th>
              <th scope="col" class="num">
                n
              </th>
              {metrics.map((m) => (
                <th scope="col" class="num" key={m}>
                  {metricLabel[m]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr class="all">
              <th scope="row">All</th>
              <td class="num">{results.n}</td>
              {metrics.map((m) => {
                const { v, ci } = scoreOf(results.scores, m);
                return (
                  <td class="num" key={m}>
                    <span class="score">{formatScore(m, v)}</span>
                    <span class="ci">{formatInterval(m, ci)}</span>
                  </td>
                );
              })}
            </tr>
            {results.groups.map((g) => (
              <tr key={g.value}>
                <th scope="row" dir="auto">
                  {g.value}
                </th>
                <td class="num">{g.n}</td>
                {metrics.map((m) => (
                  <Cell key={m} group={g} metric={m} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted note">
        Each group against all other responses (two-sample z-test, Holm-corrected across the groups shown, 5% level). Groups or rests under 30 answers are not
        tested.
        {results.groupsOmitted > 0 && ` ${results.groupsOmitted} smaller groups not shown.`}
      </p>
    </>
  );
}
