// The dashboard app: survey list, filters, and one survey's results; the editor on /edit paths.
import { useEffect, useState } from 'preact/hooks';
import type { Results } from '../results/types.js';
import { Editor } from '../pages/editor.js';
import { exportUrl, getResults, listSurveys, SignedOut, type Filters, type SurveySummary } from './api.js';
import { metricLabel, type Metric } from './format.js';
import { TrendChart, TrendTable } from './trend.js';
import { Comments, Distributions, GroupTable, ScoreCards } from './views.js';
import { AlertsPanels } from './alerts.js';

/** /dashboard/surveys/:id[/edit] → { id, edit }. */
export function parseLocation(path: string): { id: string | null; edit: boolean } {
  const m = /^\/dashboard\/surveys\/([^/]+)(\/edit)?\/?$/.exec(path);
  return m ? { id: decodeURIComponent(m[1]!), edit: !!m[2] } : { id: null, edit: false };
}

const COMMON_ATTRIBUTES = ['channel', 'location', 'agent', 'locale'];

function onSignedOut(err: unknown): string {
  if (err instanceof SignedOut) {
    location.assign('/dashboard');
    return 'Signed out.';
  }
  return err instanceof Error ? err.message : String(err);
}

function SurveyResults({ survey }: { survey: SurveySummary }) {
  const [filters, setFilters] = useState<Filters>({ range: 'all', interval: 'week', groupBy: 'location' });
  const [metric, setMetric] = useState<Metric | null>(null);
  const [results, setResults] = useState<Results | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let live = true;
    setLoading(true);
    getResults(survey.id, filters).then(
      (r) => {
        if (!live) return;
        setResults(r);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(onSignedOut(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [survey.id, filters.range, filters.interval, filters.groupBy]);

  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch });
  const available = results ? (['nps', 'csat', 'ces'] as const).filter((m) => results.headline[m]) : [];
  const shown: Metric | undefined = metric && available.includes(metric as never) ? metric : available[0];
  const attributes = [...new Set([...COMMON_ATTRIBUTES, ...(results?.attributes ?? []), filters.groupBy].filter(Boolean))].sort();

  return (
    <>
      <h2>
        {survey.name ?? survey.id} <span class="muted">· {survey.id} v{survey.version}</span>
      </h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Period
          <select value={filters.range} onChange={(e) => set({ range: e.currentTarget.value })}>
            <option value="7">Last 7 days</option>
            <option value="30">Last 30 days</option>
            <option value="90">Last 90 days</option>
            <option value="365">Last 12 months</option>
            <option value="all">All time</option>
          </select>
        </label>
        <label>
          Trend by
          <select value={filters.interval} onChange={(e) => set({ interval: e.currentTarget.value as Filters['interval'] })}>
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </select>
        </label>
        <label>
          Compare by
          <select value={filters.groupBy} onChange={(e) => set({ groupBy: e.currentTarget.value })}>
            <option value="">Nothing</option>
            {attributes.map((a) => (
              <option value={a} key={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <div class="exports">
          <a href={exportUrl(survey.id, filters, 'csv')} download>
            Export CSV
          </a>
          <a href={exportUrl(survey.id, filters, 'ndjson')} download>
            Export NDJSON
          </a>
          <a href={`/dashboard/surveys/${encodeURIComponent(survey.id)}/edit`}>Edit survey</a>
          <a href={`/s/${encodeURIComponent(survey.id)}?channel=link`} target="_blank" rel="noopener">
            Open link survey
          </a>
        </div>
      </form>
      <p role="status" class={error ? 'error' : 'sr-only'}>
        {error ?? (loading ? 'Loading results…' : 'Results loaded.')}
      </p>
      {results && (
        <>
          <ScoreCards results={results} />
          <section class="panel chart" aria-labelledby="trend-h">
            <h3 id="trend-h">Trend</h3>
            {available.length > 1 && (
              <div class="switches" role="group" aria-label="Score shown in the trend">
                {available.map((m) => (
                  <button type="button" key={m} class={m === shown ? '' : 'secondary'} aria-pressed={m === shown} onClick={() => setMetric(m)}>
                    {metricLabel[m]}
                  </button>
                ))}
              </div>
            )}
            {shown ? (
              <>
                <TrendChart series={results.series} metric={shown} id="trend" />
                <TrendTable series={results.series} metric={shown} />
              </>
            ) : (
              <p class="muted">This survey has no score question.</p>
            )}
          </section>
          <section class="panel" aria-labelledby="groups-h">
            <h3 id="groups-h">Comparison{results.groupBy ? ` by ${results.groupBy}` : ''}</h3>
            <GroupTable results={results} />
          </section>
          <h2>Questions</h2>
          <Distributions results={results} />
          <section class="panel" aria-labelledby="comments-h">
            <h3 id="comments-h">Latest comments</h3>
            <Comments comments={results.comments} />
          </section>
          <AlertsPanels surveyId={survey.id} groupBy={filters.groupBy} />
        </>
      )}
    </>
  );
}

export function App() {
  const where = parseLocation(location.pathname);
  const [surveys, setSurveys] = useState<SurveySummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    listSurveys().then(setSurveys, (e: unknown) => setError(onSignedOut(e)));
  }, []);

  if (where.id && where.edit) return <Editor surveyId={where.id} />;

  // Without a survey in the path, open the busiest one.
  const selected = surveys?.find((s) => s.id === where.id) ?? [...(surveys ?? [])].sort((a, b) => b.responses - a.responses)[0] ?? null;
  return (
    <div class="layout">
      <nav class="surveys" aria-label="Surveys">
        <h2>Surveys</h2>
        {surveys && surveys.length > 0 ? (
          <ul>
            {surveys.map((s) => (
              <li key={s.id}>
                <a href={`/dashboard/surveys/${encodeURIComponent(s.id)}`} aria-current={s.id === selected?.id ? 'page' : undefined}>
                  {s.name ?? s.id} <span class="muted">({s.responses})</span>
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{surveys ? 'No surveys yet.' : 'Loading…'}</p>
        )}
      </nav>
      <main id="main">
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        {selected ? <SurveyResults survey={selected} key={selected.id} /> : surveys && <p>Push a survey with `tellus surveys push` to see results here.</p>}
      </main>
    </div>
  );
}
