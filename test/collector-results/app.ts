// A loopback collector with the results-side routes over a given storage, for browser and HTTP tests.
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { dashboardRoutes } from '../../packages/collector/src/routes/dashboard.js';
import { exportRoutes } from '../../packages/collector/src/routes/export.js';
import { pageRoutes } from '../../packages/collector/src/routes/pages.js';
import { respondentRoutes } from '../../packages/collector/src/routes/respondents.js';
import { insightsRoutes } from '../../packages/collector/src/routes/insights.js';
import { resultsRoutes } from '../../packages/collector/src/routes/results.js';
import type { Storage } from '../../packages/collector/src/storage/types.js';

export function resultsApp(storage: Storage, adminToken: string, widgetDir?: string | null): Hono {
  const ctx = { storage, adminToken };
  return new Hono()
    .route('/', resultsRoutes(ctx))
    .route('/', insightsRoutes(ctx))
    .route('/', exportRoutes(ctx))
    .route('/', respondentRoutes(ctx))
    .route('/', dashboardRoutes(ctx))
    .route('/', pageRoutes(ctx, widgetDir === undefined ? {} : { widgetDir }));
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
