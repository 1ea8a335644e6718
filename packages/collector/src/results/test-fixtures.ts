// A small survey and hand-made responses whose results are worked out by hand in the tests.
import type { Survey } from '@tellus/schema';
import type { StoredResponse } from '../storage/types.js';

export const survey: Survey = {
  id: 'post-chat',
  version: 2,
  name: 'After chat',
  questions: [
    { id: 'nps', type: 'nps', text: { en: 'Recommend us?', lv: 'Ieteiktu?' } },
    { id: 'csat', type: 'rating', scale: 5, text: 'Satisfied?' },
    { id: 'effort', type: 'ces', text: 'Easy?' },
    {
      id: 'topic',
      type: 'choice',
      multiple: true,
      other: true,
      text: 'Topic',
      options: [
        { id: 'x', text: 'Billing' },
        { id: 'y', text: 'Delivery' },
        { id: 'z', text: 'Returns' },
      ],
    },
    { id: 'thumb', type: 'thumbs', text: 'Helpful?' },
    {
      id: 'grid',
      type: 'matrix',
      scale: 5,
      text: 'Rate',
      rows: [
        { id: 'a', text: 'Speed' },
        { id: 'b', text: 'Tone' },
      ],
    },
    { id: 'why', type: 'text', text: 'Why?' },
  ],
};

let seq = 0;
export function row(createdAt: string, answers: Record<string, unknown>, meta: StoredResponse['meta'] = {}, completed = true): StoredResponse {
  seq++;
  return {
    id: `0190f000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    surveyId: 'post-chat',
    surveyVersion: 2,
    seq: 1,
    completed,
    answers: answers as StoredResponse['answers'],
    meta,
    createdAt,
    updatedAt: createdAt,
    siteKey: 'shop',
    receivedAt: createdAt,
  };
}

/** Five responses: two on Monday 2 March 2026, one at midnight after, a partial a week later, one in April. */
export const rows: StoredResponse[] = [
  row(
    '2026-03-02T10:00:00.000Z',
    { nps: 10, csat: 5, effort: 2, topic: { selected: ['x', 'y'] }, thumb: 'up', grid: { a: 5, b: 4 }, why: 'Great' },
    { location: 'riga' },
  ),
  row('2026-03-02T23:59:00.000Z', { nps: 9, csat: 4, effort: 3, topic: { selected: ['x'] }, thumb: 'down', grid: { a: 3 } }, { location: 'riga' }),
  row('2026-03-03T00:00:00.000Z', { nps: 7, csat: 3, why: '  ' }, { location: 'tallinn' }),
  row('2026-03-09T12:00:00.000Z', { nps: 3, csat: 1, effort: 7, topic: { selected: [], other: 'Price' }, why: 'Too slow' }, {}, false),
  // Answers outside the current scales (an older version) are skipped, the response still counts.
  row('2026-04-01T00:00:00.000Z', { nps: 11, csat: 6, why: 'Later' }, { location: 'riga' }),
];
