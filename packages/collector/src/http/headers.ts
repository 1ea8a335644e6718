// Response headers declared as middleware: the security set on everything, no-store on admin data.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

/**
 * Hono's secureHeaders on every response, errors included. A value a route set itself is kept:
 * a page's CSP, and the widget files' `Cross-Origin-Resource-Policy: cross-origin` (host pages on
 * other sites load them; CORS requests to the public API are not affected by the policy).
 */
export const securityHeaders = (): MiddlewareHandler => secureHeaders({ overwrite: false });

/** Admin data is private and per-token: never cached by a browser or proxy, never sniffed into HTML. */
export const noStore: MiddlewareHandler = async (c, next) => {
  await next();
  c.res.headers.set('Cache-Control', 'no-store');
  c.res.headers.set('X-Content-Type-Options', 'nosniff');
};
