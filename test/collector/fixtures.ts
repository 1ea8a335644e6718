// Shared test data for collector tests: a site, a survey covering every question type, responses.
import { randomBytes } from 'node:crypto';
import type { Survey, SurveyResponse } from '@tellus/schema';

export const ADMIN = 'test-admin-token-of-24-characters';
export const ORIGIN = 'https://shop.example';

/** A UUID v7 like the SDK makes: 48-bit ms timestamp, version and variant bits, random rest. */
export function uuidv7(ms = Date.now()): string {
  const b = randomBytes(16);
  b.writeUIntBE(ms, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const fullSurvey = (id = 'post-chat', version = 1): Survey => ({
  id,
  version,
  questions: [
    { id: 'csat', type: 'rating', scale: 5, text: { en: 'How satisfied are you?', lv: 'Cik apmierināts esat?' }, required: true },
    { id: 'nps', type: 'nps', text: 'Would you recommend us?' },
    { id: 'effort', type: 'ces', text: 'How easy was it?' },
    { id: 'why', type: 'text', text: 'Why?', maxLength: 2000, showIf: { question: 'csat', lte: 3 } },
    {
      id: 'kind',
      type: 'choice',
      text: 'What is this about?',
      multiple: true,
      other: true,
      options: [
        { id: 'complaint', text: 'Complaint' },
        { id: 'compliment', text: 'Compliment' },
      ],
    },
    { id: 'grid', type: 'matrix', scale: 5, text: 'Rate us', rows: [{ id: 'speed', text: 'Speed' }, { id: 'trust', text: 'Trust' }] },
    { id: 'thumb', type: 'thumbs', text: 'Helpful?' },
  ],
});

export function makeResponse(surveyId = 'post-chat', over: Partial<SurveyResponse> = {}): SurveyResponse {
  const now = new Date().toISOString();
  return {
    id: uuidv7(),
    surveyId,
    surveyVersion: 1,
    seq: 0,
    completed: true,
    answers: { csat: 4, nps: 9 },
    meta: { url: 'https://shop.example/checkout', locale: 'en', channel: 'web' },
    anonId: 'anon_abc',
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

/** A seeded PRNG (mulberry32) so random tests are reproducible from their seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
