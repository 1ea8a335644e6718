// Caches in front of storage for the hot ingestion path: sites briefly, survey versions for good.
import type { Site, Storage, StoredSurvey } from './types.js';

export interface Lookups {
  site(key: string): Promise<Site | null>;
  /** One survey version; versions never change once stored, so found ones are kept. */
  surveyVersion(id: string, version: number): Promise<StoredSurvey | null>;
  /** Whether any site allows this origin (preflights carry no site key). */
  anySiteAllows(origin: string): Promise<boolean>;
  /** Drops cached site data after a change made through this process (other processes wait out the TTL). */
  forgetSite(key: string): void;
}

export interface LookupOptions {
  /** How long a site's origins may be stale (ms); default 5 s. */
  siteTtlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

export function createLookups(storage: Storage, o: LookupOptions = {}): Lookups {
  const ttl = o.siteTtlMs ?? 5000;
  const max = o.maxEntries ?? 5000;
  const now = o.now ?? Date.now;
  const sites = new Map<string, { at: number; site: Site }>();
  const surveys = new Map<string, StoredSurvey>();
  let allSites: { at: number; origins: Set<string> } | null = null;

  // Insertion-ordered maps make "drop the oldest" cheap; a miss is never cached so new sites work at once.
  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    if (map.size >= max) map.delete(map.keys().next().value!);
    map.set(key, value);
  };

  return {
    async site(key) {
      const hit = sites.get(key);
      if (hit && now() - hit.at < ttl) return hit.site;
      const site = await storage.getSite(key);
      if (site) remember(sites, key, { at: now(), site });
      else sites.delete(key);
      return site;
    },
    async surveyVersion(id, version) {
      const key = `${id}\u0000${version}`;
      const hit = surveys.get(key);
      if (hit) return hit;
      const found = await storage.getSurvey(id, version);
      if (found) remember(surveys, key, found);
      return found;
    },
    async anySiteAllows(origin) {
      const allows = () => !!allSites && (allSites.origins.has('*') || allSites.origins.has(origin));
      // A miss reloads at most once a second, so a site added moments ago is not refused for long.
      const age = allSites ? now() - allSites.at : Infinity;
      if (age >= ttl || (!allows() && age >= 1000)) {
        const list = await storage.listSites();
        allSites = { at: now(), origins: new Set(list.flatMap((s) => s.origins)) };
      }
      return allows();
    },
    forgetSite(key) {
      sites.delete(key);
      allSites = null;
    },
  };
}
