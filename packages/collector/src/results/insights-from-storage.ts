// Insights straight from storage: the newest responses in the range, and the newest with text, each read up to a cap.
import type { Survey } from '@tellus/schema';
import type { ResponseFilter, Storage, StoredResponse } from '../storage/types.js';
import { computeInsights, type Insights, type InsightsOptions, type SampleInfo } from './insights.js';

/** Newest responses read for matrices and drivers, and newest with text for themes: enough for stable estimates, bounded at any size. */
export const SAMPLE_LIMITS = { responses: 5000, texts: 5000 } as const;

async function newest(
  storage: Pick<Storage, 'iterateResponses'>,
  filter: ResponseFilter & { withTextIn?: string[] },
  limit: number,
): Promise<{ rows: StoredResponse[]; sample: SampleInfo }> {
  const rows: StoredResponse[] = [];
  // One more than the limit tells "exactly all" from "there were more".
  for await (const row of storage.iterateResponses({ ...filter, newestFirst: true })) {
    if (rows.length === limit) return { rows, sample: { read: rows.length, limit, complete: false } };
    rows.push(row);
  }
  return { rows, sample: { read: rows.length, limit, complete: true } };
}

export async function insightsFromStorage(
  storage: Pick<Storage, 'iterateResponses'>,
  survey: Survey,
  options: InsightsOptions & { completedOnly?: boolean; limits?: { responses: number; texts: number } } = {},
): Promise<Insights> {
  const { from, to, completedOnly } = options;
  const limits = options.limits ?? SAMPLE_LIMITS;
  const filter: ResponseFilter = { surveyId: survey.id, ...(from && { from }), ...(to && { to }), ...(completedOnly && { completedOnly }) };
  const texts = survey.questions.filter((q) => q.type === 'text').map((q) => q.id);
  const responses = await newest(storage, filter, limits.responses);
  // When the first read saw everything, the comments are among those rows: no second query.
  const withText = !texts.length
    ? { rows: [], sample: { read: 0, limit: limits.texts, complete: true } }
    : responses.sample.complete && responses.rows.length <= limits.texts
      ? { rows: responses.rows, sample: { ...responses.sample, limit: limits.texts } }
      : await newest(storage, { ...filter, withTextIn: texts }, limits.texts);
  return computeInsights(survey, { responses: responses.rows, responsesSample: responses.sample, texts: withText.rows, textsSample: withText.sample }, options);
}
