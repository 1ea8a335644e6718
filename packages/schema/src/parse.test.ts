import { describe, expect, it } from 'vitest';
import { SurveyConfigError, ValidationError, type Issue } from './errors.js';
import { parseBatch, parseResponse, parseSurvey, parseSurveys } from './parse.js';

const q = {
  rating: { id: 'r', type: 'rating', scale: 5, style: 'emoji', text: 'Rate', lowLabel: 'Bad', highLabel: 'Great' },
  nps: { id: 'n', type: 'nps', text: { en: 'Recommend?', lv: 'Ieteiktu?' } },
  ces: { id: 'c', type: 'ces', text: 'Effort', required: true },
  text: { id: 't', type: 'text', text: 'Why?', maxLength: 500, multiline: true, placeholder: { en: 'Tell us' } },
  choice: { id: 'k', type: 'choice', text: 'Kind', other: true, multiple: false, options: [{ id: 'complaint', text: 'Complaint' }] },
  matrix: { id: 'm', type: 'matrix', text: 'Service', scale: 5, rows: [{ id: 'trust', text: 'Trust' }] },
  thumbs: { id: 'h', type: 'thumbs', text: 'Helpful?', showIf: { question: 'r', gte: 4 } },
};
const valid = {
  id: 'post-chat',
  version: 3,
  name: 'After chat',
  defaultLocale: 'en',
  trigger: { event: 'chat_closed', delayMs: 1500, urls: ['/support/*'], sample: 0.5, startsAt: '2026-01-01', endsAt: '2027-01-01T00:00:00Z' },
  throttle: { recontactDays: 30, maxShows: 1 },
  display: { mode: 'popover', position: 'bottom-right' },
  questions: Object.values(q),
  thankYou: { en: 'Thanks!', fa: 'سپاس!' },
};

const issuesOf = (input: unknown): Issue[] => {
  try {
    parseSurvey(input);
  } catch (e) {
    expect(e).toBeInstanceOf(SurveyConfigError);
    return (e as SurveyConfigError).issues;
  }
  throw new Error('expected the survey to be rejected');
};
const withQuestion = (question: object) => ({ ...valid, questions: [q.rating, question] });

