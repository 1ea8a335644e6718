// The headers every server-rendered dashboard page sends (its CSP, no caching) around the HTML.
import type { Context } from 'hono';
import { DASHBOARD_CSP } from '../dashboard/html.js';

export function pageHtml(c: Context, body: string, status: 200 | 401 = 200): Response {
  c.header('Content-Security-Policy', DASHBOARD_CSP);
  c.header('Cache-Control', 'no-store');
  return c.html(body, status);
}
