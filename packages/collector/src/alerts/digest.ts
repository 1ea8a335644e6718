// The digest e-mail of one site for one period: each survey's headline score and change, worst and best groups with intervals, top themes.
import type { Survey } from '@tellus/schema';
import { escapeHtml } from '../dashboard/html.js';
import { resultsFromStorage } from '../results/from-storage.js';
import type { HeadlineScores, Results } from '../results/types.js';
import type { Storage } from '../storage/types.js';
import type { MailMessage } from '../deliveries/types.js';
import { themesForPeriod, type DigestTheme, type DigestThemes } from './digest-themes.js';
import type { DigestFrequency } from './store.js';

export interface DigestPeriod {
  /** "2026-W48" or "2026-11-30": names the period and makes the delivery id. */
  key: string;
  from: Date;
  to: Date;
  previousFrom: Date;
  frequency: DigestFrequency;
}

export interface ScoreLine {
  metric: 'NPS' | 'CSAT' | 'CES';
  value: number | null;
  ci95: [number, number] | null;
  n: number;
}

export interface DigestSurvey {
  id: string;
  name: string;
  score: ScoreLine | null;
  previous: ScoreLine | null;
  /** value − previous value, when both exist. */
  change: number | null;
  groupBy: string;
  worst: { value: string; score: ScoreLine }[];
  best: { value: string; score: ScoreLine }[];
  /** What detractors and promoters wrote about in the period (see digest-themes.ts). */
  themes: DigestThemes;
}

export interface Digest {
  siteKey: string;
  siteName: string;
  period: DigestPeriod;
  surveys: DigestSurvey[];
}

const DAY = 86_400_000;

/** The last whole period before `now`: yesterday (UTC) for daily, last ISO week (Monday to Sunday) for weekly. */
export function lastPeriod(frequency: DigestFrequency, now: Date): DigestPeriod {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (frequency === 'daily') {
    const from = new Date(today - DAY);
    return { key: from.toISOString().slice(0, 10), from, to: new Date(today), previousFrom: new Date(today - 2 * DAY), frequency };
  }
  const monday = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY;
  const from = new Date(monday - 7 * DAY);
  // ISO week number of `from`: the week holding its Thursday.
  const thursday = new Date(from.getTime() + 3 * DAY);
  const yearStart = Date.UTC(thursday.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((thursday.getTime() - yearStart) / DAY + 1) / 7);
  return {
    key: `${thursday.getUTCFullYear()}-W${String(week).padStart(2, '0')}`,
    from,
    to: new Date(monday),
    previousFrom: new Date(monday - 14 * DAY),
    frequency,
  };
}

function headlineLine(scores: HeadlineScores): ScoreLine | null {
  if (scores.nps && scores.nps.n > 0) return { metric: 'NPS', value: scores.nps.score, ci95: scores.nps.ci95, n: scores.nps.n };
  if (scores.csat && scores.csat.n > 0) return { metric: 'CSAT', value: scores.csat.score, ci95: scores.csat.ci95, n: scores.csat.n };
  if (scores.ces && scores.ces.n > 0) return { metric: 'CES', value: scores.ces.mean, ci95: scores.ces.ci95, n: scores.ces.n };
  return null;
}

/** Groups with at least this many answers are ranked; fewer say more about chance than about the branch. */
const MIN_GROUP_N = 5;

function rankGroups(results: Results, metric: ScoreLine['metric']): { value: string; score: ScoreLine }[] {
  return (
    results.groups
      .map((g) => ({ value: g.value, score: headlineLine(g.scores) }))
      .filter((g): g is { value: string; score: ScoreLine } => !!g.score && g.score.metric === metric && g.score.value !== null && g.score.n >= MIN_GROUP_N)
      // CES: lower effort is better, so its order is reversed.
      .sort((a, b) => (metric === 'CES' ? -1 : 1) * ((a.score.value as number) - (b.score.value as number)))
  );
}

