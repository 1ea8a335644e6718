// What CLI commands read and write: the storage itself, or, while a collector owns the PGlite directory, its admin API.
import type { Survey } from '@tellus/schema';
import { prepareExport, UnknownSurveyError, type ExportOptions } from '../export/index.js';
import { DataDirBusyError, dataDirOwner, type LockHolder } from '../storage/data-dir-lock.js';
import { openStorage, storageOptionsFromEnv } from '../storage/open.js';
import type { Site, SiteInput, Storage, StoredSurvey } from '../storage/types.js';
import type { Rule } from '../alerts/rules.js';
import type { DeliveryListFilter } from '../deliveries/store.js';
import type { DeliveryView } from '../deliveries/types.js';
import { verifyRollups, type VerifyReport } from '../rollups/maintain.js';
import { recountAll } from '../rollups/rebuild.js';

export interface CliStore {
  /** Where the commands go, for messages: "storage" or the collector's URL. */
  readonly via: string;
  upsertSite(site: SiteInput): Promise<void>;
  listSites(): Promise<Site[]>;
  getSite(key: string): Promise<Site | null>;
  getSurvey(id: string): Promise<StoredSurvey | null>;
  listSurveys(siteKey?: string): Promise<StoredSurvey[]>;
  putSurvey(siteKey: string, survey: Survey): Promise<{ version: number; created: boolean }>;
  deleteRespondent(anonId: string): Promise<number>;
  /** Streams an export to `write`; UnknownSurveyError before the first chunk. */
  exportTo(options: ExportOptions, write: (chunk: string) => Promise<void>): Promise<void>;
  /** A survey's alert rules (through the API, webhook secrets read as `secretSet`). */
  getRules(surveyId: string): Promise<Rule[]>;
  setRules(surveyId: string, rules: Rule[]): Promise<void>;
  listDeliveries(filter: DeliveryListFilter): Promise<DeliveryView[]>;
  /** False when there is no failed delivery with this id. */
  retryDelivery(id: string): Promise<boolean>;
  /**
   * Recounts the roll-ups from the responses (reads the database itself, so not through the admin API); `recounted`
   * days were left waiting by a dimension change (a collector stopped midway) and were recounted first.
   */
  verifyRollups(options: { surveyId?: string }): Promise<VerifyReport & { recounted: number }>;
}

/** A command that cannot run here, with the reason already worded for the user. */
export class StoreRefusal extends Error {}

function localStore(storage: Storage): CliStore {
  return {
    via: 'storage',
    async upsertSite(site) {
      await storage.upsertSite(site);
      // The command owns the database now: the recount new dimensions start is finished before it returns.
      await storage.rollupsRecounted();
    },
    listSites: () => storage.listSites(),
    getSite: (key) => storage.getSite(key),
    getSurvey: (id) => storage.getSurvey(id),
    listSurveys: (siteKey) => storage.listSurveys(siteKey),
    putSurvey: (siteKey, survey) => storage.putSurvey(siteKey, survey),
    deleteRespondent: (anonId) => storage.deleteRespondent(anonId),
    async exportTo(options, write) {
      for await (const chunk of await prepareExport(storage, options)) await write(chunk);
    },
    getRules: (surveyId) => storage.alerts.getRules(surveyId),
    setRules: (surveyId, rules) => storage.alerts.setRules(surveyId, rules),
    listDeliveries: (filter) => storage.deliveries.list(filter),
    retryDelivery: (id) => storage.deliveries.retry(id),
    async verifyRollups(options) {
      // Days still waiting for a recount (a collector stopped midway) would show as differences: recounted first.
      const recounted = await recountAll(storage.db);
      return { ...(await verifyRollups(storage.db, options)), recounted };
    },
  };
}

