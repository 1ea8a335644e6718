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
  /** Question ids whose answers are counted. */
  questions: string[];
  /** Text questions among them, with the longest answer that fits: their text is judged in the database, not returned. */
  textMax: Record<string, number>;
}

/** Counts of responses and of answers by UTC day and group, computed in the database (see aggregateResponses). */
export interface ResponseAggregates {
  /** Responses per day, group and completion. `group` is the raw meta value (null when absent or without groupBy). */
  rows: { day: string; group: unknown; completed: boolean; n: number }[];
  /**
   * Answers per day, group, question and value. For a text answer `value` is null and `text` says whether it is
   * blank and whether it is longer than its question allows.
   */
  answers: { day: string; group: unknown; question: string; value: unknown; text: { blank: boolean; tooLong: boolean } | null; n: number }[];
  /** Meta attribute names in the range, sorted, at most 100. */
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
   * `newestFirst` reverses the order; `answering` keeps responses that answered at least one of these questions.
   */
  iterateResponses(filter: ResponseFilter & { newestFirst?: boolean; answering?: string[] }): AsyncIterable<StoredResponse>;
  /** Counts for the results page without moving the responses out of the database. */
  aggregateResponses(filter: ResponseFilter, spec: AggregateSpec): Promise<ResponseAggregates>;
  countResponses(filter?: { surveyId?: string }): Promise<number>;
  /** Responses per survey id, in one query (surveys without responses are absent). */
  countResponsesBySurvey(): Promise<Map<string, number>>;
  /** Right to erasure: removes every response carrying this anonId; returns how many. */
  deleteRespondent(anonId: string): Promise<number>;
  /** Retention: removes responses of one survey created before the date; returns how many. */
  deleteOlderThan(surveyId: string, before: Date): Promise<number>;
}
