// The dashboard's result panels: score cards, question distributions, the group comparison and comments.
import type { Comment, GroupResult, HeadlineScores, QuestionResult, Results } from '../results/types.js';
import { formatDateTime, formatInterval, formatPercent, formatScore, metricLabel, type Metric } from './format.js';

function Bar({ part, whole }: { part: number; whole: number }) {
  const w = whole > 0 ? (100 * part) / whole : 0;
  return (
    <svg viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect class="track" x="0" y="0" width="100" height="12" rx="2" />
      <rect class="fill" x="0" y="0" width={w} height="12" rx="2" />
    </svg>
  );
}

export function ScoreCards({ results }: { results: Results }) {
  const { scores, headline } = results;
  const cards: preact.JSX.Element[] = [];
  if (headline.nps && scores.nps) {
    const s = scores.nps;
    cards.push(
      <div class="card" key="nps">
        <h3>NPS</h3>
        <p class="value">{formatScore('nps', s.score)}</p>
        <p>{formatInterval('nps', s.ci95)}</p>
        <p>
          n = {s.n} · {s.promoters} promoters · {s.passives} passives · {s.detractors} detractors
        </p>
        {s.smallSample && <span class="flag">Small sample (under 30)</span>}
      </div>,
    );
  }
  if (headline.csat && scores.csat) {
    const s = scores.csat;
    cards.push(
      <div class="card" key="csat">
        <h3>CSAT (top-2-box of {headline.csat.scale})</h3>
        <p class="value">{formatScore('csat', s.score)}</p>
        <p>{formatInterval('csat', s.ci95)}</p>
        <p>
          n = {s.n} · {s.satisfied} satisfied
        </p>
        {s.smallSample && <span class="flag">Small sample (under 30)</span>}
      </div>,
    );
  }
  if (headline.ces && scores.ces) {
    const s = scores.ces;
    cards.push(
      <div class="card" key="ces">
        <h3>CES (mean of 1–7)</h3>
        <p class="value">{formatScore('ces', s.mean)}</p>
        <p>{formatInterval('ces', s.ci95)}</p>
        <p>n = {s.n}</p>
        {s.smallSample && <span class="flag">Small sample (under 30)</span>}
      </div>,
    );
  }
  cards.push(
    <div class="card" key="n">
      <h3>Responses</h3>
      <p class="value">{results.n}</p>
      <p>{results.completed} completed</p>
    </div>,
  );
  return <div class="cards">{cards}</div>;
}

