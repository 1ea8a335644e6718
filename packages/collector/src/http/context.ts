// What every route registrar receives: storage, the admin token, the logger and the request limits.
import type { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { Logger } from '../log.js';
import type { Lookups } from '../storage/cached.js';
import type { Storage } from '../storage/types.js';
import type { DeliveryWorker } from '../deliveries/worker.js';

export interface Limits {
  /** Largest accepted request body in bytes (TELLUS_MAX_BODY, default 256 KiB). */
  maxBody: number;
  /** Ingestion requests per site and client address: a burst, then a steady rate. */
  rate: { burst: number; perSecond: number };
  /** Take the client address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
}

export const DEFAULT_LIMITS: Limits = {
  maxBody: 256 * 1024,
  rate: { burst: 120, perSecond: 20 },
  trustProxy: false,
};

export interface AppContext {
  storage: Storage;
  /** Undefined disables the admin API (every admin request gets 401). */
  adminToken: string | undefined;
  logger: Logger;
  limits: Limits;
  /** Short-lived caches of sites and immutable survey versions in front of storage. */
  lookups: Lookups;
  /** Works the delivery outbox; poked after an ingest wrote rows so alerts leave at once. */
  deliveries?: DeliveryWorker | undefined;
  /** Public base URL of the collector for links in alerts and digests (TELLUS_PUBLIC_URL); unset, messages carry no link. */
  dashboardUrl?: string | undefined;
}

/** `c.env.incoming` is the Node request when served by @hono/node-server; absent under app.request(). */
export type AppEnv = { Bindings: Partial<HttpBindings> };
export type App = Hono<AppEnv>;

/** A route group: mounts its routes on the app. Add new groups to the list in server.ts. */
export type RouteRegistrar = (app: App, ctx: AppContext) => void;
