// The collector's HTTP app (createApp) and its Node server with graceful shutdown (serve).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve as serveNode } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { adminTokenProblem } from './http/admin.js';
import { DEFAULT_LIMITS, type App, type AppContext, type AppEnv, type Limits, type RouteGroup } from './http/context.js';
import { errorResponse, HttpError } from './http/errors.js';
import { securityHeaders } from './http/headers.js';
import { createRateLimiter } from './http/rate-limit.js';
import { createLogger, type Logger } from './log.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { editorRoutes } from './routes/editor.js';
import { exportRoutes } from './routes/export.js';
import { healthRoutes } from './routes/health.js';
import { hostedRoutes } from './routes/hosted.js';
import { insightsRoutes } from './routes/insights.js';
import { ingestRoutes } from './routes/ingest.js';
import { respondentRoutes } from './routes/respondents.js';
import { resultsRoutes } from './routes/results.js';
import { sessionRoutes } from './routes/session.js';
import { siteRoutes } from './routes/sites.js';
import { surveySettingsRoutes } from './routes/survey-settings.js';
import { openApiRoutes } from './routes/openapi.js';
import { surveyRoutes } from './routes/surveys.js';
import { widgetFileRoutes } from './routes/widget-files.js';
import { widgetDistDir } from './dashboard/assets.js';
import { scheduleRetention } from './privacy/retention.js';
import { createDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from './deliveries/worker.js';
import { describeError } from './deliveries/outcome.js';
import { scheduleDigests } from './alerts/digest-schedule.js';
import { alertRuleRoutes } from './routes/alert-rules.js';
import { deliveryRoutes } from './routes/deliveries.js';
import { followUpRoutes } from './routes/follow-ups.js';
import { digestRoutes } from './routes/digests.js';
import { createLookups } from './storage/cached.js';
import type { Storage } from './storage/types.js';

export type { AppContext, Limits, RouteGroup } from './http/context.js';

/** Every route group, in mount order. A new group adds its factory here. */
export const routeGroups: RouteGroup[] = [
  healthRoutes,
  ingestRoutes,
  siteRoutes,
  surveyRoutes,
  resultsRoutes,
  insightsRoutes,
  exportRoutes,
  respondentRoutes,
  surveySettingsRoutes,
  sessionRoutes,
  dashboardRoutes,
  editorRoutes,
  hostedRoutes,
  widgetFileRoutes,
  alertRuleRoutes,
  deliveryRoutes,
  followUpRoutes,
  digestRoutes,
  openApiRoutes,
];

export interface CreateAppOptions {
  storage: Storage;
  adminToken?: string | undefined;
  logger?: Logger;
  limits?: Partial<Limits>;
  /** Extra route groups mounted after the built-in ones (tests, embedding apps). */
  routes?: RouteGroup[];
  /** Works the delivery outbox; serve() starts one, createApp() alone sends nothing. */
  deliveries?: DeliveryWorker;
  /** The collector's public base URL, for links in alerts and digests (TELLUS_PUBLIC_URL). */
  dashboardUrl?: string | undefined;
  /** Where widget files are served from; default packages/widget/dist (or TELLUS_WIDGET_DIR); null serves none. */
  widgetDir?: string | null;
}

/** The one context every route group is built over, with the defaults filled in. */
export function createAppContext(options: CreateAppOptions): AppContext {
  const logger = options.logger ?? createLogger();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const widgetDir = options.widgetDir;
  return {
    storage: options.storage,
    adminToken: options.adminToken || undefined,
    logger,
    limits,
    lookups: createLookups(options.storage),
    deliveries: options.deliveries,
    dashboardUrl: options.dashboardUrl,
    adminFailures: createRateLimiter(limits.adminFailures),
    widgetDir: widgetDir !== undefined ? () => widgetDir : () => widgetDistDir(),
  };
}

export function createApp(options: CreateAppOptions): App {
  const ctx = createAppContext(options);
  const app = new Hono<AppEnv>();

  // One line per request. Never the client address, the query string (may hold a token) or the body.
  app.use('*', async (c, next) => {
    const start = performance.now();
    await next();
    ctx.logger.info('request', {
      method: c.req.method,
      path: c.req.path.slice(0, 200),
      status: c.res.status,
      ms: Math.round((performance.now() - start) * 10) / 10,
    });
  });
  app.use('*', securityHeaders());

  for (const group of [...routeGroups, ...(options.routes ?? [])]) app.route('/', group(ctx));

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    if (err instanceof HttpError) return errorResponse(c, err);
    if (err instanceof HTTPException) {
      const res = err.getResponse();
      return c.json({ error: err.message || res.statusText || 'request failed' }, err.status);
    }
    // A URI the router could not decode (GET /widget/%) is the client's mistake, not ours.
    if (err instanceof URIError) return c.json({ error: 'malformed URL' }, 400);
    // Anything else is our fault, not the client's: say so in the log, not in the response.
    ctx.logger.error('unhandled error', {
      method: c.req.method,
      path: c.req.path.slice(0, 200),
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      stack: err instanceof Error ? err.stack?.split('\n').slice(0, 6).join(' | ') : undefined,
    });
    return c.json({ error: 'internal error' }, 500);
  });
  return app;
}

