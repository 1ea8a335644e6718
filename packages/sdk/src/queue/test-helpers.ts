// Builders shared by the SDK's unit tests (not shipped: nothing in src imports it except tests).
import type { SurveyResponse } from '@tellus/schema';
import { uuidv7 } from '../uuid.js';
import type { Fate } from './queue.js';

export const response = (over: Partial<SurveyResponse> = {}): SurveyResponse => ({
  id: uuidv7(),
  surveyId: 'post-chat',
  surveyVersion: 1,
  seq: 0,
  completed: true,
  answers: { csat: 4 },
  meta: { url: 'https://shop.test/support' },
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  ...over,
});

let n = 0;
export const freshDbName = () => `tellus-test-${Date.now()}-${n++}`;

/** Settle fates from the acked ids and the dead-lettered ids with their reasons. */
export const fates = (acked: Iterable<string>, dead: Iterable<[string, string]> = []): Map<string, Fate> =>
  new Map<string, Fate>([...[...acked].map((id) => [id, { kind: 'ack' }] as const), ...[...dead].map(([id, reason]) => [id, { kind: 'dead', reason }] as const)]);
