// The storage interface every backend (PGlite, PostgreSQL) implements, and the rows it hands out.
import type { Survey, SurveyResponse } from '@tellus/schema';

export interface Site {
  key: string;
  name: string | null;
  /** Exact origins (scheme://host[:port]) allowed to post from a browser. */
  origins: string[];
  createdAt: string;
}

export interface StoredSurvey {
  id: string;
  version: number;
  siteKey: string;
  definition: Survey;
  createdAt: string;
}

export interface SurveySettings {
  webhookUrl: string | null;
  webhookSecret: string | null;
  retentionDays: number | null;
}

/** A response as stored: what the SDK sent plus where and when it landed. */
export type StoredResponse = SurveyResponse & { siteKey: string; receivedAt: string };

export interface ResponseFilter {
  surveyId: string;
  from?: Date;
  to?: Date;
  completedOnly?: boolean;
}

/** What to count for the results page. */
export interface AggregateSpec {
  /** A meta attribute whose value splits the counts into groups. */
  groupBy?: string;
  /** The headline score questions: counted per day, and per group when grouping. */
  headline: string[];
  /** Every question: counted once over the whole range. */
  questions: string[];
  /** Text questions with the longest answer that fits: the text is judged in the database, not returned. */
  textMax: Record<string, number>;
  /** Choice questions with an "other" text, and its longest length: judged the same way. */
  otherMax: Record<string, number>;
}

/** How the database judged a text: longer than allowed, blank (as JavaScript's trim() sees it), or a fitting answer. */
export type TextJudgement = 'long' | 'blank' | 'fits';

/** Counts of responses and answers computed in the database (see aggregateResponses); `group` is the raw meta value. */
export interface ResponseAggregates {
  /** Responses per UTC day and completion. */
  days: { day: string; completed: boolean; n: number }[];
  /** Responses per group value (empty without groupBy), with the value's JSON text as the database writes it. */
  groups: { group: unknown; json: string | null; n: number }[];
  /** Headline answers per UTC day and value. */
  dayAnswers: { day: string; question: string; value: unknown; n: number }[];
  /**
   * Answers per question and value over the range. A text answer comes as `value: null` with its judgement;
   * a choice answer with an "other" text comes without `other`, and the judgement stands for it.
   */
  answers: { question: string; value: unknown; text: TextJudgement | null; n: number }[];
  /** The first 100 meta attribute names in the range, in code-unit order. */
  attributes: string[];
}

export interface IngestResult {
  /** Ids whose row was inserted or moved to a higher seq by this call. */
  accepted: string[];
  /** Ids whose seq was <= the stored one (retries, beacons, other tabs). */
  duplicates: string[];
}

export interface Storage {
  migrate(): Promise<void>;
  close(): Promise<void>;
  // dashboard sessions (only a hash of the cookie value is stored)
  createSession(idHash: string, expiresAt: Date): Promise<void>;
  sessionActive(idHash: string): Promise<boolean>;
  deleteSession(idHash: string): Promise<void>;
  // sites & surveys
  upsertSite(site: { key: string; name?: string; origins: string[] }): Promise<void>;
  getSite(key: string): Promise<Site | null>;
  listSites(): Promise<Site[]>;
  /** Stores a new version row; the same version with the same definition is a no-op (created: false). */
  putSurvey(siteKey: string, survey: Survey): Promise<{ version: number; created: boolean }>;
  /** Latest version when no version is given. */
  getSurvey(id: string, version?: number): Promise<StoredSurvey | null>;
  /** Latest version of each survey, optionally of one site. */
  listSurveys(siteKey?: string): Promise<StoredSurvey[]>;
  getSurveySettings(id: string): Promise<SurveySettings>;
  setSurveySettings(id: string, s: Partial<SurveySettings>): Promise<void>;
  // responses
  /** Upserts by response id; the highest seq wins atomically, across processes. */
  ingest(siteKey: string, items: SurveyResponse[]): Promise<IngestResult>;
  /**
   * Ordered by created_at (then id), streamed in pages so exports never hold everything in memory.
   * `newestFirst` reverses the order; `withTextIn` keeps responses with non-blank text in at least one of these questions.
   */
  iterateResponses(filter: ResponseFilter & { newestFirst?: boolean; withTextIn?: string[] }): AsyncIterable<StoredResponse>;
  /**
   * Counts for the results page without moving the responses out of the database; null where the database cannot
   * judge text as JavaScript does (a PostgreSQL database that is not UTF8): then read the responses instead.
   */
  aggregateResponses(filter: ResponseFilter, spec: AggregateSpec): Promise<ResponseAggregates | null>;
  /**
   * Headline answers per group value, for the groups chosen from `aggregateResponses(...).groups`: `json` are
   * their values' JSON texts from there, `none` adds the responses without a value (missing, null or "").
   */
  aggregateGroupAnswers(
    filter: ResponseFilter,
    spec: AggregateSpec,
    groups: { json: string[]; none: boolean },
  ): Promise<{ group: unknown; question: string; value: unknown; n: number }[]>;
  countResponses(filter?: { surveyId?: string }): Promise<number>;
  /** Responses per survey id, in one query (surveys without responses are absent). */
  countResponsesBySurvey(): Promise<Map<string, number>>;
  /** Right to erasure: removes every response carrying this anonId; returns how many. */
  deleteRespondent(anonId: string): Promise<number>;
  /** Retention: removes responses of one survey created or received before the date; returns how many. */
  deleteOlderThan(surveyId: string, before: Date): Promise<number>;
}
