import { describe, expect, it } from 'vitest';
import type { Survey, SurveyResponse } from '@tellus/schema';
import { checkRules } from '../alerts/rules.js';
import { deliveriesFor } from './enqueue.js';
import type { ResponseEvent } from './types.js';

// `contact` is the personal-data question type (added to the schema by the widget work); any question of that type counts.
const survey = {
  id: 'post-chat',
  version: 1,
  questions: [
    { id: 'nps', type: 'nps', text: 'Recommend us?' },
    { id: 'reach', type: 'contact', text: 'How can we reach you?' },
  ],
} as unknown as Survey;

const response: SurveyResponse = {
  id: '0193a5b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b',
  surveyId: 'post-chat',
  surveyVersion: 1,
  seq: 4,
  completed: true,
  answers: { nps: 2, reach: { email: 'ilze@example.com', phone: '+371 2000 0000' } } as never,
  meta: { location: 'riga' },
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

const rules = (includePersonalData?: boolean) => {
  const r = checkRules([
    {
      id: 'low',
      when: [{ question: 'nps', lte: 6 }],
      destinations: [
        { type: 'slack', url: 'https://hooks.slack.com/x' },
        { type: 'email', to: ['care@example.com'] },
      ],
      ...(includePersonalData !== undefined && { includePersonalData }),
    },
  ]);
  if (!r.ok) throw new Error('invalid');
  return r.rules;
};

const events = (rows: ReturnType<typeof deliveriesFor>) => rows.map((d) => JSON.parse(d.payload) as ResponseEvent);

describe('deliveries for an accepted response', () => {
  it('leave contact answers out unless the rule includes personal data', () => {
    const without = deliveriesFor('shop', response, { webhookUrl: 'https://desk.example.com/hook', webhookSecret: null, rules: rules() }, survey);
    expect(without.map((d) => d.id)).toEqual([`${response.id}:4`, `alert:${response.id}:low:0`, `alert:${response.id}:low:1`]);
    for (const e of events(without)) expect(e.response.answers).toEqual({ nps: 2 });
    expect(JSON.stringify(without)).not.toContain('ilze@example.com');

    const withPersonal = deliveriesFor('shop', response, { webhookUrl: null, webhookSecret: null, rules: rules(true) }, survey);
    for (const e of events(withPersonal)) expect(e.response.answers).toEqual(response.answers);
  });

  it('write nothing for a partial response or a survey without webhook and rules', () => {
    expect(deliveriesFor('shop', { ...response, completed: false }, { webhookUrl: 'https://x.example', webhookSecret: null, rules: rules() }, survey)).toEqual(
      [],
    );
    expect(deliveriesFor('shop', response, { webhookUrl: null, webhookSecret: null, rules: [] }, survey)).toEqual([]);
  });

  it('give an alert one id per response, rule and destination, whatever its seq', () => {
    const a = deliveriesFor('shop', response, { webhookUrl: null, webhookSecret: null, rules: rules() }, survey).map((d) => d.id);
    const b = deliveriesFor('shop', { ...response, seq: 9 }, { webhookUrl: null, webhookSecret: null, rules: rules() }, survey).map((d) => d.id);
    expect(a).toEqual(b);
  });
});
