// Size limits shared by the SDK (batching) and the collector (validation); zod-free so first-load code can import them.
export const LIMITS = {
  batchItems: 50,
  batchBytes: 60_000,
  textMax: 5000,
  /** Longest text answer or choice "other" when the question sets no `maxLength`. */
  answerTextDefault: 1000,
  metaKeys: 50,
  metaValueMax: 2000,
} as const;
