// SDK options and their defaults, in one place.
import { LIMITS, type Survey } from '@tellus/schema';

export type MetaValue = string | number | boolean | null;
export type Attributes = Record<string, MetaValue>;

export interface TellusOptions {
  /** The collector's site key. */
  siteKey: string;
  /** Collector base URL, e.g. `https://feedback.example.com`; responses go to `{endpoint}/v1/responses`. */
  endpoint: string;
  surveys?: Survey[];
  /** Where to fetch `{ surveys }` from (ETag-cached), e.g. `{endpoint}/v1/sites/{siteKey}/surveys`. */
  surveysUrl?: string;
  /** BCP 47 tag; defaults to the browser's language. */
  locale?: string;
  user?: { id?: string } & Attributes;
  /** Attributes attached to every response (location, agent, channel…). */
  meta?: Attributes;
  storage?: 'indexeddb' | 'memory';
  debug?: boolean;
  /** Days after any survey showed during which no other survey shows (unless it opts out). */
  globalCooldownDays?: number;
  /** Responses per request, at most 50. */
  batchSize?: number;
  flushDelayMs?: number;
  maxQueueItems?: number;
  /** Unsent responses older than this are evicted (and retries stop): retries expire by age, not attempts. */
  maxAgeDays?: number;
  fetch?: typeof fetch;
  now?: () => number;
  random?: () => number;
  dbName?: string;
  /** An IndexedDB factory (tests pass fake-indexeddb); defaults to the global one. */
  indexedDB?: IDBFactory;
  retryBaseMs?: number;
  retryCapMs?: number;
  /** How long a flush owns the items it claimed; a crashed flush's items are free again after this. */
  leaseMs?: number;
  requestTimeoutMs?: number;
  /** How often location.href is checked for SPA navigation; 0 turns the poll off. */
  navigationPollMs?: number;
}

export type ResolvedOptions = Required<
  Omit<TellusOptions, 'surveys' | 'surveysUrl' | 'locale' | 'user' | 'meta' | 'fetch' | 'indexedDB'>
> &
  Pick<TellusOptions, 'surveys' | 'surveysUrl' | 'user' | 'meta' | 'indexedDB'> & { locale: string; fetch: typeof fetch | undefined };

export function resolveOptions(o: TellusOptions): ResolvedOptions {
  return {
    storage: 'indexeddb',
    debug: false,
    globalCooldownDays: 0,
    flushDelayMs: 1000,
    maxQueueItems: 1000,
    maxAgeDays: 7,
    now: Date.now,
    random: Math.random,
    dbName: 'tellus',
    retryBaseMs: 1000,
    retryCapMs: 5 * 60_000,
    leaseMs: 30_000,
    requestTimeoutMs: 20_000,
    navigationPollMs: 1000,
    ...(Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as TellusOptions),
    batchSize: Math.min(LIMITS.batchItems, o.batchSize ?? LIMITS.batchItems),
    locale: o.locale ?? ((typeof navigator !== 'undefined' && navigator.language) || 'en'),
    fetch: o.fetch ?? globalThis.fetch?.bind(globalThis),
  };
}

/**
 * The two mistakes that stop everything, as messages: no site key, and an endpoint without its scheme (which would
 * resolve against the page). The script tag's `init` reports them on the console; createTellus throws them.
 */
export const startIssues = (options: Partial<Pick<TellusOptions, 'siteKey' | 'endpoint'>> = {}): string[] =>
  [
    !options.siteKey && 'options.siteKey is required',
    !/^(https?:)?\/\/\w|^\/\w/i.test(String(options.endpoint)) && 'options.endpoint must be a URL with its scheme, e.g. https://feedback.example.com',
  ].filter((issue): issue is string => !!issue);
