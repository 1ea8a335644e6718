// Builders shared by the SDK's unit tests (not shipped: nothing in src imports it except tests).
import type { SurveyResponse } from '@tellus/schema';
import { uuidv7 } from '../uuid.js';

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
