// @vitest-environment jsdom
// Each question type rendered in a one-question survey: what it shows and the answer it produces.
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { Answer, Survey } from '@tellus/schema';
import { SurveyView } from '../survey';
import { Q, one } from '../test-fixtures';

let el: HTMLElement;
afterEach(() => {
  act(() => render(null, el));
  el.remove();
});

function show(survey: Survey, locale = 'en') {
  el = document.createElement('div');
  document.body.append(el);
  const submitted: Record<string, Answer>[] = [];
  act(() => render(<SurveyView survey={survey} locale={locale} onSubmit={(a) => void submitted.push(a)} onClose={() => {}} />, el));
  const $ = <T extends Element = HTMLElement>(s: string) => el.querySelector(s) as T;
  const $$ = <T extends Element = HTMLElement>(s: string) => [...el.querySelectorAll(s)] as T[];
  return { submitted, $, $$ };
}
const click = (e: Element | undefined) => act(() => (e as HTMLElement).click());
const type = (e: Element, text: string) =>
  act(() => {
    (e as HTMLInputElement).value = text;
    e.dispatchEvent(new Event('input', { bubbles: true }));
  });
const check = (e: Element) => act(() => (e as HTMLInputElement).click());
const sendButton = (s: ReturnType<typeof show>) => s.$$('.tellus-nav .tellus-button').at(-1)!;

describe('rating question', () => {
  it('shows stars as a radio group and submits the clicked star at once', () => {
    const s = show(one(Q.stars));
    const radios = s.$$('[role=radio]');
    expect(s.$('[role=radiogroup]').getAttribute('aria-labelledby')).toBe(s.$('.tellus-question').id);
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual(['1 / 5', '2 / 5', '3 / 5', '4 / 5', '5 / 5']);
    expect(radios[0]!.querySelector('svg')).not.toBeNull();
    expect(s.$('.tellus-nav')).toBeNull(); // one click is the whole survey
    click(radios[3]);
    expect(s.submitted).toEqual([{ csat: 4 }]);
    expect(s.$('[role=status]').textContent).toBe('Thank you for your feedback!');
  });

  it('shows numbers with end labels that describe the group', () => {
    const s = show(one(Q.numbers));
    expect(s.$$('[role=radio]').map((r) => r.textContent)).toEqual(['1', '2', '3', '4']);
    const ends = s.$('.tellus-ends');
    expect(ends.textContent).toBe('BadGood');
    expect(s.$('[role=radiogroup]').getAttribute('aria-describedby')).toBe(ends.id);
    click(s.$$('[role=radio]')[1]);
    expect(s.submitted).toEqual([{ num: 2 }]);
  });

  it('shows faces from sad to happy for the emoji style', () => {
    const s = show(one(Q.emoji));
    const mouths = s.$$('.tellus-mouth').map((m) => m.getAttribute('d'));
    expect(mouths).toHaveLength(5);
    expect(new Set(mouths).size).toBe(5);
    click(s.$$('[role=radio]')[0]);
    expect(s.submitted).toEqual([{ emo: 1 }]);
  });
});

