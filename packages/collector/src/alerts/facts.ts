// What an alert says, independent of where it goes: title, headline score, answers as given, branch, agent, link.
import { localize, type Question, type Survey } from '@tellus/schema';
import type { ResponseEvent } from '../deliveries/types.js';

export interface AlertFacts {
  title: string;
  survey: string;
  /** The headline score as "NPS 3/10", "CSAT 2/5" or "CES 6/7"; empty when the survey has none answered. */
  score: string;
  answers: { question: string; answer: string }[];
  location: string;
  agent: string;
  channel: string;
  /** The response in the dashboard; empty without a public URL. */
  link: string;
  responseId: string;
  receivedAt: string;
  /** Every meta attribute and answer by id, for templates ({{meta.orderId}}, {{answer.why}}). */
  vars: Record<string, string>;
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** One answer as text, in the respondent's own words and locale. */
export function answerText(q: Question | undefined, value: unknown, locale: string): string {
  if (value === undefined || value === null) return '';
  if (q?.type === 'nps') return `${String(value)}/10`;
  if (q?.type === 'ces') return `${String(value)}/7`;
  if (q?.type === 'rating') return `${String(value)}/${q.scale}`;
  if (q?.type === 'thumbs') return value === 'up' ? '👍' : value === 'down' ? '👎' : String(value);
  if (q?.type === 'choice' && isObject(value)) {
    const picked = (Array.isArray(value.selected) ? value.selected : []).map((id) => localize(q.options.find((o) => o.id === id)?.text, locale) || String(id));
    if (typeof value.other === 'string' && value.other) picked.push(value.other);
    return picked.join(', ');
  }
  if (q?.type === 'matrix' && isObject(value))
    return Object.entries(value)
      .map(([row, v]) => `${localize(q.rows.find((r) => r.id === row)?.text, locale) || row}: ${String(v)}/${q.scale}`)
      .join(', ');
  if (isObject(value))
    return Object.values(value)
      .filter((v) => v !== null && v !== '')
      .map(String)
      .join(', ');
  return String(value);
}

function headline(survey: Survey | undefined, answers: Record<string, unknown>, locale: string): string {
  for (const type of ['nps', 'rating', 'ces'] as const) {
    const q = survey?.questions.find((x) => x.type === type && answers[x.id] !== undefined);
    if (q) return `${type === 'rating' ? 'CSAT' : type.toUpperCase()} ${answerText(q, answers[q.id], locale)}`;
  }
  return '';
}

export function alertFacts(event: ResponseEvent, survey: Survey | undefined, dashboardUrl: string | undefined): AlertFacts {
  const { response } = event;
  const meta = response.meta as Record<string, unknown>;
  const locale = typeof meta.locale === 'string' ? meta.locale : (survey?.defaultLocale ?? 'en');
  const order = new Map((survey?.questions ?? []).map((q, i) => [q.id, i]));
  const answers = Object.keys(response.answers)
    .sort((a, b) => (order.get(a) ?? 99) - (order.get(b) ?? 99))
    .map((id) => {
      const q = survey?.questions.find((x) => x.id === id);
      return { question: localize(q?.text, locale) || id, answer: answerText(q, response.answers[id], locale) };
    })
    .filter((a) => a.answer !== '');
  const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  const name = survey?.name ?? response.surveyId;
  const link = dashboardUrl
    ? `${dashboardUrl.replace(/\/+$/, '')}/dashboard/surveys/${encodeURIComponent(response.surveyId)}?response=${encodeURIComponent(response.id)}`
    : '';
  const score = headline(survey, response.answers, locale);
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta)) vars[`meta.${k}`] = str(v);
  for (const id of Object.keys(response.answers))
    vars[`answer.${id}`] = answerText(
      survey?.questions.find((x) => x.id === id),
      response.answers[id],
      locale,
    );
  const facts: AlertFacts = {
    title: event.rule?.name ?? `New response to ${name}`,
    survey: name,
    score,
    answers,
    location: str(meta.location),
    agent: str(meta.agent),
    channel: str(meta.channel),
    link,
    responseId: response.id,
    receivedAt: event.timestamp,
    vars,
  };
  Object.assign(vars, {
    title: facts.title,
    survey: facts.survey,
    score,
    location: facts.location,
    agent: facts.agent,
    channel: facts.channel,
    link,
    responseId: response.id,
    rule: event.rule?.name ?? event.rule?.id ?? '',
    answers: answers.map((a) => `${a.question}: ${a.answer}`).join('\n'),
  });
  return facts;
}