describe('parseSurvey', () => {
  it('accepts a survey using every question type and field', () => {
    expect(parseSurvey(valid)).toEqual(valid);
  });

  it.each([
    ['the version is missing', { ...valid, version: undefined }, 'version', 'required'],
    ['the id has spaces', { ...valid, id: 'post chat' }, 'id', expect.stringContaining('letters, digits')],
    ['there are no questions', { ...valid, questions: [] }, 'questions', 'must have at least 1 item'],
    ['a rating scale is 11', withQuestion({ ...q.rating, id: 'r2', scale: 11 }), 'questions[1].scale', 'must be at most 10'],
    ['a rating scale is 1', withQuestion({ ...q.rating, id: 'r2', scale: 1 }), 'questions[1].scale', 'must be at least 2'],
    ['a rating style is unknown', withQuestion({ ...q.rating, id: 'r2', style: 'hearts' }), 'questions[1].style', 'must be one of "stars", "numbers", "emoji"'],
    ['a question type is unknown', withQuestion({ id: 'x', type: 'slider', text: 'x' }), 'questions[1].type', expect.stringContaining('"rating", "nps"')],
    ['a field is misspelt', withQuestion({ ...q.nps, scael: 3 }), 'questions[1].scael', 'unknown field'],
    ['question text is a number', withQuestion({ ...q.ces, text: 5 }), 'questions[1].text', expect.stringContaining('mapping language tags')],
    ['question text has no locales', withQuestion({ ...q.ces, text: {} }), 'questions[1].text', 'needs at least one locale'],
    ['a locale tag is invalid', withQuestion({ ...q.ces, text: { 'english!': 'x' } }), 'questions[1].text.english!', 'must be a language tag such as "en" or "pt-BR"'],
    ['text maxLength is 0', withQuestion({ ...q.text, maxLength: 0 }), 'questions[1].maxLength', 'must be at least 1'],
    ['a choice has no options', withQuestion({ ...q.choice, options: [] }), 'questions[1].options', 'must have at least 1 item'],
    ['a choice option lacks text', withQuestion({ ...q.choice, options: [{ id: 'a' }] }), 'questions[1].options[0].text', 'required'],
    ['a matrix row id is empty', withQuestion({ ...q.matrix, rows: [{ id: '', text: 'x' }] }), 'questions[1].rows[0].id', expect.any(String)],
    ['thumbs has a scale', withQuestion({ ...q.thumbs, scale: 3 }), 'questions[1].scale', 'unknown field'],
    ['a sample rate is above 1', { ...valid, trigger: { sample: 1.5 } }, 'trigger.sample', 'must be at most 1'],
    ['a delay is negative', { ...valid, trigger: { delayMs: -1 } }, 'trigger.delayMs', 'must be at least 0'],
    ['a start date is not a date', { ...valid, trigger: { startsAt: 'soon' } }, 'trigger.startsAt', 'must be an ISO 8601 date'],
    ['maxShows is fractional', { ...valid, throttle: { maxShows: 1.5 } }, 'throttle.maxShows', 'must be a whole number'],
    ['a display mode is unknown', { ...valid, display: { mode: 'modal' } }, 'display.mode', expect.stringContaining('"popover"')],
    ['an inline survey has no selector', { ...valid, display: { mode: 'inline' } }, 'display.selector', 'required when display.mode is "inline"'],
    ['the end is before the start', { ...valid, trigger: { startsAt: '2026-02-01', endsAt: '2026-01-01' } }, 'trigger.endsAt', 'must be after trigger.startsAt'],
    ['question ids repeat', withQuestion({ ...q.nps, id: 'r' }), 'questions[1].id', 'duplicate question id "r"'],
    ['a follow-up names a later question', { ...valid, questions: [{ ...q.thumbs, showIf: { question: 'n', eq: 1 } }, q.nps] }, 'questions[0].showIf.question', expect.stringContaining('earlier question')],
    ['a follow-up has no condition', withQuestion({ ...q.thumbs, showIf: { question: 'r' } }), 'questions[1].showIf', 'needs one of eq, in, lte, gte'],
    ['choice option ids repeat', withQuestion({ ...q.choice, options: [{ id: 'a', text: 'A' }, { id: 'a', text: 'B' }] }), 'questions[1].options[1].id', 'duplicate id "a"'],
  ])('rejects a survey where %s, naming the path', (_why, input, path, message) => {
    expect(issuesOf(input)).toContainEqual({ path, message });
  });

  it('lets a survey file name its JSON Schema for editors', () => {
    expect(parseSurvey({ $schema: '../docs/survey.schema.json', ...valid }).$schema).toBe('../docs/survey.schema.json');
  });

  it('reports every problem at once, not just the first', () => {
    const issues = issuesOf({ id: 'x', version: 0, questions: [{ id: 'a', type: 'nps' }] });
    expect(issues.map((i) => i.path).sort()).toEqual(['questions[0].text', 'version']);
  });

  it('puts the paths into the error message', () => {
    expect(() => parseSurvey(withQuestion({ ...q.rating, id: 'r2', scale: 11 }))).toThrow(/questions\[1\]\.scale: must be at most 10/);
  });

  it('rejects non-objects', () => {
    expect(issuesOf(null)).toEqual([{ path: '', message: 'must be an object' }]);
    expect(issuesOf('{"id":1}')).toHaveLength(1);
  });
});

describe('parseSurveys', () => {
  it('prefixes paths with the index and refuses repeated survey ids', () => {
    expect(() => parseSurveys([valid, valid])).toThrow(SurveyConfigError);
    try {
      parseSurveys([valid, { ...valid, id: 'b', version: 'x' }]);
    } catch (e) {
      expect((e as SurveyConfigError).issues).toEqual([{ path: '[1].version', message: 'must be a whole number' }]);
    }
  });
});

const response = {
  id: '0190d7a4-7b1c-7cc0-8000-000000000001',
  surveyId: 'post-chat',
  surveyVersion: 3,
  seq: 2,
  completed: true,
  answers: { r: 4, t: 'Fast', k: { selected: ['complaint'], other: 'x' }, m: { trust: 3 }, h: 'up' },
  meta: { url: 'https://shop.example.com/support', locale: 'lv', location: 'Riga', agent: 7, vip: true, orderId: null },
  anonId: 'v_abc123',
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:05.000Z',
};

