// Shared real-browser test plumbing: one headless Chromium launcher and a tiny loopback static/route server.
import { chromium, type Browser } from 'playwright-core';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

/** Path of the Chromium binary: $CHROMIUM_PATH, else the Debian package location, else the first found. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new Error('Chromium not found: install Debian `chromium` or set CHROMIUM_PATH');
}

/** Flags that keep headless Chromium quiet and offline (no background network). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--font-render-hinting=none',
];

/** Launches headless Chromium with CHROMIUM_ARGS (plus any extra flags). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, ...extraArgs] });
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void | Promise<void>;
/** A route answers with a body (content type guessed from the path unless given), or handles the request itself. */
export type Route = string | Buffer | { body: string | Buffer; type?: string; status?: number; headers?: Record<string, string> } | RouteHandler;
export type Routes = Record<string, Route>;

export interface ServeOptions {
  /** Headers added to every response (e.g. a Content-Security-Policy). */
  headers?: Record<string, string>;
  /** Directory served for paths no route matches (when `source` is a routes object). */
  root?: string;
}

export interface StaticServer {
  url: string; // http://127.0.0.1:<port>
  port: number;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};
const typeOf = (path: string) => TYPES[extname(path)] ?? 'application/octet-stream';

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });

async function serveFile(root: string, pathname: string, res: ServerResponse, headers: Record<string, string>): Promise<boolean> {
  const base = resolve(root);
  let file = normalize(join(base, decodeURIComponent(pathname)));
  if (file !== base && !file.startsWith(base + sep)) return false; // no escaping the root
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const data = await readFile(file);
    res.writeHead(200, { 'content-type': typeOf(file), 'cache-control': 'no-store', ...headers });
    res.end(data);
    return true;
  } catch {
    return false;
  }
}

/**
 * Serves a directory or a routes object (path → body or handler) on 127.0.0.1 with a free port.
 * Route keys match the pathname exactly (query ignored); a body's type follows the extension, HTML
 * when there is none. Unknown paths get 404.
 */
export function serveStatic(source: string | Routes, options: ServeOptions = {}): Promise<StaticServer> {
  const routes: Routes = typeof source === 'string' ? {} : source;
  const root = typeof source === 'string' ? source : options.root;
  const common = options.headers ?? {};
  const server = createServer(async (req, res) => {
    try {
      const pathname = new URL(req.url ?? '/', 'http://x').pathname;
      const route = routes[pathname];
      if (typeof route === 'function') return void (await route(req, res, await readBody(req)));
      if (route !== undefined) {
        const r = typeof route === 'string' || Buffer.isBuffer(route) ? { body: route } : route;
        res.writeHead(r.status ?? 200, {
          'content-type': r.type ?? (extname(pathname) ? typeOf(pathname) : TYPES['.html']!),
          'cache-control': 'no-store',
          ...common,
          ...r.headers,
        });
        return void res.end(r.body);
      }
      if (root && (await serveFile(root, pathname, res, common))) return;
      res.writeHead(404, { 'content-type': 'text/plain', ...common });
      res.end('not found');
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    }
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      ok({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
