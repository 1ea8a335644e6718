// Admin authentication: the bearer token (constant-time), dashboard sessions held server-side, and throttled failures.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { clientAddress } from './client-address.js';
import type { AppContext, AppEnv } from './context.js';
import { HttpError } from './errors.js';

/** Shorter tokens can be guessed or read over a shoulder; `serve` refuses them at start. */
export const MIN_ADMIN_TOKEN_LENGTH = 24;

/** Why this token cannot guard the admin API, or null when it can (undefined disables the API). */
export function adminTokenProblem(token: string | undefined): string | null {
  if (token === undefined) return null;
  if (token.length < MIN_ADMIN_TOKEN_LENGTH)
    return `TELLUS_ADMIN_TOKEN must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (it has ${token.length}); make one with: openssl rand -base64 24`;
  return null;
}

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

export const SESSION_COOKIE = 'tellus_admin';
export const SESSION_SECONDS = 12 * 60 * 60;

/**
 * Only a MAC of the cookie value under the admin token is stored: a leaked table opens nothing, and
 * changing the token ends every session at once.
 */
const sessionHash = (adminToken: string, value: string) => createHmac('sha256', adminToken).update(`tellus-session-v2.${value}`).digest('hex');

function sessionCookie(c: Context): string | null {
  for (const part of (c.req.header('cookie') ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    const value = rest.join('=');
    if (name === SESSION_COOKIE && /^[A-Za-z0-9_-]{43}$/.test(value)) return value;
  }
  return null;
}

/** Starts a session: stores its hash with the expiry and returns the cookie value (random, never the token). */
export async function startSession(ctx: Pick<AppContext, 'adminToken' | 'storage'>, now = Date.now()): Promise<string> {
  const value = randomBytes(32).toString('base64url');
  await ctx.storage.createSession(sessionHash(ctx.adminToken as string, value), new Date(now + SESSION_SECONDS * 1000));
  return value;
}

/** Ends the request's session on the server, so a copied cookie stops working too. */
export async function endSession(ctx: Pick<AppContext, 'adminToken' | 'storage'>, c: Context): Promise<void> {
  const value = sessionCookie(c);
  if (value && ctx.adminToken) await ctx.storage.deleteSession(sessionHash(ctx.adminToken, value));
}

export async function sessionOk(ctx: Pick<AppContext, 'adminToken' | 'storage'>, c: Context): Promise<boolean> {
  const value = sessionCookie(c);
  if (!value || !ctx.adminToken) return false;
  return ctx.storage.sessionActive(sessionHash(ctx.adminToken, value));
}

const failureKey = (ctx: AppContext, c: Context<AppEnv>) => clientAddress(c, ctx.limits);

/** Refuses with 429 while this client has spent its budget of failed attempts: no guess is judged then. */
export function refuseIfThrottled(ctx: AppContext, c: Context<AppEnv>): void {
  const decision = ctx.adminFailures.peek(failureKey(ctx, c));
  if (!decision.ok) {
    const retry = String(decision.retryAfterSeconds);
    throw new HttpError(429, 'too many failed admin attempts', { retryAfter: decision.retryAfterSeconds }, { 'Retry-After': retry });
  }
}

/** Counts one failed attempt against this client. */
export const recordFailure = (ctx: AppContext, c: Context<AppEnv>): void => void ctx.adminFailures.take(failureKey(ctx, c));

export interface AdminAuthOptions {
  /**
   * Also accept the dashboard session cookie. Only for reads: the cookie is SameSite=Strict, but
   * anything that changes data still asks for the bearer token or a same-origin JSON request.
   */
  cookie?: boolean;
}

/** Throws 401 unless the request carries the admin token (or, when allowed, a live dashboard session); 429 after repeated failures. */
export function requireAdmin(ctx: AppContext, options: AdminAuthOptions = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const bearer = bearerToken(c.req.header('authorization'));
    if (bearer !== null) refuseIfThrottled(ctx, c);
    if (isAdminToken(ctx, bearer)) return next();
    if (options.cookie && (await sessionOk(ctx, c))) return next();
    // A wrong token is a guess; a request with no credentials at all (a signed-out page) is not.
    if (bearer !== null) recordFailure(ctx, c);
    throw new HttpError(401, ctx.adminToken ? 'admin token required' : 'admin API disabled: set TELLUS_ADMIN_TOKEN', {}, {
      'WWW-Authenticate': 'Bearer realm="tellus"',
    });
  };
}
