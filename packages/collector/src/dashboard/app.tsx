// The dashboard app: the all-surveys overview, one survey's results and insights (kept live), the editor on /edit paths; filters live in the URL.
import { useEffect, useState } from 'preact/hooks';
import { Editor } from '../pages/editor.js';
import {
  exportUrl,
  filtersFromSearch,
  filtersToSearch,
  insightsUrl,
  listSurveys,
  overviewUrl,
  resultsUrl,
  SignedOut,
  type Filters,
  type Insights,
  type Overview,
  type Results,
  type SurveySummary,
} from './api.js';
import { DriversPanel } from './drivers.js';
import { metricLabel, type Metric } from './format.js';
import { GroupTable } from './groups.js';
import { useLive, type Live } from './live.js';
import { MatrixGroups } from './matrix-groups.js';
import { OverviewTable } from './overview.js';
import { ThemesPanel } from './themes.js';
import { TrendChart, TrendTable } from './trend.js';
import { Comments, Distributions, ScoreCards } from './views.js';
import { AlertsPanels } from './alerts.js';

/** /dashboard/surveys/:id[/edit] → { id, edit }. */
export function parseLocation(path: string): { id: string | null; edit: boolean } {
  const m = /^\/dashboard\/surveys\/([^/]+)(\/edit)?\/?$/.exec(path);
  return m ? { id: decodeURIComponent(m[1]!), edit: !!m[2] } : { id: null, edit: false };
}

/**
 * The dimensions offered first under "Compare by": the default declared per site (location, agent,
 * channel, locale). Other attributes are compared by scanning, so they come after.
 */
export const DEFAULT_DIMENSIONS = ['location', 'agent', 'channel', 'locale'];

function problemText(err: unknown): string | null {
  if (!err) return null;
  if (err instanceof SignedOut) {
    location.assign('/dashboard');
    return 'Signed out.';
  }
  return err instanceof Error ? err.message : String(err);
}

/** Filters kept in the address bar (replaceState: no history entry per change). */
function useUrlFilters(): [Filters, (patch: Partial<Filters>) => void] {
  const [filters, setFilters] = useState<Filters>(() => filtersFromSearch(location.search));
  const set = (patch: Partial<Filters>) => {
    const next = { ...filters, ...patch };
    history.replaceState(null, '', `${location.pathname}${filtersToSearch(next)}`);
    setFilters(next);
  };
  return [filters, set];
}

function PeriodSelect({ value, onChange }: { value: string; onChange(v: string): void }) {
  return (
    <label>
      Period
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="7">Last 7 days</option>
        <option value="30">Last 30 days</option>
        <option value="90">Last 90 days</option>
        <option value="365">Last 12 months</option>
        <option value="all">All time</option>
      </select>
    </label>
  );
}

function LiveStatus({ live, what }: { live: Live<unknown>; what: string }) {
  const problem = problemText(live.error);
  const time = live.updatedAt?.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'UTC' });
  return (
    <p role="status" class={problem ? 'error' : 'muted live'}>
      {problem ?? (live.loading && !live.data ? `Loading ${what}…` : time ? `Updated ${time} UTC · new answers appear by themselves` : '')}
    </p>
  );
}

function OverviewPage() {
  const [filters, set] = useUrlFilters();
  // The overview compares periods, so without a period in the address bar it shows the last 30 days.
  const range = new URLSearchParams(location.search).has('range') ? filters.range : '30';
  const overview = useLive<Overview>(overviewUrl(range));
  return (
    <>
      <h2>All surveys</h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <PeriodSelect value={range} onChange={(next) => set({ range: next })} />
      </form>
      <LiveStatus live={overview} what="surveys" />
      {overview.data && (
        <section class="panel" aria-labelledby="overview-h">
          <h3 id="overview-h">
            Headline scores, {overview.data.days === null ? 'all time' : `last ${overview.data.days} days against the ${overview.data.days} before`}
          </h3>
          <OverviewTable overview={overview.data} />
        </section>
      )}
    </>
  );
}

