// A loopback collector with the results-side routes over a given storage, for browser and HTTP tests.
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { dashboardRoutes } from '../../packages/collector/src/routes/dashboard.js';
import { exportRoutes } from '../../packages/collector/src/routes/export.js';
import { pageRoutes } from '../../packages/collector/src/routes/pages.js';
import { respondentRoutes } from '../../packages/collector/src/routes/respondents.js';
import { resultsRoutes } from '../../packages/collector/src/routes/results.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';
import { createLookups } from '../../packages/collector/src/storage/cached.js';
import { DEFAULT_LIMITS, type AppContext } from '../../packages/collector/src/http/context.js';
import { silentLogger } from '../../packages/collector/src/log.js';
import { errorResponse, HttpError } from '../../packages/collector/src/http/errors.js';
import { alertRuleRoutes } from '../../packages/collector/src/routes/alert-rules.js';
import { deliveryRoutes } from '../../packages/collector/src/routes/deliveries.js';
import { followUpRoutes } from '../../packages/collector/src/routes/follow-ups.js';
import { digestRoutes } from '../../packages/collector/src/routes/digests.js';

export function resultsApp(storage: Storage, adminToken: string, widgetDir?: string | null): Hono {
  const ctx: AppContext = { storage, adminToken, logger: silentLogger, limits: DEFAULT_LIMITS, lookups: createLookups(storage) };
  return new Hono()
    .route('/', alertRuleRoutes(ctx))
    .route('/', deliveryRoutes(ctx))
    .route('/', followUpRoutes(ctx))
    .route('/', digestRoutes(ctx, { dashboardUrl: 'https://tellus.lumo.example' }))
    .route('/', resultsRoutes(ctx))
    .route('/', exportRoutes(ctx))
    .route('/', respondentRoutes(ctx))
    .route('/', dashboardRoutes(ctx))
    .route('/', pageRoutes(ctx, widgetDir === undefined ? {} : { widgetDir }))
    // As the collector app does: a thrown HttpError is the client's mistake, answered with its status.
    .onError((err, c) => (err instanceof HttpError ? errorResponse(c, err) : c.json({ error: 'internal error' }, 500)));
}

export async function listen(app: { fetch: (req: Request) => Response | Promise<Response> }): Promise<{ url: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((ok) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s as Server)) as Server;
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