function CountTable({ caption, rows, total }: { caption: string; rows: { label: string; count: number }[]; total: number }) {
  return (
    <table>
      <caption class="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Answer</th>
          <th scope="col" class="num">
            Count
          </th>
          <th scope="col" class="num">
            Share
          </th>
          <th scope="col">
            <span class="sr-only">Bar</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.label}>
            <th scope="row">{r.label}</th>
            <td class="num">{r.count}</td>
            <td class="num">{formatPercent(r.count, total)}</td>
            <td class="bar">
              <Bar part={r.count} whole={total} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function QuestionPanel({ q }: { q: QuestionResult }) {
  let body: preact.JSX.Element;
  let summary = `n = ${q.n}`;
  switch (q.type) {
    case 'nps':
      summary += ` · NPS ${formatScore('nps', q.nps.score)}`;
      body = <CountTable caption={q.text} total={q.n} rows={Object.entries(q.distribution).map(([k, count]) => ({ label: k, count }))} />;
      break;
    case 'rating':
      summary += ` · CSAT ${formatScore('csat', q.csat.score)} · mean ${formatScore('ces', q.mean.mean)}`;
      body = <CountTable caption={q.text} total={q.n} rows={Object.entries(q.distribution).map(([k, count]) => ({ label: `${k} of ${q.scale}`, count }))} />;
      break;
    case 'ces':
      summary += ` · mean ${formatScore('ces', q.ces.mean)}`;
      body = <CountTable caption={q.text} total={q.n} rows={Object.entries(q.distribution).map(([k, count]) => ({ label: k, count }))} />;
      break;
    case 'choice':
      body = (
        <CountTable
          caption={q.text}
          total={q.n}
          rows={[...q.options.map((o) => ({ label: o.text, count: o.count })), ...(q.other ? [{ label: 'Other (written)', count: q.other }] : [])]}
        />
      );
      break;
    case 'thumbs':
      body = (
        <CountTable
          caption={q.text}
          total={q.n}
          rows={[
            { label: 'Thumbs up', count: q.up },
            { label: 'Thumbs down', count: q.down },
          ]}
        />
      );
      break;
    case 'matrix': {
      const values = Array.from({ length: q.scale }, (_, i) => String(i + 1));
      body = (
        <div class="scroll" tabIndex={0} role="region" aria-label={`${q.text}: answers per row`}>
          <table>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col" class="num">
                  n
                </th>
                <th scope="col" class="num">
                  Mean
                </th>
                {values.map((v) => (
                  <th scope="col" class="num" key={v}>
                    {v}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {q.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.text}</th>
                  <td class="num">{r.n}</td>
                  <td class="num">{formatScore('ces', r.mean.mean)}</td>
                  {values.map((v) => (
                    <td class="num" key={v}>
                      {r.distribution[v] ?? 0}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
      break;
    }
    case 'text':
      body = <p class="muted">{q.n} written answers; the latest are under Comments.</p>;
      break;
    case 'contact':
    case 'consent':
    case 'cta':
      body = <p class="muted">{q.n} {q.type === 'contact' ? 'left contact details (personal data: in exports, not here)' : q.type === 'consent' ? 'gave consent' : 'clicked the button'}.</p>;
      break;
  }
  return (
    <section class="panel" aria-labelledby={`q-${q.id}`}>
      <h3 id={`q-${q.id}`}>{q.text}</h3>
      <p class="muted">{summary}</p>
      {body}
    </section>
  );
}

export function Distributions({ results }: { results: Results }) {
  return (
    <div class="questions">
      {results.questions.map((q) => (
        <QuestionPanel q={q} key={q.id} />
      ))}
    </div>
  );
}

const metricValue = (s: HeadlineScores, m: Metric): number | null =>
  m === 'nps' ? (s.nps?.score ?? null) : m === 'csat' ? (s.csat?.score ?? null) : (s.ces?.mean ?? null);

/** Lower is better for nothing here: NPS, CSAT and CES (ease, 7 = easy) all read higher = better. */
function ScoreCell({ group, overall, metric }: { group: GroupResult; overall: HeadlineScores; metric: Metric }) {
  const v = metricValue(group.scores, metric);
  const o = metricValue(overall, metric);
  const below = v !== null && o !== null && v < o;
  return (
    <td class={below ? 'num below' : 'num'}>
      {below && <span aria-hidden="true">▼ </span>}
      {formatScore(metric, v)}
      {below && <span class="sr-only"> (below overall {formatScore(metric, o)})</span>}
    </td>
  );
}

export function GroupTable({ results }: { results: Results }) {
  const metrics = (['nps', 'csat', 'ces'] as const).filter((m) => results.headline[m]);
  if (!results.groupBy) return <p class="muted">Choose an attribute to compare groups.</p>;
  if (results.groups.length === 0) return <p class="muted">No responses in this range.</p>;
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label={`Scores by ${results.groupBy}`}>
      <table>
        <caption class="sr-only">Scores by {results.groupBy}; cells below the overall score are marked.</caption>
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
          <tr>
            <th scope="row">All</th>
            <td class="num">{results.n}</td>
            {metrics.map((m) => (
              <td class="num" key={m}>
                {formatScore(m, metricValue(results.scores, m))}
              </td>
            ))}
          </tr>
          {results.groups.map((g) => (
            <tr key={g.value}>
              <th scope="row">{g.value}</th>
              <td class="num">{g.n}</td>
              {metrics.map((m) => (
                <ScoreCell key={m} group={g} overall={results.scores} metric={m} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {results.groupsOmitted > 0 && <p class="muted">{results.groupsOmitted} smaller groups not shown.</p>}
    </div>
  );
}

const CONTEXT_KEYS = ['location', 'agent', 'channel', 'locale'];

export function Comments({ comments }: { comments: Comment[] }) {
  if (comments.length === 0) return <p class="muted">No comments in this range.</p>;
  return (
    <ol class="comments">
      {comments.map((c) => (
        <li key={`${c.responseId}-${c.questionId}`}>
          <blockquote>{c.text}</blockquote>
          <p>
            {formatDateTime(c.createdAt)}
            {c.score !== null && ` · score ${c.score}`}
            {CONTEXT_KEYS.filter((k) => c.meta[k] !== undefined && c.meta[k] !== null && c.meta[k] !== '').map((k) => ` · ${k}: ${String(c.meta[k])}`)}
          </p>
        </li>
      ))}
    </ol>
  );
}
