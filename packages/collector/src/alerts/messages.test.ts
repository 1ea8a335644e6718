import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { Survey } from '@tellus/schema';
import type { ResponseEvent } from '../deliveries/types.js';
import { alertEmail } from './email.js';
import { alertFacts } from './facts.js';
import { slackMessage } from './slack.js';
import { ADAPTIVE_CARD, teamsMessage } from './teams.js';

// Slack Block Kit, as its reference documents the blocks we send (limits included).
const plain = (max: number) => z.strictObject({ type: z.literal('plain_text'), text: z.string().min(1).max(max), emoji: z.optional(z.boolean()) });
const mrkdwn = (max: number) => z.strictObject({ type: z.literal('mrkdwn'), text: z.string().min(1).max(max), verbatim: z.optional(z.boolean()) });
const slackBlock = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('header'), text: plain(150), block_id: z.optional(z.string().max(255)) }),
  z
    .strictObject({
      type: z.literal('section'),
      text: z.optional(z.union([plain(3000), mrkdwn(3000)])),
      fields: z.optional(
        z
          .array(z.union([plain(2000), mrkdwn(2000)]))
          .min(1)
          .max(10),
      ),
      block_id: z.optional(z.string().max(255)),
    })
    .refine((b) => b.text || b.fields, 'a section needs text or fields'),
  z.strictObject({
    type: z.literal('context'),
    elements: z
      .array(z.union([plain(3000), mrkdwn(3000)]))
      .min(1)
      .max(10),
  }),
  z.strictObject({
    type: z.literal('actions'),
    elements: z
      .array(
        z.strictObject({
          type: z.literal('button'),
          text: plain(75),
          url: z.url().max(3000),
          action_id: z.string().max(255),
          value: z.optional(z.string().max(2000)),
        }),
      )
      .min(1)
      .max(25),
  }),
]);
const slackPayload = z.strictObject({ text: z.string().min(1).max(40_000), blocks: z.array(slackBlock).min(1).max(50) });

// Adaptive Card 1.4 in a Teams message attachment, as Teams' incoming webhooks and Workflows document it.
const textBlock = z.strictObject({
  type: z.literal('TextBlock'),
  text: z.string(),
  wrap: z.optional(z.boolean()),
  weight: z.optional(z.enum(['Default', 'Lighter', 'Bolder'])),
  size: z.optional(z.enum(['Default', 'Small', 'Medium', 'Large', 'ExtraLarge'])),
  isSubtle: z.optional(z.boolean()),
  spacing: z.optional(z.enum(['None', 'Small', 'Default', 'Medium', 'Large'])),
});
const factSet = z.strictObject({ type: z.literal('FactSet'), facts: z.array(z.strictObject({ title: z.string(), value: z.string() })).min(1) });
const card = z.strictObject({
  $schema: z.literal('http://adaptivecards.io/schemas/adaptive-card.json'),
  type: z.literal('AdaptiveCard'),
  version: z.enum(['1.0', '1.1', '1.2', '1.3', '1.4']),
  body: z.array(z.discriminatedUnion('type', [textBlock, factSet])).min(1),
  actions: z.optional(z.array(z.strictObject({ type: z.literal('Action.OpenUrl'), title: z.string().min(1), url: z.url() })).min(1)),
});
const teamsPayload = z.strictObject({
  type: z.literal('message'),
  attachments: z.array(z.strictObject({ contentType: z.literal(ADAPTIVE_CARD), contentUrl: z.null(), content: card })).length(1),
});

