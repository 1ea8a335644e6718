// Bearer-token guard for the admin API, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppContext, AppEnv } from './context.js';

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

export function requireAdmin(ctx: Pick<AppContext, 'adminToken'>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!isAdminToken(ctx, bearerToken(c.req.header('authorization')))) {
      c.header('WWW-Authenticate', 'Bearer');
      return c.json({ error: ctx.adminToken ? 'admin token required' : 'admin API disabled: set TELLUS_ADMIN_TOKEN' }, 401);
    }
    await next();
  };
}
