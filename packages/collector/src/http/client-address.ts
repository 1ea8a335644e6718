// The client's address for rate limiting only: used in memory as a bucket key, never logged or stored.
import type { Context } from 'hono';
import type { AppEnv } from './context.js';

export function clientAddress(c: Context<AppEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return c.env?.incoming?.socket?.remoteAddress ?? 'local';
}
