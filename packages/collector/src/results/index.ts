// Results: scores, distributions, series, groups and comments computed from stored responses.
export { computeResults, createResultsAccumulator, headlineOf, NO_VALUE, type ResultsOptions, type ResultsAccumulator } from './compute.js';
export { resultsFromStorage } from './from-storage.js';
export { bucketStart, nextBucket, bucketKey, bucketRange, INTERVALS, type Interval } from './buckets.js';
export type * from './types.js';
