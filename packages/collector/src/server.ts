// The collector's HTTP app (createApp) and its Node server with graceful shutdown (serve).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve as serveNode } from '@hono/node-server';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DEFAULT_LIMITS, type App, type AppContext, type AppEnv, type Limits, type RouteRegistrar } from './http/context.js';
import { errorResponse, HttpError } from './http/errors.js';
import { createLogger, type Logger } from './log.js';
import { registerHealth } from './routes/health.js';
import { registerIngest } from './routes/ingest.js';
import { registerSites } from './routes/sites.js';
import { registerSurveys } from './routes/surveys.js';
import { registerResults } from './routes/results.js';
import { registerInsights } from './routes/insights.js';
import { registerExport } from './routes/export.js';
import { registerRespondents } from './routes/respondents.js';
import { registerSurveySettings } from './routes/survey-settings.js';
import { registerDashboard } from './routes/dashboard.js';
import { registerPages } from './routes/pages.js';
import { scheduleRetention } from './privacy/retention.js';
import { createWebhookDispatcher, type WebhookDispatcher } from './webhook/dispatcher.js';
import { createLookups } from './storage/cached.js';
import type { Storage } from './storage/types.js';

export type { AppContext, Limits, RouteRegistrar } from './http/context.js';

/** Every route group, in mount order. A new group adds its registrar here. */
export const routeRegistrars: RouteRegistrar[] = [
  registerHealth, registerIngest, registerSites, registerSurveys,
  registerResults, registerInsights, registerExport, registerRespondents, registerSurveySettings, registerDashboard, registerPages,
];

export interface CreateAppOptions {
  storage: Storage;
  adminToken?: string | undefined;
  logger?: Logger;
  limits?: Partial<Limits>;
  /** Extra route groups mounted after the built-in ones (tests, embedding apps). */
  routes?: RouteRegistrar[];
  /** Posts completed responses to survey webhooks; one is created when absent. */
  webhooks?: WebhookDispatcher;
}

export function createApp(options: CreateAppOptions): App {
  const logger = options.logger ?? createLogger();
  const ctx: AppContext = {
    storage: options.storage,
    adminToken: options.adminToken || undefined,
    logger,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    lookups: createLookups(options.storage),
    // The same logger as requests, so webhook failures are logged even when the caller passed none.
    webhooks: options.webhooks ?? createWebhookDispatcher({ storage: options.storage, logger }),
  };
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

  for (const register of [...routeRegistrars, ...(options.routes ?? [])]) register(app, ctx);

  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((err, c) => {
    if (err instanceof HttpError) return errorResponse(c, err);
    if (err instanceof HTTPException) {
      const res = err.getResponse();
      return c.json({ error: err.message || res.statusText || 'request failed' }, err.status);
    }
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
}

export interface RunningServer {
  port: number;
  url: string;
  /** Stops accepting, lets in-flight requests finish, then closes storage. Idempotent. */
  close(): Promise<void>;
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const webhooks = options.webhooks ?? createWebhookDispatcher({ storage: options.storage, logger });
  const app = createApp({ ...options, logger, webhooks });
  const retention = scheduleRetention(options.storage, { logger });
  const hostname = options.hostname ?? '0.0.0.0';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serveNode({ fetch: app.fetch, port: options.port ?? 8787, hostname }, () => resolve(s as Server)) as Server;
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${hostname === '0.0.0.0' ? '127.0.0.1' : hostname}:${port}`;
  logger.info('listening', { url, port });

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
      await webhooks.close();
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
