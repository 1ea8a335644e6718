// Slack incoming-webhook message (Block Kit): header, score and answers, branch and agent, a button to the response.
import type { Template } from './rules.js';
import type { AlertFacts } from './facts.js';
import { fill } from './template.js';

/** Slack's mrkdwn treats &, < and > as control characters; everything else is shown as typed. */
export const slackEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cut = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

// Limits from Slack's Block Kit reference: header text 150, section text 3000, field 2000, 10 fields, 10 context elements.
export function slackMessage(facts: AlertFacts, template?: Template): Record<string, unknown> {
  const title = cut(template?.title ? fill(template.title, facts) : facts.title, 150);
  const body = template?.text
    ? fill(template.text, facts, slackEscape)
    : facts.answers.map((a) => `*${slackEscape(a.question)}*\n${slackEscape(a.answer)}`).join('\n\n') || '_No answers_';
  const fields = [
    facts.score && `*Score*\n${slackEscape(facts.score)}`,
    facts.location && `*Branch*\n${slackEscape(facts.location)}`,
    facts.agent && `*Agent*\n${slackEscape(facts.agent)}`,
    facts.channel && `*Channel*\n${slackEscape(facts.channel)}`,
  ].filter(Boolean) as string[];
  const blocks: Record<string, unknown>[] = [{ type: 'header', text: { type: 'plain_text', text: title, emoji: true } }];
  if (fields.length) blocks.push({ type: 'section', fields: fields.slice(0, 10).map((text) => ({ type: 'mrkdwn', text: cut(text, 2000) })) });
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: cut(body, 3000) } });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: cut(slackEscape(`${facts.survey} · response ${facts.responseId}`), 3000) }] });
  if (facts.link)
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Tellus' }, url: facts.link, action_id: 'open-response' }],
    });
  // `text` is the notification and screen-reader fallback Slack asks for alongside blocks.
  return { text: cut([title, facts.score].filter(Boolean).join(' · '), 3000), blocks };
}
