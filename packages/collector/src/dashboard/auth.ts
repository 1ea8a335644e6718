// Admin authentication for the results and dashboard routes: bearer token, or the dashboard's session cookie.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

export const SESSION_COOKIE = 'tellus_admin';

/** The cookie holds a MAC derived from the token, never the token itself. */
export const sessionValue = (adminToken: string) => createHmac('sha256', adminToken).update('tellus-dashboard-session-v1').digest('hex');

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export function tokenMatches(given: string | undefined | null, adminToken: string | undefined): boolean {
  return !!adminToken && typeof given === 'string' && same(given, adminToken);
}

export function bearerOk(c: Context, adminToken: string | undefined): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return tokenMatches(m?.[1], adminToken);
}

export function cookieOk(c: Context, adminToken: string | undefined): boolean {
  if (!adminToken) return false;
  for (const part of (c.req.header('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE && same(rest.join('='), sessionValue(adminToken))) return true;
  }
  return false;
}

export interface AdminAuthOptions {
  adminToken: string | undefined;
  /**
   * Also accept the dashboard cookie. Only for reads: the cookie is SameSite=Strict, but
   * anything that changes data still asks for the bearer token or a same-origin JSON request.
   */
  cookie?: boolean;
}

/** Answers 401 JSON unless the request carries the admin token (or, when allowed, the dashboard cookie). */
export function requireAdmin(options: AdminAuthOptions): MiddlewareHandler {
  return async (c, next) => {
    if (bearerOk(c, options.adminToken) || (options.cookie && cookieOk(c, options.adminToken))) return next();
    c.header('WWW-Authenticate', 'Bearer realm="tellus"');
    return c.json({ error: 'unauthorized' }, 401);
  };
}
