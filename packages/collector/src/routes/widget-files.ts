// GET /widget/*: the built widget files (script tag, lazy UI chunk, source maps) through @hono/node-server's serveStatic.
import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppContext, AppEnv, RouteGroup } from '../http/context.js';
import { HttpError } from '../http/errors.js';

/** Only what the widget build writes (anything else in the directory is not ours to publish), with its type. */
const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
};

/** Whether the widget build holds this file (pages offer the preview or the widget only when it does). */
export function widgetHas(ctx: Pick<AppContext, 'widgetDir'>, file: string): boolean {
  const dir = ctx.widgetDir();
  return !!dir && existsSync(join(dir, file));
}

const notFound = () => {
  throw new HttpError(404, 'not found');
};

export const widgetFileRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();
  const servers = new Map<string, ReturnType<typeof serveStatic<AppEnv>>>();
  const serverFor = (root: string) => {
    let serve = servers.get(root);
    if (!serve) {
      serve = serveStatic<AppEnv>({
        root,
        rewriteRequestPath: (path) => path.slice('/widget'.length),
      });
      servers.set(root, serve);
    }
    return serve;
  };
  app.get('/widget/*', async (c) => {
    const dir = ctx.widgetDir();
    if (!dir || !TYPES[extname(c.req.path)]) notFound();
    // serveStatic refuses "..", "//", backslashes and undecodable "%" itself; a miss falls through to 404.
    const serve = serverFor(dir as string);
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Cross-Origin-Resource-Policy', 'cross-origin');
    const res = await serve(c, async () => {});
    if (!res) notFound();
    (res as Response).headers.set('Content-Type', TYPES[extname(c.req.path)]!);
    return res as Response;
  });
  return app;
};
