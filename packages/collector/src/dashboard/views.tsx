// The dashboard's result panels: score cards, question distributions and comments.
import type { Comment, QuestionResult, Results } from '../results/types.js';
import { formatDateTime, formatInterval, formatPercent, formatScore } from './format.js';

function Bar({ part, whole, kind }: { part: number; whole: number; kind?: string | undefined }) {
  const w = whole > 0 ? (100 * part) / whole : 0;
  return (
    <svg viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect class="track" x="0" y="0" width="100" height="12" rx="2" />
      <rect class={kind ? `fill ${kind}` : 'fill'} x="0" y="0" width={w} height="12" rx="2" />
    </svg>
  );
}

/** NPS answers by the group they put a respondent in. */
const npsKind = (v: number) => (v <= 6 ? 'detractor' : v <= 8 ? 'passive' : 'promoter');

/** Answers 1…k side by side as one bar, low answers darkest; the counts are in the table under it. */
function Stack({ counts }: { counts: number[] }) {
  const total = counts.reduce((a, b) => a + b, 0);
  let x = 0;
  return (
    <svg viewBox="0 0 100 12" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      <rect class="track" x="0" y="0" width="100" height="12" rx="2" />
      {total > 0 &&
        counts.map((c, i) => {
          const w = (100 * c) / total;
          const rect = <rect key={i} class={`step s${Math.round((4 * i) / Math.max(1, counts.length - 1))}`} x={x} y="0" width={w} height="12" />;
          x += w;
          return rect;
        })}
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

interface CountRow {
  label: string;
  count: number;
  /** detractor / passive / promoter for NPS answers: the bar's colour, said in words too. */
  kind?: string;
}

function CountTable({ caption, rows, total }: { caption: string; rows: CountRow[]; total: number }) {
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
            <th scope="row">
              {r.label}
              {r.kind && <span class={`kind ${r.kind}`}> {r.kind}</span>}
            </th>
            <td class="num">{r.count}</td>
            <td class="num">{formatPercent(r.count, total)}</td>
            <td class="bar">
              <Bar part={r.count} whole={total} kind={r.kind} />
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
      summary += ` · NPS ${formatScore('nps', q.nps.score)} · ${q.nps.detractors} detractors (0–6) · ${q.nps.passives} passives (7–8) · ${q.nps.promoters} promoters (9–10)`;
      body = (
        <CountTable caption={q.text} total={q.n} rows={Object.entries(q.distribution).map(([k, count]) => ({ label: k, count, kind: npsKind(Number(k)) }))} />
      );
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
      // Mean and interval per row, and the answers as one stacked bar: five count columns did not fit a card.
      const values = Array.from({ length: q.scale }, (_, i) => String(i + 1));
      body = (
        <>
          <table class="matrix">
            <caption class="sr-only">{`${q.text}: mean per row on 1–${q.scale} with 95% interval`}</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col" class="num">
                  Mean
                </th>
                <th scope="col" class="num">
                  95% interval
                </th>
                <th scope="col" class="num">
                  n
                </th>
                <th scope="col">
                  <span class="sr-only">Answers 1 to {q.scale}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {q.rows.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.text}</th>
                  <td class="num">{formatScore('ces', r.mean.mean)}</td>
                  <td class="num">{r.mean.ci95 ? `${formatScore('ces', r.mean.ci95[0])}–${formatScore('ces', r.mean.ci95[1])}` : '–'}</td>
                  <td class="num">{r.n}</td>
                  <td class="bar">
                    <Stack counts={values.map((v) => r.distribution[v] ?? 0)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <details>
            <summary>Answer counts</summary>
            <div class="scroll" tabIndex={0} role="region" aria-label={`${q.text}: answers per row`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
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
          </details>
        </>
      );
      break;
    }
    case 'text':
      body = <p class="muted">{q.n} written answers; the latest are under Comments.</p>;
      break;
    case 'contact':
    case 'consent':
    case 'cta':
      body = (
        <p class="muted">
          {q.n}{' '}
          {q.type === 'contact' ? 'left contact details (personal data: in exports, not here)' : q.type === 'consent' ? 'gave consent' : 'clicked the button'}.
        </p>
      );
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

const CONTEXT_KEYS = ['location', 'agent', 'channel', 'locale'];

export function Comments({ comments }: { comments: Comment[] }) {
  if (comments.length === 0) return <p class="muted">No comments in this range.</p>;
  return (
    <ol class="comments">
      {comments.map((c) => (
        <li key={`${c.responseId}-${c.questionId}`}>
          <blockquote dir="auto">{c.text}</blockquote>
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