export async function buildDigest(storage: Storage, siteKey: string, period: DigestPeriod, groupBy = 'location'): Promise<Digest> {
  const site = await storage.getSite(siteKey);
  const surveys: DigestSurvey[] = [];
  for (const stored of await storage.listSurveys(siteKey)) {
    const survey: Survey = stored.definition;
    const now = await resultsFromStorage(storage, survey, { from: period.from, to: period.to, groupBy, completedOnly: true, commentLimit: 0 });
    const before = await resultsFromStorage(storage, survey, { from: period.previousFrom, to: period.from, completedOnly: true, commentLimit: 0 });
    const score = headlineLine(now.scores);
    const previous = headlineLine(before.scores);
    const ranked = score ? rankGroups(now, score.metric) : [];
    const themes = await themesForPeriod(storage, survey, period.from, period.to);
    const change = score?.value != null && previous?.value != null && previous.metric === score.metric ? score.value - previous.value : null;
    surveys.push({
      id: survey.id,
      name: survey.name ?? survey.id,
      score,
      previous,
      change,
      groupBy,
      // Up to three at each end, never one group on both lists.
      worst: ranked.slice(0, Math.min(3, Math.floor(ranked.length / 2))),
      best: ranked.slice(ranked.length - Math.min(3, Math.floor(ranked.length / 2))).reverse(),
      themes,
    });
  }
  return { siteKey, siteName: site?.name ?? siteKey, period, surveys };
}

/** With a real minus sign, as the dashboard writes scores. */
const round = (v: number, metric: ScoreLine['metric']) => (metric === 'CES' ? v.toFixed(2) : String(Math.round(v))).replace('-', '−');
const formatScore = (s: ScoreLine | null) =>
  !s || s.value === null
    ? 'no answers'
    : `${s.metric} ${round(s.value, s.metric)}${s.ci95 ? ` (95% CI ${round(s.ci95[0], s.metric)} to ${round(s.ci95[1], s.metric)})` : ''}, n=${s.n}`;
const formatChange = (d: DigestSurvey) =>
  d.change === null
    ? 'no earlier figure'
    : `${d.change > 0 ? '+' : d.change < 0 ? '−' : '±'}${round(Math.abs(d.change), d.score!.metric)} on the period before`;
/** Red for worse, green for better (lower is better for CES), grey when there is nothing to compare or no change. */
const changeColour = (change: number | null, metric: string) =>
  change === null || change === 0 ? '#57606a' : change < 0 !== (metric === 'CES') ? '#b42318' : '#1a7f37';
const periodLabel = (p: DigestPeriod) =>
  p.frequency === 'daily' ? p.key : `${p.key} (${p.from.toISOString().slice(0, 10)} to ${new Date(p.to.getTime() - DAY).toISOString().slice(0, 10)})`;

/**
 * Where a theme's comments are in the dashboard: the survey's last 7 days (its shortest period) with the
 * theme's comments open. The dashboard's periods end today, so an older digest's link shows today's week.
 */
export function themeLink(dashboardUrl: string, surveyId: string, theme: DigestTheme): string {
  const query = new URLSearchParams({ range: '7', theme: theme.term, themeLanguage: theme.language });
  return `${dashboardUrl.replace(/\/+$/, '')}/dashboard/surveys/${encodeURIComponent(surveyId)}?${query}#themes-h`;
}

const comments = (n: number) => `${n} comment${n === 1 ? '' : 's'}`;
/** One line saying why there are no themes, or null when there are some to list. */
function themesNote(t: DigestThemes): string | null {
  if (!t.sides) return null;
  if (t.tooFew) return t.comments === 0 ? 'Themes: no scored comments in this period.' : `Themes: too few comments (${t.comments}) to tell themes apart.`;
  if (!t.low.length && !t.high.length) return `Themes: nothing stands out in ${comments(t.comments)}.`;
  return null;
}
const themesIntro = (t: DigestThemes) => (t.complete ? `Themes in ${comments(t.comments)}` : `Themes in the newest ${comments(t.comments)}`);

function themesText(s: DigestSurvey, dashboardUrl?: string): string {
  const t = s.themes;
  const note = themesNote(t);
  if (note !== null) return `  ${note}`;
  if (!t.sides) return '';
  const side = (name: string, list: DigestTheme[]) =>
    list.length
      ? [
          `    Said by ${name}:`,
          ...list.map((theme) => `      - ${theme.label}, ${comments(theme.count)}${dashboardUrl ? `: ${themeLink(dashboardUrl, s.id, theme)}` : ''}`),
        ].join('\n')
      : `    Said by ${name}: nothing stands out`;
  return [`  ${themesIntro(t)}`, side(t.sides.low, t.low), side(t.sides.high, t.high)].join('\n');
}