describe('parseResponse', () => {
  it('accepts a well-formed response', () => {
    expect(parseResponse(response)).toEqual(response);
  });

  it.each([
    ['id', { ...response, id: 'not-a-uuid' }, 'must be a UUID'],
    ['seq', { ...response, seq: -1 }, 'must be at least 0'],
    ['answers.r', { ...response, answers: { r: Number.POSITIVE_INFINITY } }, expect.any(String)],
    ['answers.t', { ...response, answers: { t: 'x'.repeat(5001) } }, expect.any(String)],
    ['meta.nested', { ...response, meta: { nested: { a: 1 } } }, expect.any(String)],
    ['extra', { ...response, extra: 1 }, 'unknown field'],
  ])('rejects a bad %s', (path, input, message) => {
    try {
      parseResponse(input);
      throw new Error('accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      expect((e as ValidationError).issues).toContainEqual({ path, message });
    }
  });

  it('drops __proto__ keys and refuses object-valued answers such as constructor.prototype', () => {
    const hostile = JSON.parse(
      `{"id":"${response.id}","surveyId":"s","surveyVersion":1,"seq":0,"completed":false,"answers":{"__proto__":{"polluted":1}},"meta":{"__proto__":1},"createdAt":"2026-01-01","updatedAt":"2026-01-01"}`,
    );
    const parsed = parseResponse(hostile);
    expect(Object.keys(parsed.answers)).toEqual([]);
    expect(Object.getPrototypeOf(parsed.answers)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => parseResponse({ ...hostile, answers: JSON.parse('{"constructor":{"prototype":{"x":1}}}') })).toThrow(ValidationError);
  });
});

describe('parseBatch', () => {
  it('checks the envelope and leaves items for one-by-one checks', () => {
    expect(parseBatch({ siteKey: 'demo', responses: [1, 'x'] })).toEqual({ siteKey: 'demo', responses: [1, 'x'] });
  });

  it('refuses an empty batch and one over 50 items', () => {
    expect(() => parseBatch({ siteKey: 'demo', responses: [] })).toThrow(/responses: must have at least 1 item/);
    expect(() => parseBatch({ siteKey: 'demo', responses: Array(51).fill(0) })).toThrow(/responses: must have at most 50 items/);
  });
});

describe('who-sees-it fields', () => {
  const withTrigger = (trigger: object, throttle?: object) => ({ ...valid, trigger, ...(throttle ? { throttle } : {}) });

  it('accepts audiences, event props, exit intent, scroll depth, click selectors and recurring throttles', () => {
    const s = parseSurvey(
      withTrigger(
        {
          event: 'order_placed',
          audience: [{ attr: 'plan', in: ['pro', 'team'] }, { attr: 'seats', gte: 5, lte: 50 }, { attr: 'beta', exists: true }],
          eventProps: [{ prop: 'total', gte: 100 }, { prop: 'country', notIn: ['XX'] }],
          exitIntent: true,
          scrollPercent: 60,
          clickSelector: '[data-feedback]',
        },
        { repeatEveryDays: 90, dismissedCooldownHours: 48 },
      ),
    );
    expect(s.trigger?.audience).toHaveLength(3);
    expect(s.throttle?.repeatEveryDays).toBe(90);
  });

  it.each([
    [{ audience: [{ attr: 'plan' }] }, undefined, 'trigger.audience[0]', 'needs one of eq, in, notIn, gte, lte, exists'],
    [{ audience: [{ attr: '1plan', eq: 'x' }] }, undefined, 'trigger.audience[0].attr', 'must be an attribute name'],
    [{ audience: [{ attr: 'plan', in: [] }] }, undefined, 'trigger.audience[0].in', 'must have at least 1 item'],
    [{ audience: [{ attr: 'plan', gte: '5' }] }, undefined, 'trigger.audience[0].gte', 'must be a number'],
    [{ eventProps: [{ prop: 'total', gte: 1 }] }, undefined, 'trigger.eventProps', 'needs trigger.event'],
    [{ event: 'e', eventProps: [{ attr: 'total', gte: 1 }] }, undefined, 'trigger.eventProps[0].prop', 'required'],
    [{ exitIntent: false }, undefined, 'trigger.exitIntent', 'must be true'],
    [{ scrollPercent: 0 }, undefined, 'trigger.scrollPercent', 'must be at least 1'],
    [{ scrollPercent: 101 }, undefined, 'trigger.scrollPercent', 'must be at most 100'],
    [{ clickSelector: '' }, undefined, 'trigger.clickSelector', 'must not be empty'],
    [{}, { repeatEveryDays: 0 }, 'throttle.repeatEveryDays', 'must be at least 1'],
    [{}, { dismissedCooldownHours: -1 }, 'throttle.dismissedCooldownHours', 'must be at least 1'],
  ])('rejects %j %j at %s', (trigger, throttle, path, message) => {
    const issues = issuesOf(withTrigger(trigger, throttle));
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues.find((i) => i.path === path)?.message).toContain(message);
  });
});
