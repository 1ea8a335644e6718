// Message templates: `{{name}}` placeholders filled from the alert's facts; unknown names become empty.
import type { AlertFacts } from './facts.js';

/** The names a template may use, for the README and validation messages. */
export const TEMPLATE_NAMES = [
  'title',
  'survey',
  'score',
  'answers',
  'location',
  'agent',
  'channel',
  'link',
  'responseId',
  'rule',
  'answer.<question id>',
  'meta.<attribute>',
];

/** Fills a template; `escapeValue` makes each value safe for the destination's markup (Slack mrkdwn, HTML). */
export function fill(template: string, facts: Pick<AlertFacts, 'vars'>, escapeValue: (s: string) => string = (s) => s): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (_, name: string) => escapeValue(facts.vars[name] ?? ''));
}
