// Admin authentication for the results and dashboard routes: bearer token, or the dashboard's session cookie.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bearerToken, isAdminToken } from '../http/admin.js';

export const SESSION_COOKIE = 'tellus_admin';

export const SESSION_SECONDS = 12 * 60 * 60;

const mac = (adminToken: string, expires: number) =>
  createHmac('sha256', adminToken).update(`tellus-dashboard-session-v1.${expires}`).digest('hex');

/**
 * The cookie value: `<expiry>.<MAC of it under the admin token>`, never the token itself. It dies on
 * its own after 12 hours, and at once for every session when the admin token changes.
 */
export const sessionValue = (adminToken: string, now = Date.now()) => {
  const expires = Math.floor(now / 1000) + SESSION_SECONDS;
  return `${expires}.${mac(adminToken, expires)}`;
};

function sessionOk(value: string, adminToken: string, now = Date.now()): boolean {
  const m = /^(\d{1,12})\.([0-9a-f]{64})$/.exec(value);
  if (!m) return false;
  const expires = Number(m[1]);
  return expires * 1000 > now && same(m[2] as string, mac(adminToken, expires));
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** The admin API's own comparison, so there is one definition of "this is the admin token". */
export const tokenMatches = (given: string | undefined | null, adminToken: string | undefined): boolean => isAdminToken({ adminToken }, given);

export const bearerOk = (c: Context, adminToken: string | undefined): boolean => tokenMatches(bearerToken(c.req.header('authorization')), adminToken);

export function cookieOk(c: Context, adminToken: string | undefined): boolean {
  if (!adminToken) return false;
  for (const part of (c.req.header('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE && sessionOk(rest.join('='), adminToken)) return true;
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
