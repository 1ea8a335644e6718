// @vitest-environment jsdom
// What the survey asks beyond one question type: logic paths and their progress, piping, endings, the title,
// shuffled choices, and the contact, consent and cta questions.
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { Answer, Question, Survey } from '@tellus/schema';
import { SurveyView } from './survey';
import { one } from './test-fixtures';

let el: HTMLElement;
afterEach(() => {
  act(() => render(null, el));
  el.remove();
});

function show(survey: Survey, extra: { attributes?: Record<string, unknown>; locale?: string } = {}) {
  el = document.createElement('div');
  document.body.append(el);
  const log = { submitted: [] as Record<string, Answer>[], answered: [] as [string, Answer][] };
  act(() =>
    render(
      <SurveyView
        survey={survey}
        locale={extra.locale ?? 'en'}
        autoFocus
        attributes={extra.attributes ?? {}}
        onAnswer={(q, v) => log.answered.push([q, v])}
        onSubmit={(a) => void log.submitted.push(a)}
        onClose={() => {}}
      />,
      el,
    ),
  );
  const $ = <T extends Element = HTMLElement>(s: string) => el.querySelector(s) as T;
  const $$ = <T extends Element = HTMLElement>(s: string) => [...el.querySelectorAll(s)] as T[];
  return { ...log, $, $$, text: (s: string) => $(s)?.textContent ?? null };
}
const click = (e: Element | undefined | null) => act(() => (e as HTMLElement).click());
const type = (e: Element, text: string) =>
  act(() => {
    (e as HTMLInputElement).value = text;
    e.dispatchEvent(new Event('input', { bubbles: true }));
  });
const primary = (s: ReturnType<typeof show>) => s.$$('.tellus-nav .tellus-button').at(-1)!;

const branching: Survey = {
  id: 'branch',
  version: 1,
  name: 'Internal name nobody should hear',
  title: { en: 'Your opinion', fa: 'نظر شما' },
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
    { id: 'why', type: 'text', text: 'Why {{answer.nps}}, {{attr.firstName|friend}}?' },
    { id: 'review', type: 'thumbs', text: 'Would you review us?' },
  ],
  endings: [
    {
      when: { question: 'nps', gte: 9 },
      text: 'Thanks! A {{answer.nps}} made our day.',
      button: { text: 'Leave a review', url: 'https://reviews.example.com/lumo' },
    },
    { when: { question: 'nps', lte: 6 }, text: 'Sorry, {{attr.firstName|friend}}. Support will help.' },
  ],
  thankYou: 'Thank you!',
};

describe('logic', () => {
  it('jumps forward past skipped questions and counts progress on the path taken', () => {
    const s = show(branching);
    expect(s.text('.tellus-progress-text')).toBe('Question 1 of 4');
    click(s.$$('[role=radio]')[10]); // 10 → review
    expect(s.text('.tellus-question')).toBe('Would you review us?');
    expect(s.text('.tellus-progress-text')).toBe('Question 2 of 2');
    click(s.$$('.tellus-nav .tellus-button')[0]); // Back
    click(s.$$('[role=radio]')[3]); // 3 → why
    expect(s.text('.tellus-progress-text')).toBe('Question 2 of 3');
    expect(s.text('.tellus-question')).toBe('Why 3, friend?');
    click(primary(s));
    click(s.$$('[role=radio]')[0]);
    click(primary(s));
    expect(s.submitted).toEqual([{ nps: 3, review: 'up' }]); // "better" was never on the path
  });
});

describe('piping', () => {
  it('fills answers and visitor attributes as text, with the fallback when empty, never as HTML', () => {
    const s = show(branching, { attributes: { firstName: '<b>Anna</b>' } });
    click(s.$$('[role=radio]')[2]);
    expect(s.text('.tellus-question')).toBe('Why 2, <b>Anna</b>?');
    expect(s.$('.tellus-question b')).toBeNull();
  });
});

describe('endings and the title', () => {
  it('shows the first matching ending with its button opening in a new tab, without the opener', () => {
    const s = show(branching);
    click(s.$$('[role=radio]')[9]);
    click(s.$$('[role=radio]')[0]);
    click(primary(s));
    expect(s.text('.tellus-thanks')).toBe('Thanks! A 9 made our day.');
    const link = s.$<HTMLAnchorElement>('a.tellus-link');
    expect([link.href, link.target, link.rel, link.textContent]).toEqual([
      'https://reviews.example.com/lumo',
      '_blank',
      'noopener noreferrer',
      'Leave a review',
    ]);
  });

  it('falls back to thankYou when no ending matches', () => {
    const s = show(branching);
    click(s.$$('[role=radio]')[7]); // 7: no jump, no ending
    click(primary(s));
    type(s.$('textarea'), 'fine');
    click(primary(s));
    click(s.$$('[role=radio]')[0]);
    click(primary(s));
    expect(s.text('.tellus-thanks')).toBe('Thank you!');
    expect(s.$('a.tellus-link')).toBeNull();
  });

  it('names the dialog by its localized title, else the first question, never the internal name', () => {
    expect(show(branching, { locale: 'fa' }).$('[role=dialog]').getAttribute('aria-label')).toBe('نظر شما');
    act(() => render(null, el));
    expect(
      show({ ...branching, title: undefined })
        .$('[role=dialog]')
        .getAttribute('aria-label'),
    ).toBe('Recommend us?');
  });

  it('never links an ending or a cta to anything but http(s), even in an unchecked survey', () => {
    const s = show(one({ id: 'go', type: 'cta', text: 'Read more', button: { text: 'Open', url: 'javascript:alert(1)' } } as Question));
    expect(s.$('a.tellus-link').hasAttribute('href')).toBe(false);
  });
});

