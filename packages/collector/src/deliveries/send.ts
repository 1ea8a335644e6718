// Sends one claimed delivery by its kind: signed webhook, Slack, Teams or e-mail, rendered from its stored event.
import type { Survey } from '@tellus/schema';
import { alertEmail } from '../alerts/email.js';
import { alertFacts } from '../alerts/facts.js';
import { slackMessage } from '../alerts/slack.js';
import { teamsMessage } from '../alerts/teams.js';
import { postJson } from './http.js';
import type { Mailer } from './smtp.js';
import type { Outcome } from './outcome.js';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from './sign.js';
import type { Delivery, MailMessage, ResponseEvent } from './types.js';

export interface SendContext {
  fetch: typeof fetch;
  timeoutMs: number;
  /** Undefined when TELLUS_SMTP_URL is not set: e-mail waits (and says why) until it is. */
  mailer: Mailer | undefined;
  /** Public base URL of the collector for links to the dashboard (TELLUS_PUBLIC_URL). */
  dashboardUrl: string | undefined;
  survey(id: string, version: number): Promise<Survey | undefined>;
}

export async function sendDelivery(d: Delivery, ctx: SendContext): Promise<Outcome> {
  const idHeaders = { [EVENT_ID_HEADER]: d.id };
  const post = { fetch: ctx.fetch, timeoutMs: ctx.timeoutMs };
  if (d.kind === 'webhook') {
    if (!('url' in d.target)) return { kind: 'refused', error: 'webhook without a URL' };
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = { ...idHeaders, [TIMESTAMP_HEADER]: timestamp };
    if (d.secret) headers[SIGNATURE_HEADER] = signBody(d.secret, timestamp, d.payload);
    return postJson(d.target.url, d.payload, headers, post);
  }
  if (d.kind === 'email') {
    if (!('to' in d.target)) return { kind: 'refused', error: 'e-mail without recipients' };
    if (!ctx.mailer) return { kind: 'retry', error: 'TELLUS_SMTP_URL is not set' };
    const message: MailMessage = d.topic === 'digest' ? (JSON.parse(d.payload) as MailMessage) : alertEmail(await factsOf(d, ctx), d.target.template);
    return ctx.mailer.send(d.target.to, message, d.id);
  }
  if (!('url' in d.target)) return { kind: 'refused', error: `${d.kind} without a URL` };
  const facts = await factsOf(d, ctx);
  const body = d.kind === 'slack' ? slackMessage(facts, d.target.template) : teamsMessage(facts, d.target.template);
  return postJson(d.target.url, JSON.stringify(body), idHeaders, post);
}

async function factsOf(d: Delivery, ctx: SendContext) {
  const event = JSON.parse(d.payload) as ResponseEvent;
  const survey = d.surveyId && d.surveyVersion ? await ctx.survey(d.surveyId, d.surveyVersion) : undefined;
  return alertFacts(event, survey, ctx.dashboardUrl);
}