function CompareBy({ value, attributes, onChange }: { value: string; attributes: string[]; onChange(v: string): void }) {
  const others = [...new Set([...attributes, value])].filter((a) => a && !DEFAULT_DIMENSIONS.includes(a)).sort();
  return (
    <label>
      Compare by
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">Nothing</option>
        <optgroup label="Dimensions">
          {DEFAULT_DIMENSIONS.map((a) => (
            <option value={a} key={a}>
              {a}
            </option>
          ))}
        </optgroup>
        {others.length > 0 && (
          <optgroup label="Other attributes (slower)">
            {others.map((a) => (
              <option value={a} key={a}>
                {a}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}

function SurveyResults({ survey }: { survey: SurveySummary }) {
  const [filters, set] = useUrlFilters();
  const [metric, setMetric] = useState<Metric | null>(null);
  const live = useLive<Results>(resultsUrl(survey.id, filters));
  // Insights read thousands of responses: fetched again only when the results changed (new answers).
  const insights = useLive<Insights>(live.data ? insightsUrl(survey.id, filters) : null, 0, live.updatedAt?.getTime() ?? null);
  const results = live.data;
  const available = results ? (['nps', 'csat', 'ces'] as const).filter((m) => results.headline[m]) : [];
  const shown: Metric | undefined = metric && available.includes(metric as never) ? metric : available[0];
  const hasMatrix = results?.questions.some((q) => q.type === 'matrix') ?? false;

  return (
    <>
      <h2>
        {survey.name ?? survey.id}{' '}
        <span class="muted">
          · {survey.id} v{survey.version}
        </span>
      </h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <PeriodSelect value={filters.range} onChange={(range) => set({ range })} />
        <label>
          Trend by
          <select value={filters.interval} onChange={(e) => set({ interval: e.currentTarget.value as Filters['interval'] })}>
            <option value="day">Day</option>
            <option value="week">Week</option>
            <option value="month">Month</option>
          </select>
        </label>
        <CompareBy value={filters.groupBy} attributes={results?.attributes ?? []} onChange={(groupBy) => set({ groupBy })} />
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
      <LiveStatus live={live} what="results" />
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
                <TrendChart series={results.series} metric={shown} interval={results.interval} id="trend" />
                <TrendTable series={results.series} metric={shown} interval={results.interval} />
              </>
            ) : (
              <p class="muted">This survey has no score question.</p>
            )}
          </section>
          <section class="panel" aria-labelledby="groups-h">
            <h3 id="groups-h">Comparison{results.groupBy ? ` by ${results.groupBy}` : ''}</h3>
            <GroupTable results={results} />
          </section>
          {insights.data && (hasMatrix || insights.data.drivers.overall) && (
            <section class="panel chart" aria-labelledby="drivers-h">
              <h3 id="drivers-h">Key drivers</h3>
              <DriversPanel insights={insights.data} />
            </section>
          )}
          {insights.data && <MatrixGroups insights={insights.data} />}
          <h2>Questions</h2>
          <Distributions results={results} />
          {insights.data && (
            <section class="panel" aria-labelledby="themes-h">
              <h3 id="themes-h">Themes in comments</h3>
              <ThemesPanel insights={insights.data} />
            </section>
          )}
          <section class="panel" aria-labelledby="comments-h">
            <h3 id="comments-h">Latest comments</h3>
            <Comments comments={results.comments} />
          </section>
          <AlertsPanels
            surveyId={survey.id}
            groupBy={filters.groupBy}
            questions={results.questions}
            attributes={[...new Set([...DEFAULT_DIMENSIONS, ...results.attributes])]}
          />
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
    listSurveys().then(setSurveys, (e: unknown) => setError(problemText(e)));
  }, []);

  if (where.id && where.edit) return <Editor surveyId={where.id} />;

  const selected = where.id ? (surveys?.find((s) => s.id === where.id) ?? null) : null;
  return (
    <div class="layout">
      <nav class="surveys" aria-label="Surveys">
        <h2>Surveys</h2>
        <ul>
          <li>
            <a href={`/dashboard${location.search}`} aria-current={where.id ? undefined : 'page'}>
              All surveys
            </a>
          </li>
          {surveys?.map((s) => (
            <li key={s.id}>
              <a href={`/dashboard/surveys/${encodeURIComponent(s.id)}${location.search}`} aria-current={s.id === selected?.id ? 'page' : undefined}>
                {s.name ?? s.id} <span class="muted">({s.responses})</span>
              </a>
            </li>
          ))}
        </ul>
        {surveys && surveys.length === 0 && <p class="muted">No surveys yet.</p>}
      </nav>
      <main id="main">
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        {!where.id ? <OverviewPage /> : selected ? <SurveyResults survey={selected} key={selected.id} /> : surveys && <p>There is no survey {where.id}.</p>}
      </main>
    </div>
  );
}
