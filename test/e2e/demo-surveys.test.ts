// Keeps the demo's survey definitions valid, translated into every demo language, and shaped as the demo pages expect.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSurvey, type LocalizedText, type Survey } from '@tellus/schema';

const dir = fileURLToPath(new URL('../../demo/surveys/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const load = (name: string): Survey => parseSurvey(JSON.parse(readFileSync(dir + name, 'utf8')));
const LOCALES = ['en', 'lv', 'fa', 'ms', 'tr'];

/** Every LocalizedText reachable from a survey, with where it sits, so a missing translation names its place. */
function texts(value: unknown, path = ''): [string, LocalizedText][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => texts(v, `${path}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const out: [string, LocalizedText][] = [];
  for (const [k, v] of Object.entries(value)) {
    const here = path ? `${path}.${k}` : k;
    if (['text', 'description', 'lowLabel', 'highLabel', 'placeholder', 'thankYou', 'tabLabel'].includes(k)) out.push([here, v as LocalizedText]);
    else out.push(...texts(v, here));
  }
  return out;
}

describe('demo surveys', () => {
  it('ships the four demo surveys', () => {
    expect(files).toEqual(['account-nps.json', 'post-chat.json', 'post-purchase.json', 'salon-visit.json']);
  });

  it.each(files)('%s parses with @tellus/schema and its id matches the file name', (file) => {
    const survey = load(file);
    expect(survey.id).toBe(file.replace(/\.json$/, ''));
  });

  it.each(files)('%s has every text in en, lv, fa, ms and tr', (file) => {
    const missing = texts(load(file)).flatMap(([path, t]) =>
      typeof t === 'string' ? [`${path} is one string for every locale`] : LOCALES.filter((l) => !t[l]?.trim()).map((l) => `${path}.${l}`),
    );
    expect(missing).toEqual([]);
  });

  it('asks for a follow-up on the post-purchase stars only after a low score', () => {
    const s = load('post-purchase.json');
    expect(s.questions[0]).toMatchObject({ type: 'rating', style: 'stars', scale: 5 });
    expect(s.questions[1]).toMatchObject({ type: 'text', showIf: { question: 'csat', lte: 3 } });
  });

  it('shows the post-chat CSAT on chat_closed with a "do better" question', () => {
    const s = load('post-chat.json');
    expect(s.trigger?.event).toBe('chat_closed');
    expect(s.questions.map((q) => q.type)).toEqual(['rating', 'text']);
  });

  it('asks NPS, why, and complaint / compliment / suggestion on the account page', () => {
    const s = load('account-nps.json');
    expect(s.questions.map((q) => q.type)).toEqual(['nps', 'text', 'choice']);
    const kind = s.questions[2];
    expect(kind?.type === 'choice' && kind.options.map((o) => o.id)).toEqual(['complaint', 'compliment', 'suggestion']);
  });

  it('rates the salon visit on the five service qualities with a complaint / compliment box', () => {
    const s = load('salon-visit.json');
    const matrix = s.questions[0];
    expect(matrix?.type === 'matrix' && matrix.rows.map((r) => r.id)).toEqual(['reliability', 'flexibility', 'trust', 'empathy', 'aesthetics']);
    expect(s.questions[1]).toMatchObject({ type: 'choice' });
    expect(s.questions[2]).toMatchObject({ type: 'text', showIf: { question: 'kind' } });
    expect(s.display).toMatchObject({ mode: 'inline', selector: '#visit-feedback' });
  });
});
