// Admin authentication: the bearer token (compared in constant time) and the dashboard's session cookie.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppContext } from './context.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** True when `token` is the configured admin token; always false when none is configured. */
export function isAdminToken(ctx: Pick<AppContext, 'adminToken'>, token: string | undefined | null): boolean {
  if (!ctx.adminToken || !token) return false;
  return timingSafeEqual(digest(ctx.adminToken), digest(token));
}

export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

export const bearerOk = (c: Context, adminToken: string | undefined): boolean => isAdminToken({ adminToken }, bearerToken(c.req.header('authorization')));

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
  const x = Buffer.from(m[2] as string);
  const y = Buffer.from(mac(adminToken, expires));
  return expires * 1000 > now && x.length === y.length && timingSafeEqual(x, y);
}

export function cookieOk(c: Context, adminToken: string | undefined): boolean {
  if (!adminToken) return false;
  for (const part of (c.req.header('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE && sessionOk(rest.join('='), adminToken)) return true;
  }
  return false;
}

export interface AdminAuthOptions {
  /**
   * Also accept the dashboard cookie. Only for reads: the cookie is SameSite=Strict, but
   * anything that changes data still asks for the bearer token or a same-origin JSON request.
   */
  cookie?: boolean;
}

/** Answers 401 JSON unless the request carries the admin token (or, when allowed, the dashboard cookie). */
export function requireAdmin(ctx: Pick<AppContext, 'adminToken'>, options: AdminAuthOptions = {}): MiddlewareHandler {
  return async (c, next) => {
    if (bearerOk(c, ctx.adminToken) || (options.cookie && cookieOk(c, ctx.adminToken))) return next();
    c.header('WWW-Authenticate', 'Bearer realm="tellus"');
    return c.json({ error: ctx.adminToken ? 'admin token required' : 'admin API disabled: set TELLUS_ADMIN_TOKEN' }, 401);
  };
}

/** A state-changing call from the dashboard must be a same-origin JSON request (no form can forge one). */
export function sameOriginJson(c: Context): boolean {
  if (!(c.req.header('content-type') ?? '').startsWith('application/json')) return false;
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin') return false;
  const origin = c.req.header('origin');
  return !origin || origin === new URL(c.req.url).origin;
}

/** For routes that change data: the bearer token, or the dashboard cookie on a same-origin JSON request. */
export function requireAdminWrite(ctx: Pick<AppContext, 'adminToken'>): MiddlewareHandler {
  return async (c, next) => {
    if (bearerOk(c, ctx.adminToken) || (cookieOk(c, ctx.adminToken) && sameOriginJson(c))) return next();
    c.header('WWW-Authenticate', 'Bearer realm="tellus"');
    return c.json({ error: ctx.adminToken ? 'admin token required' : 'admin API disabled: set TELLUS_ADMIN_TOKEN' }, 401);
  };
}
