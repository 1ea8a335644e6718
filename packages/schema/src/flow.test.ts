// Logic jumps, endings, the new question types and personal data: what the schema accepts, refuses (with paths) and computes.
import { describe, expect, it } from 'vitest';
import { checkAnswers, isPersonal } from './answers.js';
import { SurveyConfigError, type Issue } from './errors.js';
import { chooseEnding, visibleQuestions } from './flow.js';
import { parseResponse, parseSurvey } from './parse.js';
import type { Question } from './survey.js';

const branching = {
  id: 'nps-branch',
  version: 1,
  title: { en: 'Quick question', fa: 'یک پرسش کوتاه' },
  name: 'Internal: Q3 NPS',
  questions: [
    {
      id: 'nps',
      type: 'nps',
      text: 'Recommend us?',
      logic: [
        { when: { gte: 9 }, goto: 'review' },
        { when: { lte: 6 }, goto: 'why' },
      ],
    },
    { id: 'better', type: 'text', text: 'What would make it a 10?' },
    { id: 'why', type: 'text', text: 'What went wrong, {{attr.name|friend}}?', logic: [{ when: { eq: 'nothing' }, goto: 'end' }] },
    { id: 'contact', type: 'contact', fields: ['email', 'phone'], text: 'May we contact you?' },
    { id: 'ok', type: 'consent', text: 'You may e-mail me about my answer.', required: true },
    { id: 'review', type: 'cta', text: 'Would you review us?', button: { text: 'Write a review', url: 'https://reviews.example.com/lumo' } },
    {
      id: 'topic',
      type: 'choice',
      shuffle: true,
      other: true,
      text: 'Topic',
      options: [
        { id: 'a', text: 'A' },
        { id: 'b', text: 'B' },
      ],
    },
  ],
  endings: [
    { when: { question: 'nps', gte: 9 }, text: 'Thanks, {{answer.nps}} made our day!', button: { text: 'Leave a review', url: 'https://reviews.example.com' } },
    { when: { question: 'nps', lte: 6 }, text: 'Sorry. Our support team will help.', button: { text: 'Contact support', url: 'http://help.example.com/' } },
    { text: 'Thank you!' },
  ],
};
const survey = parseSurvey(branching);

const issuesOf = (input: unknown): Issue[] => {
  try {
    parseSurvey(input);
  } catch (e) {
    expect(e).toBeInstanceOf(SurveyConfigError);
    return (e as SurveyConfigError).issues;
  }
  throw new Error('expected the survey to be rejected');
};
const change = (path: (s: typeof branching) => void) => {
  const copy = structuredClone(branching);
  path(copy);
  return copy;
};

describe('the survey schema for logic, endings, title and the new types', () => {
  it('accepts logic, endings, a localized title, shuffle, contact, consent and cta', () => {
    expect(survey).toEqual(branching);
  });

  it('refuses a jump back to an earlier question as a cycle, naming the rule by path', () => {
    const back = change((s) => (s.questions[2]!.logic = [{ when: { eq: 'x' }, goto: 'nps' }]));
    expect(issuesOf(back)).toEqual([
      { path: 'questions[2].logic[0].goto', message: 'jumps back to "nps" (questions[0]), which would loop: jumps go forward only' },
    ]);
    const self = change((s) => (s.questions[0]!.logic![1]!.goto = 'nps'));
    expect(issuesOf(self)).toEqual([{ path: 'questions[0].logic[1].goto', message: 'jumps to itself, which would loop: jumps go forward only' }]);
  });

  it('refuses a jump to no question, a rule without a comparison, and a malformed goto', () => {
    const s = change((x) => {
      x.questions[0]!.logic = [
        { when: { gte: 9 }, goto: 'nowhere' },
        { when: {} as never, goto: 'why' },
        { when: { lte: 1 }, goto: '' },
      ];
    });
    expect(issuesOf(s)).toEqual([{ path: 'questions[0].logic[2].goto', message: 'must be the id of a later question, or "end"' }]);
    const t = change(
      (x) =>
        (x.questions[0]!.logic = [
          { when: { gte: 9 }, goto: 'nowhere' },
          { when: {} as never, goto: 'why' },
        ]),
    );
    expect(issuesOf(t)).toEqual([
      { path: 'questions[0].logic[0].goto', message: 'names no question: "nowhere" (use a later question\'s id or "end")' },
      { path: 'questions[0].logic[1].when', message: 'needs one of eq, in, lte, gte' },
    ]);
  });

  it('refuses endings naming no question, buttons to non-http URLs, repeated or unknown contact fields', () => {
    const s = change((x) => {
      x.endings[0]!.when!.question = 'ghost';
      x.endings[1]!.button!.url = 'javascript:alert(1)';
      (x.questions[3] as { fields: string[] }).fields = ['email', 'email'];
      (x.questions[5] as { button: { url: string } }).button.url = 'ftp://example.com';
    });
    expect(issuesOf(s)).toEqual([
      { path: 'questions[5].button.url', message: 'must be an http:// or https:// URL' },
      { path: 'endings[1].button.url', message: 'must be an http:// or https:// URL' },
    ]);
    const fields = change((x) => {
      x.endings[0]!.when!.question = 'ghost';
      (x.questions[3] as { fields: string[] }).fields = ['email', 'email'];
    });
    expect(issuesOf(fields)).toEqual([
      { path: 'questions[3].fields', message: 'repeats a field' },
      { path: 'endings[0].when.question', message: 'names no question: "ghost"' },
    ]);
    const unknown = change((x) => ((x.questions[3] as { fields: string[] }).fields = ['fax']));
    expect(issuesOf(unknown)).toEqual([{ path: 'questions[3].fields[0]', message: 'must be one of "email", "phone"' }]);
  });

  it('refuses a non-boolean shuffle, an empty title and an empty endings list', () => {
    const s = change((x) => {
      (x.questions[6] as { shuffle: unknown }).shuffle = 'yes';
      (x as { title: unknown }).title = '';
      (x as { endings: unknown[] }).endings = [];
    });
    expect(issuesOf(s)).toEqual([
      { path: 'title', message: 'must not be empty' },
      { path: 'questions[6].shuffle', message: 'must be a boolean' },
      { path: 'endings', message: 'must have at least 1 item' },
    ]);
  });
});

