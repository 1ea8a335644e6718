// Browser-test fixtures: a collector stand-in that speaks the collector contract, pages using the script tag, surveys.
import type { Survey } from '@tellus/schema';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveStatic, type Routes, type StaticServer } from '../helpers/browser';
import { DIST } from './build';

export interface Posted {
  siteKey: string;
  responses: { id: string; surveyId: string; seq: number; completed: boolean; answers: Record<string, unknown>; meta: Record<string, unknown> }[];
}

export interface Collector extends StaticServer {
  posts: Posted[];
  /** Resolves with the first posted response matching `pred` (already received or yet to come). */
  waitForResponse(pred: (r: Posted['responses'][number]) => boolean, timeoutMs?: number): Promise<Posted['responses'][number]>;
}

const cors = (req: IncomingMessage, res: ServerResponse) => {
  res.setHeader('access-control-allow-origin', req.headers.origin ?? '*');
  res.setHeader('access-control-allow-credentials', 'true');
  res.setHeader('access-control-allow-headers', 'content-type, if-none-match');
  res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
  res.setHeader('access-control-expose-headers', 'etag');
  res.setHeader('vary', 'origin');
};

/** A loopback collector: serves `{ surveys }` for the site and acknowledges every posted response, recording bodies. */
export async function startCollector(surveys: Survey[], siteKey = 'demo'): Promise<Collector> {
  const posts: Posted[] = [];
  const waiters = new Set<() => void>();
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const routes: Routes = {
    [`/v1/sites/${siteKey}/surveys`]: (req, res) => {
      cors(req, res);
      if (req.method === 'OPTIONS') return void res.writeHead(204).end();
      json(res, 200, { surveys });
    },
    '/v1/responses': (req, res, body) => {
      cors(req, res);
      if (req.method === 'OPTIONS') return void res.writeHead(204).end();
      let batch: Posted;
      try {
        batch = JSON.parse(body.toString('utf8')) as Posted;
      } catch {
        return json(res, 400, { error: 'invalid JSON' });
      }
      if (batch.siteKey !== siteKey) return json(res, 403, { error: 'unknown site' });
      posts.push(batch);
      json(res, 200, { accepted: batch.responses.map((r) => r.id), duplicates: [], rejected: [] });
      waiters.forEach((w) => w());
    },
  };
  const server = await serveStatic(routes);
  const find = (pred: (r: Posted['responses'][number]) => boolean) => posts.flatMap((p) => p.responses).find(pred);
  return {
    ...server,
    posts,
    waitForResponse: (pred, timeoutMs = 10_000) =>
      new Promise((ok, fail) => {
        const check = () => {
          const r = find(pred);
          if (!r) return;
          waiters.delete(check);
          clearTimeout(timer);
          ok(r);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          fail(new Error('no matching response; got ' + JSON.stringify(posts)));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}

/** A web server for the test pages, with the built widget files (tellus.js, tellus-ui.js, loader.js) at the root. */
export const startSite = (pages: Routes, headers?: Record<string, string>) =>
  serveStatic({ '/favicon.ico': { body: '', status: 204 }, ...pages }, { root: DIST, ...(headers ? { headers } : {}) });

/** The documented inline snippet followed by commands, then the async bundle. */
export const snippetPage = (opts: {
  collector: string;
  commands?: string;
  lang?: string;
  dir?: string;
  head?: string;
  body?: string;
  init?: Record<string, unknown>;
}) => `<!doctype html>
<html lang="${opts.lang ?? 'en'}"${opts.dir ? ` dir="${opts.dir}"` : ''}><head><meta charset="utf-8"><title>Shop</title>
<meta name="viewport" content="width=device-width, initial-scale=1">${opts.head ?? ''}</head>
<body>${opts.body ?? '<main><h1>Thanks for your order</h1><p>Your parcel is on its way.</p><button id="before">Track parcel</button></main>'}
<script>window.tellus=window.tellus||function(){(tellus.q=tellus.q||[]).push(arguments)};
tellus('init',${JSON.stringify({ siteKey: 'demo', endpoint: opts.collector, flushDelayMs: 50, ...opts.init })});
${opts.commands ?? ''}</script>
<script async src="/tellus.js"></script>
</body></html>`;

/** NPS, then an optional comment, then a required thumbs question; fires on `order_placed`. */
export const orderSurvey: Survey = {
  id: 'post-order',
  version: 2,
  name: 'After your order',
  trigger: { event: 'order_placed' },
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend our shop to a friend?' },
    { id: 'comment', type: 'text', text: 'Anything we could do better?' },
    { id: 'helpful', type: 'thumbs', text: 'Was checkout easy?', required: true },
  ],
  thankYou: 'Thank you for your feedback!',
};

/** The element focused inside the widget's shadow root, described as "role:name". */
export const focused = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    const a = document.querySelector('tellus-widget')?.shadowRoot?.activeElement;
    return a ? `${a.getAttribute('role') ?? a.tagName.toLowerCase()}:${a.getAttribute('aria-label') ?? a.textContent}` : null;
  });