const survey: Survey = {
  id: 'post-chat',
  version: 1,
  name: 'After the chat',
  questions: [
    { id: 'nps', type: 'nps', text: { en: 'Would you recommend us?', lv: 'Vai jūs mūs ieteiktu?' } },
    { id: 'kind', type: 'choice', text: 'About', other: true, options: [{ id: 'complaint', text: { en: 'Complaint', lv: 'Sūdzība' } }] },
    { id: 'why', type: 'text', text: { en: 'Why?', lv: 'Kāpēc?' } },
  ],
};
const event = (answers: Record<string, unknown>, meta: Record<string, unknown> = {}): ResponseEvent => ({
  event: 'alert.triggered',
  deliveryId: 'alert:x',
  timestamp: '2026-12-01T10:00:00.000Z',
  siteKey: 'shop',
  surveyId: 'post-chat',
  rule: { id: 'detractors', name: 'Detractor' },
  response: {
    id: '0193a5b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b',
    surveyId: 'post-chat',
    surveyVersion: 1,
    seq: 2,
    completed: true,
    answers: answers as never,
    meta: { locale: 'lv', location: 'riga-centre', agent: 'bruno', ...meta } as never,
    createdAt: '2026-12-01T10:00:00.000Z',
    updatedAt: '2026-12-01T10:00:00.000Z',
  },
});

describe('alert messages', () => {
  const facts = alertFacts(
    event({ nps: 3, kind: { selected: ['complaint'] }, why: 'Gaidīju <b>40</b> minūtes & nekas' }),
    survey,
    'https://tellus.example.com/',
  );

  it('say the score, the answers in the respondent’s language and words, branch, agent and a link', () => {
    expect(facts.score).toBe('NPS 3/10');
    expect(facts.answers).toEqual([
      { question: 'Vai jūs mūs ieteiktu?', answer: '3/10' },
      { question: 'About', answer: 'Sūdzība' },
      { question: 'Kāpēc?', answer: 'Gaidīju <b>40</b> minūtes & nekas' },
    ]);
    expect(facts.location).toBe('riga-centre');
    expect(facts.link).toBe('https://tellus.example.com/dashboard/surveys/post-chat?response=0193a5b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b');
  });

  it('build a Slack Block Kit message of the documented shape, escaping text', () => {
    const msg = slackMessage(facts);
    expect(slackPayload.safeParse(msg).error?.issues ?? []).toEqual([]);
    expect(JSON.stringify(msg)).toContain('Gaidīju &lt;b&gt;40&lt;/b&gt; minūtes &amp; nekas');
    expect(JSON.stringify(msg)).toContain('"url":"https://tellus.example.com/dashboard/surveys/post-chat?response=');
    // Long answers are cut to the block limits instead of being refused by Slack.
    const long = slackMessage(alertFacts(event({ nps: 1, why: 'x'.repeat(5000) }), survey, undefined), { title: 'y'.repeat(400) });
    expect(slackPayload.safeParse(long).error?.issues ?? []).toEqual([]);
  });

  it('build a Teams Adaptive Card message of the documented shape', () => {
    const msg = teamsMessage(facts);
    expect(teamsPayload.safeParse(msg).error?.issues ?? []).toEqual([]);
    const plainCard = teamsMessage(alertFacts(event({}), undefined, undefined), { title: 'Alert at {{location}}', text: 'Agent {{agent}}' });
    expect(teamsPayload.safeParse(plainCard).error?.issues ?? []).toEqual([]);
    expect(JSON.stringify(plainCard)).toContain('Alert at riga-centre');
  });

  it('fill templates per destination, escaped for the destination', () => {
    const t = { title: '{{rule}} at {{ location }}', text: 'Why: {{answer.why}} · order {{meta.orderId}}' };
    const slack = JSON.stringify(slackMessage(facts, t));
    expect(slack).toContain('Detractor at riga-centre');
    expect(slack).toContain('Why: Gaidīju &lt;b&gt;40&lt;/b&gt; minūtes &amp; nekas · order ');
    const mail = alertEmail(facts, t);
    expect(mail.subject).toBe('Detractor at riga-centre');
    expect(mail.html).toContain('Gaidīju &lt;b&gt;40&lt;/b&gt; minūtes &amp; nekas');
    expect(mail.html).not.toContain('<b>40</b>');
    expect(mail.text).toContain('Gaidīju <b>40</b> minūtes & nekas');
  });
});