export interface ServeOptions extends CreateAppOptions {
  port?: number;
  hostname?: string;
  /** Stop on SIGTERM/SIGINT (default true). */
  handleSignals?: boolean;
  /** Longest wait for in-flight requests on shutdown before connections are cut (ms). */
  shutdownTimeoutMs?: number;
  /** Socket limits for an internet-facing server; see DEFAULT_SOCKET_LIMITS. */
  socketLimits?: Partial<SocketLimits>;
  /** Outbox worker settings (SMTP, poll and retry timing); storage, logger and public URL come from here. */
  delivery?: Omit<DeliveryWorkerOptions, 'deliveries' | 'surveys' | 'logger'>;
}

export interface SocketLimits {
  /** Longest time to receive a request's headers (ms). */
  headersTimeoutMs: number;
  /** Longest time to receive a whole request, body included (ms): a slow-drip body cannot hold a socket. */
  requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open (ms). */
  keepAliveTimeoutMs: number;
  /** Connections open at once; beyond it new ones are refused. */
  maxConnections: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 2_000,
};

export interface RunningServer {
  port: number;
  url: string;
  /** Stops accepting, lets in-flight requests finish, then closes storage. Idempotent. */
  close(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const tokenProblem = adminTokenProblem(options.adminToken || undefined);
  if (tokenProblem) throw new Error(tokenProblem);
  const logger = options.logger ?? createLogger();
  const deliveries =
    options.deliveries ??
    createDeliveryWorker({
      dashboardUrl: options.dashboardUrl,
      ...options.delivery,
      deliveries: options.storage.deliveries,
      surveys: options.storage,
      logger,
    });
  const app = createApp({ ...options, logger, deliveries });
  options.storage.onMaintenanceError?.((task, err) => logger.error('roll-up upkeep failed, to be tried again', { task, error: describeError(err) }));
  const retention = scheduleRetention(options.storage, { logger });
  const digests = scheduleDigests(options.storage, { logger, dashboardUrl: options.dashboardUrl, onQueued: () => deliveries.poke() });
  const hostname = options.hostname ?? '0.0.0.0';
  const limits = { ...DEFAULT_SOCKET_LIMITS, ...options.socketLimits };
  const serverOptions = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // Node checks the two timeouts above on this interval (default 30 s, which would double them).
    connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
  };
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serveNode({ fetch: app.fetch, port: options.port ?? 8787, hostname, serverOptions }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  server.maxConnections = limits.maxConnections;
  const bound = server.address() as AddressInfo;
  const port = bound.port;
  // Log what was really bound: on a wildcard address the collector is reachable from other machines.
  const everywhere = bound.address === '0.0.0.0' || bound.address === '::';
  // The URL is for this machine (the CLI, npm start): a wildcard address is reached over loopback.
  const loopback = bound.family === 'IPv6' ? '::1' : '127.0.0.1';
  const address = everywhere ? loopback : bound.address;
  const host = address.includes(':') ? `[${address}]` : address;
  const url = `http://${host}:${port}`;
  logger.info('listening', { address: bound.address, port, url, allInterfaces: everywhere });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      logger.info('shutting down');
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs ?? 10_000);
        force.unref();
        // close() stops accepting and resolves once every connection is gone. Keep-alive sockets
        // would hold it open: close them whenever they turn idle, i.e. after their in-flight request.
        const reap = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(force);
          clearInterval(reap);
          resolve();
        });
        server.closeIdleConnections();
      });
      await retention.stop();
      await digests.stop();
      await deliveries.close();
      await options.storage.close();
      logger.info('stopped');
    })());

  if (options.handleSignals !== false) {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info('signal', { signal });
      // A repeated signal must not kill the process mid-drain; the shutdown timeout bounds the wait.
      if (closing) return;
      close().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error('shutdown failed', { error: String(err) });
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }
  return { port, url, close };
}
