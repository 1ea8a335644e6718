import { describe, expect, it } from 'vitest';
import { checkRules, type Rule } from '../alerts/rules.js';
import { controlFor, emptyRule, fieldsOf, fromRows, OPERATORS, toRows } from './rules-model.js';

const questions = [
  { id: 'nps', type: 'nps' as const, text: 'Recommend us?' },
  { id: 'csat', type: 'rating' as const, text: 'Satisfied?', scale: 5 },
  {
    id: 'topic',
    type: 'choice' as const,
    text: 'Topic',
    options: [
      { id: 'x', text: 'Billing' },
      { id: 'y', text: 'Delivery' },
    ],
  },
  { id: 'why', type: 'text' as const, text: 'Why?' },
  { id: 'grid', type: 'matrix' as const, text: 'Rate' },
];

describe('the rule form model', () => {
  it("offers the survey's questions and the site's attributes, each with the operators its type allows", () => {
    const fields = fieldsOf(questions, ['location', 'agent'], [{ id: 'r', when: [{ attribute: 'shop', eq: 'x' }], destinations: [] } as unknown as Rule]);
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['question:nps', 'number'],
      ['question:csat', 'number'],
      ['question:topic', 'choice'],
      ['question:why', 'text'],
      ['question:grid', 'presence'],
      ['attribute:location', 'attribute'],
      ['attribute:agent', 'attribute'],
      ['attribute:shop', 'attribute'], // named only by a saved rule
    ]);
    expect(fields.find((f) => f.key === 'question:csat')).toMatchObject({ min: 1, max: 5 });
    expect(OPERATORS.number).not.toContain('contains');
    expect(OPERATORS.text).not.toContain('gte');
    expect(OPERATORS.choice).toEqual(['in', 'notIn', 'eq', 'exists']);
  });

  it('round-trips stored rules through form rows, one row per operator, secrets left out', () => {
    const stored = [
      {
        id: 'riga',
        name: 'Riga detractors',
        when: [
          { question: 'nps', gte: 0, lte: 6 },
          { attribute: 'location', in: ['riga-centre', 'riga-airport'] },
          { question: 'topic', notIn: ['x'] },
        ],
        destinations: [
          { type: 'webhook', url: 'https://hooks.example/a', secretSet: true, template: { title: '{{survey}}' } },
          { type: 'email', to: ['a@example.com', 'b@example.com'] },
        ],
        includePersonalData: true,
        enabled: false,
      },
    ];
    const fields = fieldsOf(questions, ['location']);
    const rows = toRows(stored);
    expect(rows[0]!.when.map((c) => [c.field, c.op])).toEqual([
      ['question:nps', 'gte'],
      ['question:nps', 'lte'],
      ['attribute:location', 'in'],
      ['question:topic', 'notIn'],
    ]);
    expect(rows[0]!.destinations[0]).toMatchObject({ type: 'webhook', secretSet: true, secret: '', title: '{{survey}}' });
    const back = fromRows(rows, fields);
    expect(back).toEqual([
      {
        id: 'riga',
        name: 'Riga detractors',
        enabled: false,
        when: [
          { question: 'nps', gte: 0 },
          { question: 'nps', lte: 6 },
          { attribute: 'location', in: ['riga-centre', 'riga-airport'] },
          { question: 'topic', notIn: ['x'] },
        ],
        destinations: [
          { type: 'webhook', url: 'https://hooks.example/a', template: { title: '{{survey}}' } },
          { type: 'email', to: ['a@example.com', 'b@example.com'] },
        ],
        includePersonalData: true,
      },
    ]);
    expect(checkRules(back).ok).toBe(true);
  });

  it("sends what it cannot read as typed, so the server's issue names the field", () => {
    const rule = { ...emptyRule(), id: 'x' };
    rule.when = [{ field: 'question:nps', op: 'lte', value: 'six', values: [], exists: true }];
    rule.destinations = [{ type: 'slack', url: 'ftp://x', to: '', secret: '', secretSet: false, title: '', text: '' }];
    const check = checkRules(fromRows([rule], fieldsOf(questions, [])));
    expect(check.ok).toBe(false);
    const issues = check.ok ? [] : check.issues;
    expect(issues.map((i) => [i.path, controlFor(i.path)])).toEqual([
      ['[0].when[0].lte', 'rule-0-c0-value'],
      ['[0].destinations[0].url', 'rule-0-d0-url'],
    ]);
  });

  it('points every issue path at a control, or at the list when it names none', () => {
    expect(controlFor('[2].id')).toBe('rule-2-id');
    expect(controlFor('[0].when[3]')).toBe('rule-0-c3-field');
    expect(controlFor('[0].when[3].attribute')).toBe('rule-0-c3-field');
    expect(controlFor('[0].when')).toBe('rule-0-add-condition');
    expect(controlFor('[0].destinations')).toBe('rule-0-add-destination');
    expect(controlFor('[1].destinations[0].to[2]')).toBe('rule-1-d0-to');
    expect(controlFor('[1].destinations[0].template.text')).toBe('rule-1-d0-text');
    expect(controlFor('[1].destinations[0].secret')).toBe('rule-1-d0-secret');
    expect(controlFor('[0]')).toBe('rule-0-id');
    expect(controlFor('')).toBeNull();
  });
});
