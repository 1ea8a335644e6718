// Response and batch envelope schemas: what the SDK sends and the collector accepts.
import * as z from 'zod/mini';
import { LIMITS } from './limits.js';
import { ANON_ID, ID, META_KEY, SITE_KEY, UUID } from './patterns.js';

// Keys start with a letter or digit, so `__proto__` can never become an own key of a parsed record.
const key = () => z.string().check(z.regex(ID, 'invalid key'));
const metaKey = () => z.string().check(z.regex(META_KEY, 'invalid attribute name'));
const isoDate = () => z.string().check(z.maxLength(40), z.refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date'));
const maxKeys = (n: number) => z.refine<Record<string, unknown>>((v) => Object.keys(v).length <= n, `at most ${n} entries`);

export const choiceAnswer = z.strictObject({
  selected: z.array(key()).check(z.maxLength(20)),
  other: z.optional(z.string().check(z.maxLength(LIMITS.textMax))),
});

export const answer = z.union([
  z.number(),
  z.string().check(z.maxLength(LIMITS.textMax)),
  choiceAnswer,
  z.record(key(), z.number()).check(maxKeys(20)),
]);

export const surveyResponse = z.strictObject({
  id: z.string().check(z.regex(UUID, 'must be a UUID')),
  surveyId: key(),
  surveyVersion: z.int().check(z.gte(1)),
  seq: z.int().check(z.gte(0), z.lte(1_000_000)),
  completed: z.boolean(),
  answers: z.record(key(), answer).check(maxKeys(30)),
  meta: z
    .record(metaKey(), z.union([z.string().check(z.maxLength(LIMITS.metaValueMax)), z.number(), z.boolean(), z.null()]))
    .check(maxKeys(LIMITS.metaKeys)),
  anonId: z.optional(z.string().check(z.regex(ANON_ID, 'invalid anonymous id'))),
  createdAt: isoDate(),
  updatedAt: isoDate(),
});

/** The envelope only; items are checked one by one so one bad item never sinks the batch. */
export const batch = z.strictObject({
  siteKey: z.string().check(z.regex(SITE_KEY, 'invalid site key')),
  responses: z.array(z.unknown()).check(z.minLength(1), z.maxLength(LIMITS.batchItems)),
});

export type ChoiceAnswer = z.infer<typeof choiceAnswer>;
export type Answer = z.infer<typeof answer>;
export type SurveyResponse = z.infer<typeof surveyResponse>;
export type Batch = z.infer<typeof batch>;

/** What the collector answers to a batch. */
export interface AckResult {
  accepted: string[];
  duplicates: string[];
  rejected: { id: string; error: string }[];
}
