// Results of a list (or stream) of responses: countsFromRows, then scoreCounts.
import type { Survey } from '@tellus/schema';
import { countsFromRows, type ResultsOptions, type Row } from './counts.js';
export type { ResultsOptions } from './counts.js';
import { scoreCounts } from './score.js';
import type { Results } from './types.js';

export async function computeResults(survey: Survey, rows: Iterable<Row> | AsyncIterable<Row>, options: ResultsOptions = {}): Promise<Results> {
  return scoreCounts(survey, await countsFromRows(survey, rows, options), options);
}