describe('the path through a survey', () => {
  const path = (answers: Record<string, unknown>) => visibleQuestions(survey, answers).map((q) => q.id);

  it('follows the first matching rule forward, skipping what lies between', () => {
    expect(path({})).toEqual(['nps', 'better', 'why', 'contact', 'ok', 'review', 'topic']);
    expect(path({ nps: 10 })).toEqual(['nps', 'review', 'topic']);
    expect(path({ nps: 3 })).toEqual(['nps', 'why', 'contact', 'ok', 'review', 'topic']);
    expect(path({ nps: 7 })).toEqual(['nps', 'better', 'why', 'contact', 'ok', 'review', 'topic']);
  });

  it('ends the survey on a jump to "end"', () => {
    expect(path({ nps: 3, why: 'nothing' })).toEqual(['nps', 'why']);
  });

  it('keeps a required question skipped by a jump from being required, and drops nothing answered on the path', () => {
    expect(checkAnswers(survey, { nps: 10 }, true)).toEqual([]);
    expect(checkAnswers(survey, { nps: 3, why: 'slow' }, true)).toEqual([{ path: 'answers.ok', message: 'required' }]);
  });

  it('picks the first ending whose condition holds, else the unconditional one', () => {
    expect(chooseEnding(survey, { nps: 10 })?.text).toBe('Thanks, {{answer.nps}} made our day!');
    expect(chooseEnding(survey, { nps: 2 })?.button?.url).toBe('http://help.example.com/');
    expect(chooseEnding(survey, { nps: 8 })?.text).toBe('Thank you!');
    expect(chooseEnding({ ...survey, endings: undefined }, { nps: 8 })).toBeUndefined();
  });
});

describe('answers to the new question types', () => {
  const contact = survey.questions[3]!;
  it('accepts a valid e-mail and phone, consent and a click as true', () => {
    expect(checkAnswers(survey, { nps: 3, contact: { email: 'anna@example.lv', phone: '+371 2000 0000' }, ok: true, review: true }, true)).toEqual([]);
  });

  it('refuses a bad e-mail, a bad phone, a field not asked for, and consent other than true', () => {
    const one = (answers: Record<string, unknown>) => checkAnswers(survey, answers, false);
    expect(one({ contact: { email: 'anna@' } })).toEqual([{ path: 'answers.contact', message: '"email" must be a valid e-mail address' }]);
    expect(one({ contact: { phone: '12' } })).toEqual([{ path: 'answers.contact', message: '"phone" must be a valid phone number' }]);
    expect(checkAnswers({ ...survey, questions: [{ ...contact, fields: ['email'] } as Question] }, { contact: { phone: '+1 555 0100' } }, false)).toEqual([
      { path: 'answers.contact', message: 'does not ask for "phone"' },
    ]);
    expect(one({ ok: false })).toEqual([{ path: 'answers.ok', message: 'must be true' }]);
    expect(one({ review: 'clicked' })).toEqual([{ path: 'answers.review', message: 'must be true' }]);
  });

  it('marks contact questions, and only those, as personal data', () => {
    expect(survey.questions.filter(isPersonal).map((q) => q.id)).toEqual(['contact']);
  });

  it('lets a response carry contact and boolean answers', () => {
    const r = {
      id: '01890a5d-ac96-774b-bcce-b302099a8057',
      surveyId: 'nps-branch',
      surveyVersion: 1,
      seq: 0,
      completed: true,
      answers: { nps: 3, contact: { email: 'anna@example.lv' }, ok: true },
      meta: {},
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    };
    expect(parseResponse(r).answers).toEqual(r.answers);
  });
});
