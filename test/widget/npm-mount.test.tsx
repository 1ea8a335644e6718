// @vitest-environment jsdom
// The npm side end to end in jsdom: mountTellus on a real createTellus instance, from a tracked event to the posted batch.
import { afterEach, describe, expect, it } from 'vitest';
import { createTellus, type Tellus } from '@tellus/sdk';
import { mountTellus, type WidgetHandle } from '@tellus/widget';
import type { Survey } from '@tellus/schema';

const survey: Survey = {
  id: 'post-chat',
  version: 3,
  trigger: { event: 'chat_closed' },
  questions: [
    { id: 'csat', type: 'rating', scale: 5, style: 'stars', text: { en: 'How satisfied are you?', lv: 'Cik apmierināts esat?' } },
    { id: 'why', type: 'text', text: 'What should we have done better?', showIf: { question: 'csat', lte: 3 } },
  ],
};

let tellus: Tellus | undefined;
let ui: WidgetHandle | undefined;
afterEach(() => {
  ui?.destroy();
  tellus?.destroy();
  document.body.innerHTML = '';
});

/** Resolves once `pred` holds, checking whenever the SDK reports something (bounded by the test timeout). */
const until = (t: Tellus, pred: () => boolean) =>
  new Promise<void>((ok) => {
    const check = () => pred() && ok();
    for (const e of ['show', 'answer', 'submit', 'sent'] as const) t.on(e, () => queueMicrotask(check));
    check();
  });

describe('mountTellus with createTellus', () => {
  it('shows on the tracked event, saves the partial answer, submits the follow-up and posts the completed response', async () => {
    const posted: { responses: { seq: number; completed: boolean; answers: unknown; meta: Record<string, unknown> }[] }[] = [];
    tellus = createTellus({
      siteKey: 'demo',
      endpoint: 'https://collector.test',
      surveys: [survey],
      storage: 'memory',
      flushDelayMs: 0,
      locale: 'lv',
      fetch: async (_url, init) => {
        const body = JSON.parse(String(init?.body)) as { responses: ((typeof posted)[number]['responses'][number] & { id: string })[] };
        posted.push(body);
        return new Response(JSON.stringify({ accepted: body.responses.map((r) => r.id), duplicates: [], rejected: [] }), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    ui = mountTellus(tellus, { locale: 'lv' });
    tellus.track('chat_closed');
    const root = () => document.querySelector('tellus-widget')?.shadowRoot;
    await until(tellus, () => !!root()?.querySelector('.tellus-panel'));
    expect(root()!.querySelector('.tellus-question')!.textContent).toBe('Cik apmierināts esat?');
    (root()!.querySelectorAll('[role=radio]')[1] as HTMLElement).click(); // 2 stars → follow-up
    await until(tellus, () => !!root()!.querySelector('textarea'));
    const field = root()!.querySelector('textarea')!;
    field.value = 'Lēni';
    field.dispatchEvent(new Event('input', { bubbles: true }));
    await new Promise((r) => setTimeout(r)); // let Preact commit the input
    (root()!.querySelector('.tellus-nav .tellus-button:last-child') as HTMLElement).click();
    await until(tellus, () => posted.flatMap((p) => p.responses).some((r) => r.completed));
    const all = posted.flatMap((p) => p.responses);
    const done = all.find((r) => r.completed)!;
    expect(done.answers).toEqual({ csat: 2, why: 'Lēni' });
    expect(done.meta.locale).toBe('lv');
    expect(all.every((r) => r.seq <= done.seq)).toBe(true);
    expect(root()!.querySelector('[role=status]')!.textContent).toBe('Paldies par jūsu atsauksmi!');
  });
});
