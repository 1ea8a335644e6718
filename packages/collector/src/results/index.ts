// Results: scores, distributions, series, groups and comments, from counts made from rows or by the database.
export { computeResults } from './compute.js';
export {
  countsFromRows,
  countsFromTotals,
  headlineOf,
  NO_VALUE,
  OTHER_GROUP,
  type Counts,
  type QuestionCounts,
  type HeadlineCounts,
  type Histogram,
  type Totals,
  type ResultsOptions,
} from './counts.js';
export { scoreCounts } from './score.js';
export { resultsFromStorage, type FromStorageOptions } from './from-storage.js';
export { bucketStart, nextBucket, bucketKey, bucketRange, INTERVALS, type Interval } from './buckets.js';
export type * from './types.js';
