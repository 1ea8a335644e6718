// A loopback collector over a given storage, for browser and HTTP tests.
import { serve } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, silentLogger } from '@tellus/collector';
import type { Storage } from '../../packages/collector/src/storage/types.js';

/** The whole collector app (every route group, one onError) over this storage; `widgetDir` null serves no widget. */
export function resultsApp(storage: Storage, adminToken: string, widgetDir?: string | null): ReturnType<typeof createApp> {
  return createApp({ storage, adminToken, logger: silentLogger, ...(widgetDir !== undefined && { widgetDir }) });
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