function themesHtml(s: DigestSurvey, dashboardUrl?: string): string {
  const t = s.themes;
  const note = themesNote(t);
  if (note !== null) return `<p style="margin:12px 0 0;color:#57606a">${escapeHtml(note)}</p>`;
  if (!t.sides) return '';
  const item = (theme: DigestTheme) => {
    // Respondents' words: escaped, and isolated so a right-to-left theme does not reorder the line around it.
    const label = `<bdi lang="${escapeHtml(theme.language)}">${escapeHtml(theme.label)}</bdi>`;
    const linked = dashboardUrl ? `<a href="${escapeHtml(themeLink(dashboardUrl, s.id, theme))}" style="color:#0550ae">${label}</a>` : label;
    return `<li style="margin:2px 0">${linked} <span style="color:#57606a">· ${escapeHtml(comments(theme.count))}</span></li>`;
  };
  const side = (name: string, list: DigestTheme[]) =>
    `<div style="flex:1 1 220px"><h4 style="font-size:13px;margin:8px 0 2px">Said by ${escapeHtml(name)}</h4>${
      list.length ? `<ul style="margin:0;padding-left:18px">${list.map(item).join('')}</ul>` : '<p style="margin:0;color:#57606a">Nothing stands out.</p>'
    }</div>`;
  return `<h3 style="font-size:14px;margin:12px 0 0">${escapeHtml(themesIntro(t))}</h3><div style="display:flex;flex-wrap:wrap;gap:0 16px">${side(t.sides.low, t.low)}${side(t.sides.high, t.high)}</div>`;
}

export function renderDigest(digest: Digest, dashboardUrl?: string): MailMessage {
  const label = periodLabel(digest.period);
  const subject = `${digest.period.frequency === 'daily' ? 'Daily' : 'Weekly'} Tellus digest · ${digest.siteName} · ${digest.period.key}`;
  const text = [
    `${digest.siteName}: ${label}`,
    ...digest.surveys.map((s) =>
      [
        `${s.name}`,
        `  ${formatScore(s.score)}; ${s.score ? formatChange(s) : ''}`.trimEnd(),
        s.worst.length ? `  Lowest by ${s.groupBy}: ${s.worst.map((g) => `${g.value} ${formatScore(g.score)}`).join('; ')}` : '',
        s.best.length ? `  Highest by ${s.groupBy}: ${s.best.map((g) => `${g.value} ${formatScore(g.score)}`).join('; ')}` : '',
        themesText(s, dashboardUrl),
      ]
        .filter(Boolean)
        .join('\n'),
    ),
    dashboardUrl ? `Dashboard: ${dashboardUrl.replace(/\/+$/, '')}/dashboard` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
  const groups = (title: string, list: DigestSurvey['worst']) =>
    list.length
      ? `<h3 style="font-size:14px;margin:12px 0 4px">${escapeHtml(title)}</h3><table style="border-collapse:collapse">${list
          .map(
            (g) => `<tr><td style="padding:2px 12px 2px 0">${escapeHtml(g.value)}</td><td style="padding:2px 0">${escapeHtml(formatScore(g.score))}</td></tr>`,
          )
          .join('')}</table>`
      : '';
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;background:#f6f8fa;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1f24">
<main style="display:block;max-width:640px;margin:0 auto;padding:24px">
<h1 style="font-size:20px;margin:0 0 4px">${escapeHtml(digest.siteName)}</h1>
<p style="margin:0 0 16px;color:#57606a">${escapeHtml(label)}</p>
${digest.surveys
  .map(
    (s) => `<section style="background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:16px;margin:0 0 12px">
<h2 style="font-size:16px;margin:0 0 8px">${escapeHtml(s.name)}</h2>
<p style="margin:0;font-size:15px"><strong>${escapeHtml(formatScore(s.score))}</strong></p>
${s.score ? `<p style="margin:4px 0 0;color:${changeColour(s.change, s.score.metric)}">${escapeHtml(formatChange(s))}</p>` : ''}
${groups(`Lowest by ${s.groupBy}`, s.worst)}${groups(`Highest by ${s.groupBy}`, s.best)}
${themesHtml(s, dashboardUrl)}
</section>`,
  )
  .join('\n')}
${digest.surveys.length === 0 ? '<p>No surveys yet.</p>' : ''}
${dashboardUrl ? `<p><a href="${escapeHtml(dashboardUrl.replace(/\/+$/, ''))}/dashboard">Open the dashboard</a></p>` : ''}
</main></body></html>`;
  return { subject, text, html };
}
