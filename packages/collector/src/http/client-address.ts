// The client's address (rate limits only: a bucket key in memory, never logged or stored) and the scheme it used.
import type { Context } from 'hono';
import type { AppEnv, Limits } from './context.js';
import { requestHeader } from './request-header.js';

type ProxyTrust = Pick<Limits, 'trustProxy' | 'proxyHops'>;

/**
 * Behind `proxyHops` proxies you run, each appends the address it saw, so the client is that many
 * entries from the right; everything further left was written by the client and proves nothing.
 */
export function clientAddress(c: Context<AppEnv>, trust: ProxyTrust): string {
  const socket = c.env?.incoming?.socket?.remoteAddress ?? 'local';
  if (!trust.trustProxy) return socket;
  const hops = (requestHeader(c, 'x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  // Fewer entries than proxies: the request did not come through all of them; its left-most is still ours.
  return hops[Math.max(0, hops.length - Math.max(1, trust.proxyHops))] ?? socket;
}

/** Whether the browser reached us over HTTPS: directly, or (trusted proxy only) as X-Forwarded-Proto says. */
export function isHttps(c: Context, trust: Pick<Limits, 'trustProxy'>): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  if (!trust.trustProxy) return false;
  // The closest proxy's value is the right-most one.
  const proto = (c.req.header('x-forwarded-proto') ?? '').split(',').pop()?.trim().toLowerCase();
  return proto === 'https';
}
