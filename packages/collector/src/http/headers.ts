// Response headers declared as middleware: the security set on everything, no-store on admin data.
import type { MiddlewareHandler } from 'hono';

/**
 * The security headers every response carries: Hono secureHeaders' defaults (a test holds them equal), in lower case
 * as Headers spells them, so an answer built from a plain object sends the same names as one built from Headers.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});
const SECURITY_ENTRIES = Object.entries(SECURITY_HEADERS);

// Answers whose headers were complete when built (finalJson): the middleware leaves them alone.
const complete = new WeakSet<Response>();

/**
 * A JSON answer with its headers final: the security set, the content type and `headers` (which win) in one plain object. On
 * @hono/node-server that object goes straight to writeHead, where a Headers object would be built, filled by the
 * middleware, then copied out again on every request (the ingest route answers thousands a second).
 *
 * @example return finalJson(ack, 200, corsHeaders(origin, CORS));
 */
export function finalJson(body: unknown, status: number, headers: Record<string, string>): Response {
  const res = new Response(JSON.stringify(body), { status, headers: { ...SECURITY_HEADERS, 'content-type': 'application/json', ...headers } });
  complete.add(res);
  return res;
}

/**
 * The security set on every response, errors included, and no X-Powered-By. A value a route set itself is kept:
 * a page's CSP, and the widget files' `Cross-Origin-Resource-Policy: cross-origin` (host pages on other sites load
 * them; CORS requests to the public API are not affected by the policy).
 */
export const securityHeaders = (): MiddlewareHandler => async (c, next) => {
  await next();
  if (complete.has(c.res)) return;
  const headers = c.res.headers;
  for (const [name, value] of SECURITY_ENTRIES) if (!headers.has(name)) headers.set(name, value);
  headers.delete('X-Powered-By');
};

/** Admin data is private and per-token: never cached by a browser or proxy, never sniffed into HTML. */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('Cache-Control', 'no-store');
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
};
