// The one context every route group is built over (storage, auth, limits, caches), and the route-group type.
import type { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { Logger } from '../log.js';
import type { Lookups } from '../storage/cached.js';
import type { Storage } from '../storage/types.js';
import type { WebhookDispatcher } from '../webhook/dispatcher.js';
import type { RateLimiter } from './rate-limit.js';

export interface Limits {
  /** Largest accepted request body in bytes (TELLUS_MAX_BODY, default 256 KiB). */
  maxBody: number;
  /** Stored items (not requests) per site and client address on POST /v1/responses: a burst, then a steady rate. */
  rate: { burst: number; perSecond: number };
  /** The hosted link-survey route's own, tighter budget of items per client address. */
  hostedRate: { burst: number; perSecond: number };
  /** Most items one hosted-page request may carry (a visitor answers one survey at a time). */
  hostedMaxItems: number;
  /** Failed admin sign-ins and bearer tokens per client address before 429. */
  adminFailures: { burst: number; perSecond: number };
  /** Take the client address and scheme from X-Forwarded-For / X-Forwarded-Proto (only behind a proxy you run). */
  trustProxy: boolean;
  /** Proxies you run in front of the collector: the client is this many entries from the right of X-Forwarded-For. */
  proxyHops: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxBody: 256 * 1024,
  rate: { burst: 120, perSecond: 20 },
  hostedRate: { burst: 20, perSecond: 0.5 },
  hostedMaxItems: 5,
  adminFailures: { burst: 10, perSecond: 0.1 },
  trustProxy: false,
  proxyHops: 1,
};

export interface AppContext {
  storage: Storage;
  /** Undefined disables the admin API (every admin request gets 401). */
  adminToken: string | undefined;
  logger: Logger;
  limits: Limits;
  /** Short-lived caches of sites and immutable survey versions in front of storage. */
  lookups: Lookups;
  /** Told about every accepted response, to post completed ones to survey webhooks. */
  webhooks?: WebhookDispatcher | undefined;
  /** Failed admin authentications per client address (shared by the admin API and the sign-in form). */
  adminFailures: RateLimiter;
  /** Where widget files are served from (packages/widget/dist or TELLUS_WIDGET_DIR); null when not built. */
  widgetDir: () => string | null;
}

/** `c.env.incoming` is the Node request when served by @hono/node-server; absent under app.request(). */
export type AppEnv = { Bindings: Partial<HttpBindings>; Variables: { bodyLimit: number } };
export type App = Hono<AppEnv>;

/**
 * A route group: a Hono sub-app over the one AppContext, declaring its auth, body limit and headers
 * as middleware and throwing HttpError for every failure (the app's one onError answers it).
 * Add new groups to `routeGroups` in server.ts.
 */
export type RouteGroup = (ctx: AppContext) => App;
