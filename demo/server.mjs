// Serves the demo site, the widget files, and a same-origin proxy to the collector that the demo can cut ("go offline").
import { createServer, request } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};
// The demo practises what the widget promises: no inline script, no inline style, no eval.
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

async function sendFile(res, root, pathname) {
  const base = resolve(root);
  let file = normalize(join(base, decodeURIComponent(pathname)));
  if (file !== base && !file.startsWith(base + sep)) return false;
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', 'content-security-policy': CSP });
    res.end(body);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the demo server on 127.0.0.1 (or `host`).
 * `/v1/*` is proxied to the collector so the page's endpoint is its own origin; while "offline" is on,
 * the proxy drops those connections without an answer, so the browser's fetch and sendBeacon really fail
 * and the SDK's queue has to hold the answers (navigator.onLine stays true, as on a captive portal or a dead Wi-Fi).
 * `onProxy(phase, req)` (tests only) is told when a request was fully sent upstream ('forwarded') and when the
 * collector answered ('answered'); returning 'drop' there cuts the browser's connection instead of passing the answer on.
 */
export function startDemoServer({
  collectorUrl,
  port = 0,
  host = '127.0.0.1',
  siteRoot = join(here, 'site'),
  widgetRoot = join(here, '../packages/widget/dist'),
  onProxy,
}) {
  const upstream = new URL(collectorUrl);
  let offline = false;
  const sockets = new Set();

  const proxy = (req, res) => {
    if (offline) return void req.socket.destroy();
    const headers = { ...req.headers, host: upstream.host, 'x-forwarded-for': req.socket.remoteAddress ?? '' };
    const out = request({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, async (up) => {
      // Tests use this to lose an answer on its way back (the collector stored it, the browser never hears).
      if (onProxy && (await onProxy('answered', req)) === 'drop') {
        up.resume();
        return void req.socket.destroy();
      }
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('finish', () => void onProxy?.('forwarded', req));
    out.on('error', () => {
      // The collector is down: answer like an unreachable upstream would, so the SDK retries later.
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end('{"error":"collector unreachable"}');
    });
    req.pipe(out);
  };

  const server = createServer(async (req, res) => {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://demo');
    try {
      if (pathname.startsWith('/v1/')) return proxy(req, res);
      if (pathname === '/__demo/network') {
        if (req.method === 'POST') offline = searchParams.get('offline') === '1';
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        return void res.end(JSON.stringify({ offline }));
      }
      if (pathname.startsWith('/widget/') && (await sendFile(res, widgetRoot, pathname.slice('/widget'.length)))) return;
      if (!pathname.startsWith('/widget/') && (await sendFile(res, siteRoot, pathname))) return;
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    } catch (e) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(e));
    }
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === 'object' && address ? address.port : port;
      ok({
        url: `http://${host}:${actual}`,
        port: actual,
        setOffline(value) {
          offline = value;
        },
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
