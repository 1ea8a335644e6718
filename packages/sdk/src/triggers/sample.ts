// Sampling that is stable per visitor: the same visitor is always in or out of a survey's sample.

/** A number in [0, 1) from FNV-1a over `anonId:surveyId`; uniform enough for sampling, no crypto needed. */
export function sampleBucket(anonId: string, surveyId: string): number {
  let h = 0x811c9dc5;
  const s = `${anonId}:${surveyId}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // A final avalanche so ids differing in the last character spread over the whole range.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 2 ** 32;
}

export const inSample = (anonId: string, surveyId: string, sample: number | undefined) =>
  sample === undefined || sample >= 1 || sampleBucket(anonId, surveyId) < sample;
