// Microsoft Teams message: an Adaptive Card (1.4) in a message attachment, as incoming webhooks and Workflows accept.
import type { Template } from './rules.js';
import type { AlertFacts } from './facts.js';
import { fill } from './template.js';

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export function teamsMessage(facts: AlertFacts, template?: Template): Record<string, unknown> {
  const title = template?.title ? fill(template.title, facts) : facts.title;
  const facts_ = [
    facts.score && { title: 'Score', value: facts.score },
    facts.location && { title: 'Branch', value: facts.location },
    facts.agent && { title: 'Agent', value: facts.agent },
    facts.channel && { title: 'Channel', value: facts.channel },
  ].filter(Boolean);
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: facts.survey, isSubtle: true, spacing: 'None', wrap: true },
  ];
  if (facts_.length) body.push({ type: 'FactSet', facts: facts_ });
  if (template?.text) body.push({ type: 'TextBlock', text: fill(template.text, facts), wrap: true });
  // Answers as typed: a FactSet shows them as plain text, with no markdown read into them.
  else if (facts.answers.length) body.push({ type: 'FactSet', facts: facts.answers.map((a) => ({ title: a.question, value: a.answer })) });
  const card: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
  };
  if (facts.link) card.actions = [{ type: 'Action.OpenUrl', title: 'Open in Tellus', url: facts.link }];
  return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD, contentUrl: null, content: card }] };
}
