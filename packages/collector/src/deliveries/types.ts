// What the outbox holds: one row per message to send, and the event every destination renders from.
import type { SurveyResponse } from '@tellus/schema';
import type { Template } from '../alerts/rules.js';

export type DeliveryKind = 'webhook' | 'slack' | 'teams' | 'email';
export type DeliveryTopic = 'response.completed' | 'alert' | 'digest';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** Where a delivery goes; secrets are kept apart from it (never listed by the admin API). */
export type DeliveryTarget = { url: string; template?: Template | undefined } | { to: string[]; template?: Template | undefined };

/** The body of a webhook delivery, and what Slack, Teams and e-mail messages are rendered from. */
export interface ResponseEvent {
  event: 'response.completed' | 'alert.triggered';
  /** The event id, also sent as X-Tellus-Event-Id: stable across retries so receivers can drop repeats. */
  deliveryId: string;
  /** When the event was written to the outbox (signed, unlike the timestamp header). */
  timestamp: string;
  siteKey: string;
  surveyId: string;
  rule?: { id: string; name: string | null };
  /** Answers to `contact` questions are left out unless the rule includes personal data. */
  response: SurveyResponse;
}

/** A digest e-mail, rendered when it is written to the outbox. */
export interface MailMessage {
  subject: string;
  text: string;
  html: string;
}

/** A row to write; the outbox fills in status, attempts and times. */
export interface NewDelivery {
  id: string;
  kind: DeliveryKind;
  topic: DeliveryTopic;
  siteKey: string;
  surveyId: string | null;
  surveyVersion: number | null;
  responseId: string | null;
  ruleId: string | null;
  target: DeliveryTarget;
  secret: string | null;
  /** Exact text: the webhook body, the JSON of a ResponseEvent, or the JSON of a MailMessage (digests). */
  payload: string;
}

export interface Delivery extends NewDelivery {
  status: DeliveryStatus;
  attempts: number;
  nextAt: string;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** A delivery as the admin API and dashboard show it: no secret, no payload. */
export type DeliveryView = Omit<Delivery, 'secret' | 'payload'>;