/** The same operations through a running collector's admin API (bearer token), so its process stays the only writer. */
export function adminApiStore(url: string, token: string, fetchImpl: typeof fetch = fetch): CliStore {
  const call = async (method: string, path: string, body?: unknown): Promise<Response> => {
    let res: Response;
    try {
      res = await fetchImpl(new URL(path, url), {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    } catch (err) {
      throw new StoreRefusal(`cannot reach the collector at ${url}: ${(err as Error).message}`);
    }
    if (res.status === 401) throw new StoreRefusal(`the collector at ${url} refused TELLUS_ADMIN_TOKEN: use the token it was started with`);
    return res;
  };
  const json = async <T>(res: Response, what: string): Promise<T> => {
    if (res.ok) return (await res.json()) as T;
    const detail = (await res.json().catch(() => ({}))) as { error?: string; issues?: { path: string; message: string }[] };
    const issues = (detail.issues ?? []).map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ');
    throw new StoreRefusal(`${what} failed at ${url}: HTTP ${res.status} ${detail.error ?? ''}${issues ? ` (${issues})` : ''}`.trim());
  };
  const enc = encodeURIComponent;
  return {
    via: url,
    async upsertSite(site) {
      await json(await call('POST', '/v1/admin/sites', site), 'adding the site');
    },
    listSites: async () => (await json<{ sites: Site[] }>(await call('GET', '/v1/admin/sites'), 'listing sites')).sites,
    getSite: async (key) => (await json<{ sites: Site[] }>(await call('GET', '/v1/admin/sites'), 'reading sites')).sites.find((s) => s.key === key) ?? null,
    async getSurvey(id) {
      const res = await call('GET', `/v1/admin/surveys/${enc(id)}`);
      return res.status === 404 ? null : (await json<{ survey: StoredSurvey }>(res, 'reading the survey')).survey;
    },
    listSurveys: async (siteKey) =>
      (await json<{ surveys: StoredSurvey[] }>(await call('GET', `/v1/admin/surveys${siteKey ? `?siteKey=${enc(siteKey)}` : ''}`), 'listing surveys')).surveys,
    putSurvey: async (siteKey, survey) =>
      json<{ version: number; created: boolean }>(await call('PUT', `/v1/admin/surveys/${enc(survey.id)}`, { siteKey, survey }), `storing survey ${survey.id}`),
    deleteRespondent: async (anonId) => (await json<{ deleted: number }>(await call('DELETE', `/v1/respondents/${enc(anonId)}`), 'erasing')).deleted,
    async exportTo(options, write) {
      const q = new URLSearchParams();
      if (options.from) q.set('from', options.from.toISOString());
      if (options.to) q.set('to', options.to.toISOString());
      if (options.completedOnly) q.set('completed', '1');
      if (options.bom) q.set('bom', '1');
      const res = await call('GET', `/v1/surveys/${enc(options.surveyId)}/responses.${options.format}?${q}`);
      if (res.status === 404) throw new UnknownSurveyError(options.surveyId);
      if (!res.ok || !res.body) await json(res, 'exporting');
      const decoder = new TextDecoder();
      for await (const bytes of res.body as unknown as AsyncIterable<Uint8Array>) await write(decoder.decode(bytes, { stream: true }));
      const rest = decoder.decode();
      if (rest) await write(rest);
    },
    getRules: async (surveyId) => (await json<{ rules: Rule[] }>(await call('GET', `/v1/admin/surveys/${enc(surveyId)}/rules`), 'reading rules')).rules,
    async setRules(surveyId, rules) {
      await json(await call('PUT', `/v1/admin/surveys/${enc(surveyId)}/rules`, { rules }), `storing the rules of ${surveyId}`);
    },
    async listDeliveries(filter) {
      const q = new URLSearchParams({ limit: String(filter.limit ?? 1000) });
      if (filter.status) q.set('status', filter.status);
      if (filter.surveyId) q.set('surveyId', filter.surveyId);
      return (await json<{ deliveries: DeliveryView[] }>(await call('GET', `/v1/admin/deliveries?${q}`), 'listing deliveries')).deliveries;
    },
    async retryDelivery(id) {
      const res = await call('POST', `/v1/admin/deliveries/${enc(id)}/retry`, {});
      if (res.status === 404) return false;
      await json(res, 'retrying the delivery');
      return true;
    },
    verifyRollups() {
      throw new StoreRefusal(`verify reads the database itself: stop the collector at ${url} first (on PostgreSQL, verify runs beside running collectors)`);
    },
  };
}

const describeHolder = (h: LockHolder) => `process ${h.pid}${h.url ? `, serving ${h.url}` : ''}`;

/**
 * Runs `fn` on the configured storage, or, when a collector owns that PGlite directory, through
 * its admin API (with TELLUS_ADMIN_TOKEN). Refuses, naming the owner, when neither is possible.
 */
export async function withStore<T>(dataDir: string | undefined, fn: (store: CliStore) => Promise<T>, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const options = storageOptionsFromEnv(env);
  const dir = dataDir ?? options.dataDir ?? './.tellus-data';
  const pglite = !options.databaseUrl && dir !== ':memory:';
  const owner = pglite ? dataDirOwner(dir) : null;
  if (owner) return fn(remoteFor(dir, owner, env));
  let storage: Storage;
  try {
    storage = await openStorage({ ...options, dataDir: dir });
  } catch (err) {
    // Taken between our look and our open: the same answer as above.
    if (err instanceof DataDirBusyError) return fn(remoteFor(dir, err.holder, env));
    throw err;
  }
  try {
    return await fn(localStore(storage));
  } finally {
    await storage.close();
  }
}

function remoteFor(dir: string, owner: LockHolder, env: NodeJS.ProcessEnv): CliStore {
  const token = env.TELLUS_ADMIN_TOKEN;
  if (!owner.url) throw new StoreRefusal(`the data directory ${dir} is in use by ${describeHolder(owner)}; wait for it to finish or stop it, then retry`);
  if (!token) {
    throw new StoreRefusal(
      `a collector owns the data directory ${dir} (${describeHolder(owner)}); set TELLUS_ADMIN_TOKEN to its token to send this through its admin API, or stop it first`,
    );
  }
  return adminApiStore(owner.url, token);
}
