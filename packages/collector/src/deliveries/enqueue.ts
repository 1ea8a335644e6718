// Writes the outbox rows for freshly accepted responses, inside the ingestion transaction.
import type { Survey, SurveyResponse } from '@tellus/schema';
import type { Queryable } from '../storage/db.js';
import { matchingRules } from '../alerts/match.js';
import type { Rule } from '../alerts/rules.js';
import { insertDeliveries } from './store.js';
import type { NewDelivery, ResponseEvent } from './types.js';

interface SettingsRow {
  survey_id: string;
  webhook_url: string | null;
  webhook_secret: string | null;
  rules: Rule[];
}

/** Question types whose answers are personal data: they leave only when a rule says so. */
const PERSONAL_TYPES = new Set<string>(['contact']);

function withoutPersonal(response: SurveyResponse, survey: Survey | undefined): SurveyResponse {
  const personal = (survey?.questions ?? []).filter((q) => PERSONAL_TYPES.has(q.type as string)).map((q) => q.id);
  if (!personal.some((id) => id in response.answers)) return response;
  const answers = { ...response.answers };
  for (const id of personal) delete answers[id];
  return { ...response, answers };
}

/** The rows one accepted response produces: the survey's own webhook, and each destination of each matching rule. */
export function deliveriesFor(
  siteKey: string,
  response: SurveyResponse,
  settings: { webhookUrl: string | null; webhookSecret: string | null; rules: readonly Rule[] },
  survey: Survey | undefined,
  now = new Date(),
): NewDelivery[] {
  if (!response.completed) return [];
  const out: NewDelivery[] = [];
  const common = { siteKey, surveyId: response.surveyId, surveyVersion: response.surveyVersion, responseId: response.id };
  const event = (deliveryId: string, rule: Rule | null): ResponseEvent => ({
    event: rule ? 'alert.triggered' : 'response.completed',
    deliveryId,
    timestamp: now.toISOString(),
    siteKey,
    surveyId: response.surveyId,
    ...(rule && { rule: { id: rule.id, name: rule.name ?? null } }),
    response: rule?.includePersonalData ? response : withoutPersonal(response, survey),
  });
  if (settings.webhookUrl) {
    // One per (response, seq), as before the outbox, so receivers' stored ids stay valid.
    const id = `${response.id}:${response.seq}`;
    out.push({
      ...common,
      id,
      kind: 'webhook',
      topic: 'response.completed',
      ruleId: null,
      target: { url: settings.webhookUrl },
      secret: settings.webhookSecret,
      payload: JSON.stringify(event(id, null)),
    });
  }
  for (const rule of matchingRules(settings.rules, response)) {
    rule.destinations.forEach((d, i) => {
      // One alert per response, rule and destination, however many later seqs arrive.
      const id = `alert:${response.id}:${rule.id}:${i}`;
      const target = d.type === 'email' ? { to: d.to, template: d.template } : { url: d.url, template: d.template };
      out.push({
        ...common,
        id,
        kind: d.type,
        topic: 'alert',
        ruleId: rule.id,
        target,
        secret: d.type === 'webhook' ? (d.secret ?? null) : null,
        payload: JSON.stringify(event(id, rule)),
      });
    });
  }
  return out;
}

/**
 * Called by storage.ingest inside its transaction with the responses it just wrote, so a delivery
 * exists exactly when its response does. One cheap query when no survey has a webhook or rules.
 */
export async function writeOutbox(tx: Queryable, siteKey: string, written: readonly SurveyResponse[]): Promise<number> {
  const completed = written.filter((r) => r.completed);
  if (completed.length === 0) return 0;
  const surveyIds = [...new Set(completed.map((r) => r.surveyId))];
  const settings = await tx.query<SettingsRow>(
    `SELECT survey_id, webhook_url, webhook_secret, rules FROM survey_settings
     WHERE survey_id = ANY($1::text[]) AND (webhook_url IS NOT NULL OR rules <> '[]'::jsonb)`,
    [surveyIds],
  );
  if (settings.length === 0) return 0;
  const bySurvey = new Map(settings.map((s) => [s.survey_id, s]));
  const relevant = completed.filter((r) => bySurvey.has(r.surveyId));
  const versions = [...new Map(relevant.map((r) => [`${r.surveyId}\u0000${r.surveyVersion}`, r])).values()];
  const definitions = await tx.query<{ id: string; version: number; definition: Survey }>(
    `SELECT s.id, s.version, s.definition FROM surveys s
     JOIN unnest($1::text[], $2::int[]) AS v(id, version) ON s.id = v.id AND s.version = v.version`,
    [versions.map((r) => r.surveyId), versions.map((r) => r.surveyVersion)],
  );
  const surveyOf = new Map(definitions.map((d) => [`${d.id}\u0000${d.version}`, d.definition]));
  const rows: NewDelivery[] = [];
  const alerted: SurveyResponse[] = [];
  for (const response of relevant) {
    const s = bySurvey.get(response.surveyId)!;
    const mine = deliveriesFor(
      siteKey,
      response,
      { webhookUrl: s.webhook_url, webhookSecret: s.webhook_secret, rules: s.rules ?? [] },
      surveyOf.get(`${response.surveyId}\u0000${response.surveyVersion}`),
    );
    rows.push(...mine);
    if (mine.some((d) => d.topic === 'alert')) alerted.push(response);
  }
  await insertDeliveries(tx, rows);
  if (alerted.length)
    await tx.query(
      `INSERT INTO follow_ups (response_id, survey_id, site_key)
       SELECT x.id, x.survey_id, $1 FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, survey_id text) ORDER BY x.id
       ON CONFLICT (response_id) DO NOTHING`,
      [siteKey, JSON.stringify(alerted.map((r) => ({ id: r.id, survey_id: r.surveyId })))],
    );
  return rows.length;
}
