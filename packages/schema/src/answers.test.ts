import { describe, expect, it } from 'vitest';
import { checkAnswers, localize } from './answers.js';
import { visibleQuestions } from './flow.js';
import { parseSurvey } from './parse.js';

const survey = parseSurvey({
  id: 'all-types',
  version: 2,
  questions: [
    { id: 'stars', type: 'rating', scale: 5, style: 'stars', text: 'How was it?', required: true },
    { id: 'why', type: 'text', maxLength: 10, text: 'Why?', showIf: { question: 'stars', lte: 3 }, required: true },
    { id: 'nps', type: 'nps', text: 'Recommend us?' },
    { id: 'ces', type: 'ces', text: 'Effort?' },
    {
      id: 'kind',
      type: 'choice',
      other: true,
      text: 'Kind',
      options: [
        { id: 'complaint', text: 'Complaint' },
        { id: 'praise', text: 'Compliment' },
      ],
    },
    {
      id: 'tags',
      type: 'choice',
      multiple: true,
      text: 'Tags',
      options: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
      ],
    },
    {
      id: 'salon',
      type: 'matrix',
      scale: 5,
      text: 'Rate',
      rows: [
        { id: 'trust', text: 'Trust' },
        { id: 'empathy', text: 'Empathy' },
      ],
    },
    { id: 'thumb', type: 'thumbs', text: 'Helpful?', showIf: { question: 'kind', eq: 'complaint' } },
  ],
});

describe('checkAnswers', () => {
  it('accepts a valid answer for every question type', () => {
    expect(
      checkAnswers(
        survey,
        {
          stars: 2,
          why: 'slow',
          nps: 0,
          ces: 7,
          kind: { selected: ['complaint'] },
          tags: { selected: ['a', 'b'] },
          salon: { trust: 5, empathy: 1 },
          thumb: 'down',
        },
        true,
      ),
    ).toEqual([]);
  });

  it.each([
    ['nps', 11, 'must be a whole number from 0 to 10'],
    ['nps', 7.5, 'must be a whole number from 0 to 10'],
    ['stars', 6, 'must be a whole number from 1 to 5'],
    ['ces', 0, 'must be a whole number from 1 to 7'],
    ['why', 'x'.repeat(11), 'must be at most 10 characters'],
    ['kind', { selected: ['refund'] }, 'unknown choice "refund"'],
    ['kind', { selected: ['complaint', 'praise'] }, 'allows one choice'],
    ['tags', { selected: ['a'], other: 'x' }, 'does not allow "other"'],
    ['salon', { trust: 6 }, 'row "trust" must be a whole number from 1 to 5'],
    ['salon', { calm: 3 }, 'unknown row "calm"'],
    ['thumb', 'sideways', 'must be "up" or "down"'],
    ['nope', 1, 'unknown question'],
  ])('rejects %s = %j with the path', (id, value, message) => {
    expect(checkAnswers(survey, { [id]: value }, false)).toEqual([{ path: `answers.${id}`, message }]);
  });

  it('requires visible required questions only once the response is completed', () => {
    expect(checkAnswers(survey, {}, false)).toEqual([]);
    expect(checkAnswers(survey, {}, true)).toEqual([{ path: 'answers.stars', message: 'required' }]);
    expect(checkAnswers(survey, { stars: 2 }, true)).toEqual([{ path: 'answers.why', message: 'required' }]);
    expect(checkAnswers(survey, { stars: 5 }, true)).toEqual([]);
  });

  it('keeps a completed response whose required text is white space (its score is not lost), but not one with ""', () => {
    expect(checkAnswers(survey, { stars: 2, why: '   ' }, true)).toEqual([]);
    expect(checkAnswers(survey, { stars: 2, why: '' }, true)).toEqual([{ path: 'answers.why', message: 'required' }]);
  });

  it('never counts an inherited property as an answer to a required question', () => {
    const inherited = Object.create({ stars: 5 }) as Record<string, unknown>;
    expect(checkAnswers(survey, inherited, true)).toEqual([{ path: 'answers.stars', message: 'required' }]);
  });

  it('accepts "other" text on a single choice with nothing else selected', () => {
    expect(checkAnswers(survey, { kind: { selected: [], other: 'A question' } }, false)).toEqual([]);
  });
});

describe('visibleQuestions', () => {
  const ids = (answers: Record<string, unknown>) => visibleQuestions(survey, answers).map((q) => q.id);

  it('shows a follow-up only when its condition on an earlier answer holds', () => {
    expect(ids({})).not.toContain('why');
    expect(ids({ stars: 3 })).toContain('why');
    expect(ids({ stars: 4 })).not.toContain('why');
  });

  it('matches eq against any selected choice', () => {
    expect(ids({ kind: { selected: ['complaint'] } })).toContain('thumb');
    expect(ids({ kind: { selected: ['praise'] } })).not.toContain('thumb');
  });
});

describe('localize', () => {
  const text = { en: 'Thanks', lv: 'Paldies', 'pt-BR': 'Obrigado' };
  it('picks the exact tag, then the language, then the fallback', () => {
    expect(localize(text, 'pt-BR')).toBe('Obrigado');
    expect(localize(text, 'lv-LV')).toBe('Paldies');
    expect(localize(text, 'fa')).toBe('Thanks');
    expect(localize({ ms: 'Terima kasih' }, 'fa')).toBe('Terima kasih');
    expect(localize('Same for all', 'tr')).toBe('Same for all');
    expect(localize(undefined, 'tr')).toBe('');
  });
});
