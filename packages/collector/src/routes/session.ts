// Dashboard sign-in and sign-out: the admin token once (form or ?token=) for a server-side session cookie.
import { Hono, type Context } from 'hono';
import { endSession, isAdminToken, recordFailure, refuseIfThrottled, SESSION_COOKIE, SESSION_SECONDS, startSession } from '../http/admin.js';
import { readLimited } from '../http/body.js';
import { isHttps } from '../http/client-address.js';
import type { AppContext, AppEnv, RouteGroup } from '../http/context.js';
import { HttpError } from '../http/errors.js';
import { loginPage } from '../dashboard/html.js';
import { pageHtml } from './page-html.js';

/** A sign-in form holds one token; nothing bigger is read. */
const FORM_MAX = 4096;

/** Checks a presented token (throttled per client): a session cookie and a redirect, or the sign-in page again. */
export async function signIn(ctx: AppContext, c: Context<AppEnv>, token: string | undefined, to: string): Promise<Response> {
  refuseIfThrottled(ctx, c);
  if (!isAdminToken(ctx, token)) {
    recordFailure(ctx, c);
    return pageHtml(c, loginPage('That token is not valid.'), 401);
  }
  const secure = isHttps(c, ctx.limits) ? '; Secure' : '';
  c.header('Set-Cookie', `${SESSION_COOKIE}=${await startSession(ctx)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}${secure}`);
  c.header('Cache-Control', 'no-store');
  return c.redirect(to, 303);
}

async function formToken(c: Context): Promise<string | undefined> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'unsupported content type', { accepted: ['application/x-www-form-urlencoded'] });
  const text = new TextDecoder('utf-8', { fatal: false }).decode(await readLimited(c, FORM_MAX));
  return new URLSearchParams(text).get('token') ?? undefined;
}

export const sessionRoutes: RouteGroup = (ctx) => {
  const app = new Hono<AppEnv>();

  app.post('/dashboard/login', async (c) => signIn(ctx, c, await formToken(c), '/dashboard'));

  // Ends the session on the server too: a copied cookie is as dead as the deleted one.
  app.post('/dashboard/logout', async (c) => {
    await endSession(ctx, c);
    const secure = isHttps(c, ctx.limits) ? '; Secure' : '';
    c.header('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`);
    c.header('Cache-Control', 'no-store');
    return c.redirect('/dashboard', 303);
  });
  return app;
};
