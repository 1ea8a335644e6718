import { describe, expect, it } from 'vitest';
import { checkRules } from './rules.js';
import { conditionHolds, matchingRules } from './match.js';

const detractor = {
  id: 'detractors',
  when: [{ question: 'nps', lte: 6 }],
  destinations: [{ type: 'slack', url: 'https://hooks.slack.com/services/T/B/X' }],
};

describe('alert rule validation', () => {
  it('accepts rules with every destination type', () => {
    const r = checkRules([
      detractor,
      {
        id: 'complaints-riga',
        name: 'Complaints in Riga',
        when: [
          { question: 'kind', in: ['complaint'] },
          { attribute: 'location', eq: 'riga-centre' },
        ],
        destinations: [
          { type: 'webhook', url: 'https://desk.example.com/hook', secret: 'a-secret-of-16-chars' },
          { type: 'teams', url: 'https://example.webhook.office.com/x', template: { title: 'Complaint from {{location}}' } },
          { type: 'email', to: ['care@example.com'] },
        ],
        includePersonalData: true,
      },
    ]);
    expect(r.ok).toBe(true);
  });

  it('names the path of every problem', () => {
    const r = checkRules([
      { ...detractor, when: [{ question: 'nps' }, { question: 'nps', attribute: 'x', eq: 1 }], extra: 1 },
      {
        id: 'detractors',
        when: [],
        destinations: [{ type: 'slack', url: 'javascript:alert(1)' }, { type: 'email', to: ['not-an-address'] }, { type: 'pager' }],
      },
    ]);
    expect(r.ok).toBe(false);
    const paths = !r.ok ? r.issues.map((i) => `${i.path}: ${i.message}`) : [];
    expect(paths).toEqual(
      expect.arrayContaining([
        '[0].extra: unknown field',
        expect.stringMatching(/^\[0\]\.when\[0\]: needs one of eq, in, notIn/),
        '[0].when[1]: needs exactly one of question or attribute',
        '[1].destinations[0].url: must be an http(s) URL',
        '[1].destinations[1].to[0]: must be an e-mail address',
        expect.stringMatching(/^\[1\]\.destinations\[2\]/),
      ]),
    );
  });

  it('refuses two rules with one id', () => {
    const r = checkRules([detractor, detractor]);
    expect(!r.ok && r.issues).toEqual([{ path: '[1].id', message: 'rule id "detractors" is used twice' }]);
  });
});

describe('matching a response against a rule', () => {
  const response = {
    completed: true,
    answers: { nps: 3, why: 'The agent was RUDE and slow', kind: { selected: ['complaint'], other: 'billing' }, grid: { speed: 2, trust: 4 } },
    meta: { location: 'riga-centre', agent: 'bruno', vip: true },
  };
  const holds = (c: Record<string, unknown>) => conditionHolds(c as never, response);

  it('supports the operators of showIf and audience', () => {
    expect(holds({ question: 'nps', lte: 6 })).toBe(true);
    expect(holds({ question: 'nps', gte: 9 })).toBe(false);
    expect(holds({ question: 'nps', gte: 0, lte: 6 })).toBe(true);
    expect(holds({ question: 'kind', in: ['complaint', 'suggestion'] })).toBe(true);
    expect(holds({ question: 'kind', notIn: ['complaint'] })).toBe(false);
    expect(holds({ question: 'kind', eq: 'compliment' })).toBe(false);
    expect(holds({ question: 'why', contains: 'rude' })).toBe(true);
    expect(holds({ question: 'kind', contains: 'BILL' })).toBe(true);
    expect(holds({ question: 'grid', lte: 2 })).toBe(true);
    expect(holds({ attribute: 'location', eq: 'riga-centre' })).toBe(true);
    expect(holds({ attribute: 'location', in: ['tallinn'] })).toBe(false);
    expect(holds({ attribute: 'vip', eq: true })).toBe(true);
    expect(holds({ attribute: 'orderId', exists: true })).toBe(false);
    expect(holds({ attribute: 'orderId', exists: false })).toBe(true);
    expect(holds({ question: 'email', notIn: ['x'] })).toBe(true);
    expect(holds({ question: 'nps', exists: true, lte: 6 })).toBe(true);
  });

  it('matches completed responses only, every condition, and skips disabled rules', () => {
    const rules = checkRules([
      detractor,
      {
        ...detractor,
        id: 'riga',
        when: [
          { question: 'nps', lte: 6 },
          { attribute: 'location', eq: 'tallinn' },
        ],
      },
      { ...detractor, id: 'off', enabled: false },
      { ...detractor, id: 'all', when: [] },
    ]);
    if (!rules.ok) throw new Error('invalid');
    expect(matchingRules(rules.rules, response).map((r) => r.id)).toEqual(['detractors', 'all']);
    expect(matchingRules(rules.rules, { ...response, completed: false })).toEqual([]);
    expect(matchingRules(rules.rules, { ...response, answers: { nps: 9 } }).map((r) => r.id)).toEqual(['all']);
  });
});
