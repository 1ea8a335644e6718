// Per-site CORS: echo an allowed Origin, answer preflights, never allow credentials.
import type { Context } from 'hono';

/** A site allows an origin when it lists it exactly, or lists "*". */
export const originAllowed = (origins: readonly string[], origin: string) => origins.includes('*') || origins.includes(origin);

export interface CorsOptions {
  methods: string;
  headers?: string;
  expose?: string;
}

/** Headers for a response to a cross-origin request, as a plain object (see finalJson); only Vary when there is no Origin. */
export function corsHeaders(origin: string | undefined, o: CorsOptions): Record<string, string> {
  if (!origin) return { vary: 'Origin' };
  const headers: Record<string, string> = { 'access-control-allow-origin': origin, vary: 'Origin' };
  if (o.expose) headers['access-control-expose-headers'] = o.expose;
  return headers;
}

/** Headers for a response to a cross-origin request; nothing when there is no Origin. */
export function setCors(c: Context, origin: string | undefined, o: CorsOptions): void {
  for (const [name, value] of Object.entries(corsHeaders(origin, o))) c.header(name, value, name === 'vary' ? { append: true } : undefined);
}

export function preflight(c: Context, origin: string, o: CorsOptions): Response {
  setCors(c, origin, o);
  c.header('Access-Control-Allow-Methods', o.methods);
  c.header('Access-Control-Allow-Headers', o.headers ?? 'Content-Type');
  c.header('Access-Control-Max-Age', '600');
  return c.body(null, 204);
}

/** Valid origin spelling: scheme://host[:port] with nothing after, or "*". */
export function isOrigin(value: string): boolean {
  if (value === '*') return true;
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value;
  } catch {
    return false;
  }
}
