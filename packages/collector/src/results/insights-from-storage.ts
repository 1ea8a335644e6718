// Insights straight from storage: the newest responses in the range, and the newest with text, each read up to a cap.
import type { Survey } from '@tellus/schema';
import type { ResponseFilter, Storage, StoredResponse } from '../storage/types.js';
import { computeInsights, type Insights, type InsightsOptions, type SampleInfo } from './insights.js';

/**
 * Newest responses read for matrices and drivers, and newest with text for themes: enough for stable
 * estimates (a bootstrap interval of a driver's share at n = 3,000 is a few points wide), bounded at any size.
 */
export const SAMPLE_LIMITS = { responses: 3000, texts: 2000 } as const;

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
  // The newest responses with text start with those among the first read: when that read saw every
  // response, or already holds enough comments, they are the answer and the slower text query is skipped.
  const hasText = (r: StoredResponse) => texts.some((id) => typeof r.answers[id] === 'string' && (r.answers[id] as string).trim() !== '');
  const firstTexts = texts.length ? responses.rows.filter(hasText) : [];
  const withText = !texts.length
    ? { rows: [], sample: { read: 0, limit: limits.texts, complete: true } }
    : responses.sample.complete || firstTexts.length > limits.texts
      ? {
          rows: firstTexts.slice(0, limits.texts),
          sample: {
            read: Math.min(firstTexts.length, limits.texts),
            limit: limits.texts,
            complete: responses.sample.complete && firstTexts.length <= limits.texts,
          },
        }
      : await newest(storage, { ...filter, withTextIn: texts }, limits.texts);
  return computeInsights(survey, { responses: responses.rows, responsesSample: responses.sample, texts: withText.rows, textsSample: withText.sample }, options);
}
