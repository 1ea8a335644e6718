// The storage interface every backend (PGlite, PostgreSQL) implements, and the rows it hands out.
import type { Survey, SurveyResponse } from '@tellus/schema';
import type { AlertStore } from '../alerts/store.js';
import type { DeliveryStore } from '../deliveries/store.js';
import type { Db } from './db.js';

export interface Site {
  key: string;
  name: string | null;
  /** Exact origins (scheme://host[:port]) allowed to post from a browser. */
  origins: string[];
  /** Meta attributes counted per value at ingestion (roll-ups), so results group by them without scanning. */
  dimensions: string[];
  createdAt: string;
}

export interface SiteInput {
  key: string;
  name?: string;
  origins: string[];
  /** At most 10 meta attribute names; absent keeps the current ones (default location, agent, channel, locale). */
  dimensions?: string[];
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

/** A response as stored: what the SDK sent plus where and when it landed (and, once alerted, its follow-up). */
export type StoredResponse = SurveyResponse & {
  siteKey: string;
  receivedAt: string;
  followUp?: { status: string; by: string | null; at: string | null; alertedAt: string };
};

export interface ResponseFilter {
  surveyId: string;
  from?: Date;
  to?: Date;
  completedOnly?: boolean;
  /** Stops reading (and cancels the query running, on PostgreSQL) once aborted. */
  signal?: AbortSignal | undefined;
}

export interface IngestResult {
  /** Ids whose row was inserted or moved to a higher seq by this call. */
  accepted: string[];
  /** Ids whose seq was <= the stored one (retries, beacons, other tabs). */
  duplicates: string[];
  /** Deliveries written to the outbox with these responses; absent when none (the worker need not be woken). */
  deliveries?: number;
}

export interface Storage {
  /** The database itself, for the modules that own their SQL (results, roll-ups); both backends speak PostgreSQL. */
  readonly db: Db;
  migrate(): Promise<void>;
  close(): Promise<void>;
  // dashboard sessions (only a hash of the cookie value is stored)
  createSession(idHash: string, expiresAt: Date): Promise<void>;
  sessionActive(idHash: string): Promise<boolean>;
  deleteSession(idHash: string): Promise<void>;
  // sites & surveys
  /**
   * Changing the dimensions recounts the site's roll-ups from its responses, in the background a day at a time
   * (rollups/rebuild.ts): results grouped by a dimension scan meanwhile, and say so.
   */
  upsertSite(site: SiteInput): Promise<void>;
  /** Resolves once this process has no recount of roll-ups in hand (other processes may still have theirs). */
  rollupsRecounted(): Promise<void>;
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
  /** The delivery outbox: rows are written by ingest in its transaction, worked by the delivery worker. */
  deliveries: DeliveryStore;
  /** Alert rules, follow-up status and digest settings. */
  alerts: AlertStore;
  // responses
  /**
   * Upserts by response id; the highest seq wins atomically, across processes. The outbox rows of
   * the written responses (survey webhook, matching alert rules) are written in the same transaction. Items are
   * responses as @tellus/schema's parseResponse gives them: its keys only, since they go to SQL as they are.
   */
  ingest(siteKey: string, items: SurveyResponse[]): Promise<IngestResult>;
  /**
   * Ordered by created_at (then id), streamed in pages so exports never hold everything in memory.
   * `newestFirst` reverses the order; `withTextIn` keeps responses with non-blank text in at least one of these questions.
   */
  iterateResponses(filter: ResponseFilter & { newestFirst?: boolean; withTextIn?: string[] }): AsyncIterable<StoredResponse>;
  countResponses(filter?: { surveyId?: string }): Promise<number>;
  /** Responses per survey id, in one query (surveys without responses are absent). */
  countResponsesBySurvey(): Promise<Map<string, number>>;
  /** Right to erasure: removes every response carrying this anonId; returns how many. */
  deleteRespondent(anonId: string): Promise<number>;
  /** Retention: removes responses of one survey created or received before the date; returns how many. */
  deleteOlderThan(surveyId: string, before: Date): Promise<number>;
  /**
   * Where the background upkeep of roll-ups and statistics (compaction, recount, analyze) reports a failure: each is
   * tried again later, and the server logs it. Nothing is reported until a listener is set.
   */
  onMaintenanceError?(listener: (task: MaintenanceTask, err: unknown) => void): void;
}

export type MaintenanceTask = 'compaction' | 'recount' | 'analyze';