describe('NPS question', () => {
  it('offers 0 to 10 with the default end labels and submits the pick', () => {
    const s = show(one(Q.nps));
    expect(s.$$('[role=radio]').map((r) => r.textContent)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(s.$('.tellus-ends').textContent).toBe('Not at all likelyExtremely likely');
    click(s.$$('[role=radio]')[9]);
    expect(s.submitted).toEqual([{ nps: 9 }]);
  });
});

describe('CES question', () => {
  it('offers 1 to 7 from disagree to agree', () => {
    const s = show(one(Q.ces));
    expect(s.$$('[role=radio]').map((r) => r.textContent)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(s.$('.tellus-ends').textContent).toBe('Strongly disagreeStrongly agree');
    click(s.$$('[role=radio]')[6]);
    expect(s.submitted).toEqual([{ ces: 7 }]);
  });
});

describe('text question', () => {
  it('counts the characters left and sends the text', () => {
    const s = show(one(Q.text));
    const field = s.$<HTMLTextAreaElement>('textarea');
    expect(field.maxLength).toBe(20);
    expect(field.placeholder).toBe('Tell us');
    expect(field.getAttribute('aria-labelledby')).toBe(s.$('.tellus-question').id);
    expect(s.$('.tellus-counter').textContent).toBe('20 characters left');
    type(field, 'Faster');
    expect(s.$('.tellus-counter').textContent).toBe('14 characters left');
    expect(field.getAttribute('aria-describedby')).toBe(s.$('.tellus-counter').id);
    click(sendButton(s));
    expect(s.submitted).toEqual([{ why: 'Faster' }]);
  });

  it('does not take white space as the answer to a required text question', () => {
    const s = show(one({ ...Q.text, required: true }));
    type(s.$<HTMLTextAreaElement>('textarea'), '   ');
    click(sendButton(s));
    expect(s.submitted).toEqual([]);
    expect(s.$('[role=alert]')?.textContent).toBe('Please answer this question.');
  });

  it('uses a one-line input when multiline is false', () => {
    const s = show(one({ ...Q.text, multiline: false }));
    expect(s.$('textarea')).toBeNull();
    expect(s.$('input.tellus-field')).not.toBeNull();
  });
});

describe('choice question', () => {
  it('picks one option as a radio', () => {
    const s = show(one(Q.single));
    const inputs = s.$$<HTMLInputElement>('input[type=radio]');
    expect(inputs).toHaveLength(3); // two options + other
    expect(s.$('.tellus-choices').getAttribute('role')).toBe('radiogroup');
    check(inputs[1]!);
    click(sendButton(s));
    expect(s.submitted).toEqual([{ kind: { selected: ['praise'] } }]);
  });

  it('replaces the options with "other" text in a single choice', () => {
    const s = show(one(Q.single));
    check(s.$$('input[type=radio]')[0]!);
    check(s.$$('input[type=radio]')[2]!);
    const other = s.$<HTMLInputElement>('input.tellus-field');
    expect(other.getAttribute('aria-label')).toBe('Please specify');
    type(other, 'A question');
    click(sendButton(s));
    expect(s.submitted).toEqual([{ kind: { selected: [], other: 'A question' } }]);
  });

  it('collects several options and "other" in a multiple choice', () => {
    const s = show(one(Q.multi));
    const boxes = s.$$<HTMLInputElement>('input[type=checkbox]');
    expect(s.$('.tellus-choices').getAttribute('role')).toBe('group');
    check(boxes[0]!);
    check(boxes[1]!);
    check(boxes[0]!); // unticks speed again
    check(boxes[2]!);
    type(s.$('input.tellus-field'), 'Support');
    click(sendButton(s));
    expect(s.submitted).toEqual([{ topics: { selected: ['price'], other: 'Support' } }]);
  });
});

describe('matrix question', () => {
  it('rates every row on the shared scale', () => {
    const s = show(one(Q.matrix));
    const groups = s.$$('[role=radiogroup]');
    expect(groups).toHaveLength(2);
    expect(groups[1]!.getAttribute('aria-labelledby')).toBe(`${s.$('.tellus-question').id} ${s.$('.tellus-question').id}-empathy`);
    click(groups[0]!.querySelectorAll('[role=radio]')[3]);
    click(groups[1]!.querySelectorAll('[role=radio]')[4]);
    expect(s.submitted).toEqual([]); // rows never submit by themselves
    click(sendButton(s));
    expect(s.submitted).toEqual([{ dims: { reliability: 4, empathy: 5 } }]);
  });

  it('asks for every row when required', () => {
    const s = show(one({ ...Q.matrix, required: true }));
    click(s.$$('[role=radiogroup]')[0]!.querySelectorAll('[role=radio]')[0]);
    click(sendButton(s));
    expect(s.$('[role=alert]').textContent).toBe('Please answer this question.');
    expect(s.submitted).toEqual([]);
  });
});

describe('thumbs question', () => {
  it('answers up or down with labelled buttons', () => {
    const s = show(one(Q.thumbs));
    const [up, down] = s.$$('[role=radio]');
    expect(up!.getAttribute('aria-label')).toBe('Yes, helpful');
    expect(down!.getAttribute('aria-label')).toBe('No, not helpful');
    click(down);
    expect(s.submitted).toEqual([{ ok: 'down' }]);
  });
});

describe('survey text', () => {
  it('is rendered as text, never as HTML', () => {
    const evil = '<img src=x onerror="alert(1)"><b>bold</b>';
    const s = show(one({ ...Q.thumbs, text: evil, description: evil }, { thankYou: evil }));
    expect(s.$('img')).toBeNull();
    expect(s.$('b')).toBeNull();
    expect(s.$('.tellus-question').textContent).toBe(evil);
    expect(s.$('.tellus-description').textContent).toBe(evil);
    click(s.$$('[role=radio]')[0]);
    expect(s.$('.tellus-thanks').textContent).toBe(evil);
  });
});
