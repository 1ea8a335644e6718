// Results straight from storage: the database counts, and only the newest responses with text are read (for the comments).
// A database that cannot count them the way JavaScript would (not UTF8) has every response read instead.
import type { Survey } from '@tellus/schema';
import type { Storage } from '../storage/types.js';
import { createResultsAccumulator, type ResultsOptions } from './compute.js';
import type { Results } from './types.js';

export async function resultsFromStorage(
  storage: Pick<Storage, 'aggregateResponses' | 'aggregateGroupAnswers' | 'iterateResponses'>,
  survey: Survey,
  options: ResultsOptions & { completedOnly?: boolean } = {},
): Promise<Results> {
  const { from, to, completedOnly } = options;
  const acc = createResultsAccumulator(survey, options);
  const filter = { surveyId: survey.id, ...(from && { from }), ...(to && { to }), ...(completedOnly && { completedOnly }) };
  const counted = await storage.aggregateResponses(filter, acc.spec);
  if (!counted) {
    for await (const row of storage.iterateResponses(filter)) acc.add(row);
    return acc.finish();
  }
  acc.addAggregates(counted);
  // Headline answers only for the groups returned: an attribute like orderId has one group per response.
  if (acc.spec.groupBy) acc.addGroupAnswers(await storage.aggregateGroupAnswers(filter, acc.spec, acc.groupsToCount()));
  const texts = Object.keys(acc.spec.textMax);
  if (texts.length)
    for await (const row of storage.iterateResponses({ ...filter, newestFirst: true, withTextIn: texts })) {
      acc.addComments(row);
      if (acc.commentsFull()) break;
    }
  return acc.finish();
}