describe('shuffled choices', () => {
  const options = 'abcdefgh'.split('').map((id) => ({ id, text: id.toUpperCase() }));
  const shuffled = one({ id: 'pick', type: 'choice', shuffle: true, other: true, text: 'Pick', options });
  const order = (s: ReturnType<typeof show>) => s.$$('.tellus-choice span').map((x) => x.textContent);

  it('orders options at random per response, the same on every render, with "other" last', () => {
    const orders = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const s = show(shuffled);
      const first = order(s);
      expect(first.at(-1)).toBe('Other');
      expect([...first.slice(0, -1)].sort()).toEqual(options.map((o) => o.text));
      act(() => s.$$<HTMLInputElement>('input')[0]!.click()); // re-render
      expect(order(s)).toEqual(first);
      orders.add(first.join());
      act(() => render(null, el));
      el.remove();
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it('keeps the written order without shuffle', () => {
    const s = show(one({ id: 'pick', type: 'choice', text: 'Pick', options }));
    expect(order(s)).toEqual(options.map((o) => o.text));
  });
});

describe('contact question', () => {
  const contact = one({ id: 'reach', type: 'contact', fields: ['email', 'phone'], text: 'How can we reach you?' });

  it('labels each field, shows a message under a bad value once the field is left, and will not move on with it', () => {
    const s = show(contact);
    const [email, phone] = s.$$<HTMLInputElement>('input');
    expect([email!.type, email!.autocomplete, phone!.type]).toEqual(['email', 'email', 'tel']);
    expect(s.$$('label.tellus-label').map((l) => l.textContent)).toEqual(['Email', 'Phone']);
    expect(s.$(`label[for="${email!.id}"]`)).not.toBeNull();
    type(email!, 'anna@');
    expect(s.$('.tellus-error')).toBeNull(); // not while typing
    act(() => void email!.dispatchEvent(new FocusEvent('blur')));
    expect(s.text('.tellus-contact-field .tellus-error')).toBe('Please check this entry.');
    expect(email!.getAttribute('aria-invalid')).toBe('true');
    expect(email!.getAttribute('aria-describedby')).toBe(s.$('.tellus-contact-field .tellus-error').id);
    click(primary(s));
    expect(s.submitted).toEqual([]);
    type(email!, 'anna@example.lv');
    expect(s.$('.tellus-error')).toBeNull();
    click(primary(s));
    expect(s.submitted).toEqual([{ reach: { email: 'anna@example.lv' } }]);
  });

  it('shows every bad field when the respondent tries to send', () => {
    const s = show(contact);
    type(s.$$('input')[1]!, '12');
    click(primary(s));
    expect(s.$$('.tellus-contact-field .tellus-error')).toHaveLength(1);
    expect(s.submitted).toEqual([]);
  });

  it('asks for every field when required', () => {
    const s = show(one({ id: 'reach', type: 'contact', fields: ['email', 'phone'], required: true, text: 'Reach you?' }));
    type(s.$$('input')[0]!, 'anna@example.lv');
    click(primary(s));
    expect(s.text('[role=alert]')).toBe('Please answer this question.');
    type(s.$$('input')[1]!, '+371 2000 0000');
    click(primary(s));
    expect(s.submitted).toEqual([{ reach: { email: 'anna@example.lv', phone: '+371 2000 0000' } }]);
  });
});

describe('consent question', () => {
  it('is a checkbox named by its text that must be ticked when required, answering true', () => {
    const s = show(one({ id: 'gdpr', type: 'consent', required: true, text: 'I agree to be contacted.' }));
    const box = s.$<HTMLInputElement>('input[type=checkbox]');
    expect(box.closest('label')!.textContent).toBe('I agree to be contacted. *');
    expect(s.$('.tellus-question')).toBeNull();
    click(primary(s));
    expect(s.text('[role=alert]')).toBe('Please answer this question.');
    click(box);
    click(box); // unticked again: no answer
    click(primary(s));
    expect(s.submitted).toEqual([]);
    click(box);
    click(primary(s));
    expect(s.submitted).toEqual([{ gdpr: true }]);
  });
});

describe('cta question', () => {
  it('records the click on its button as the answer and moves on', () => {
    const s = show({
      id: 'cta',
      version: 1,
      questions: [
        { id: 'go', type: 'cta', text: 'We have a new app', button: { text: 'Get it', url: 'https://example.com/app' } },
        { id: 'ok', type: 'thumbs', text: 'Useful?' },
      ],
    });
    const link = s.$<HTMLAnchorElement>('a.tellus-link');
    expect([link.getAttribute('href'), link.rel, link.target]).toEqual(['https://example.com/app', 'noopener noreferrer', '_blank']);
    act(() => void link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));
    expect(s.text('.tellus-question')).toBe('Useful?');
    expect(s.answered).toEqual([['go', true]]);
  });
});
