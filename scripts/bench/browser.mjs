// Widget and queue in headless Chromium: trigger → visible and interactive, longest task, layout shift; IndexedDB
// enqueue latency; draining N queued responses to a collector. Each against a hand-made baseline in the same browser.
import { createServer, request } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, SURVEY, median, quantile } from './util.mjs';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p && existsSync(p));
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const SHOWN = { ...SURVEY, trigger: { event: 'bench_go', delayMs: 0 }, display: { mode: 'popover', position: 'bottom-right' } };

// A plain article page: the widget must not move a pixel of it.
const ARTICLE =
  `<h1>Order confirmed</h1>${'<p>Thank you for shopping with us. Your parcel is being packed and will reach the locker soon. '.repeat(3)}</p>`.repeat(6);
const page = (head) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<style>body{font:16px/1.5 system-ui;margin:2rem;max-width:40rem}</style>${head}</head><body>${ARTICLE}</body></html>`;

// Observers first, so everything from the first byte on is recorded.
const OBSERVE = `<script>
window.__perf = { shifts: 0, longest: 0, tasks: 0 };
new PerformanceObserver((l) => l.getEntries().forEach((e) => { if (!e.hadRecentInput) __perf.shifts += e.value; })).observe({ type: 'layout-shift', buffered: true });
new PerformanceObserver((l) => l.getEntries().forEach((e) => { __perf.tasks++; __perf.longest = Math.max(__perf.longest, e.duration); })).observe({ type: 'longtask', buffered: true });
</script>`;

/** `/gate/<name>/…` forwards to a drain target while the gate is open and drops the connection while it is shut. */
const gate = { open: false, targets: {} };
function forward(req, res, name, rest) {
  const target = gate.targets[name];
  if (!gate.open || !target) return void req.socket.destroy();
  const up = new URL(target);
  const out = request({ hostname: up.hostname, port: up.port, path: rest, method: req.method, headers: { ...req.headers, host: up.host } }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  out.on('error', () => res.writeHead(502).end());
  req.pipe(out);
}

function startPageServer() {
  const widget = (f) => readFileSync(join(ROOT, 'packages/widget/dist', f));
  const routes = {
    '/widget.html': () =>
      page(`${OBSERVE}<script>window.tellus=window.tellus||function(){(tellus.q=tellus.q||[]).push(arguments)};</script>
<script async src="/w/tellus.js" data-site-key="bench" data-endpoint="${'ORIGIN'}"></script>`),
    '/baseline.html': () => page(OBSERVE),
    '/queue.html': () => page(''),
    '/w/tellus.js': () => widget('tellus.js'),
    '/w/tellus-ui.js': () => widget('tellus-ui.js'),
    '/sdk.js': () => readFileSync(join(ROOT, 'packages/sdk/dist/tellus-sdk.min.js')),
    '/v1/sites/bench/surveys': () => JSON.stringify({ surveys: [SHOWN] }),
  };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const g = /^\/gate\/([a-z]+)(\/.*)$/.exec(path);
    if (g) return forward(req, res, g[1], g[2]);
    if (path === '/v1/responses') {
      // The widget page's own sends: acknowledged without storage (this section measures the browser).
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const ids = (JSON.parse(Buffer.concat(chunks).toString() || '{}').responses ?? []).map((r) => r.id);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: ids, duplicates: [], rejected: [] }));
      });
      return;
    }
    const route = routes[path];
    if (!route) return void res.writeHead(404).end();
    const type = path.endsWith('.html') ? 'text/html' : path.endsWith('.js') ? 'text/javascript' : 'application/json';
    res
      .writeHead(200, { 'content-type': type, 'cache-control': 'no-store' })
      .end(String(route()).replace('ORIGIN', `http://127.0.0.1:${server.address().port}`));
  });
  return new Promise((ok) =>
    server.listen(0, '127.0.0.1', () => ok({ url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)) })),
  );
}

/** In the page: from the trigger until the survey's first answer control is on screen (a triggered survey never takes focus). */
const SHOW_WIDGET = () =>
  new Promise((ok) => {
    const t0 = performance.now();
    window.tellus('track', 'bench_go');
    const tick = () => {
      const host = document.querySelector('tellus-widget');
      const radio = host?.shadowRoot?.querySelector('[role=radio]');
      const rect = radio?.getBoundingClientRect();
      if (rect && rect.width > 0) return ok(performance.now() - t0);
      requestAnimationFrame(tick);
    };
    tick();
  });

/** The baseline: a hand-written fixed popover of five buttons, appended (not focused, like the widget), timed the same way. */
const SHOW_BASELINE = () =>
  new Promise((ok) => {
    const t0 = performance.now();
    const box = document.createElement('div');
    box.setAttribute('role', 'dialog');
    box.style.cssText = 'position:fixed;right:16px;bottom:16px;padding:16px;background:#fff;border:1px solid #ccc';
    for (let i = 1; i <= 5; i++) {
      const b = document.createElement('button');
      b.textContent = String(i);
      box.append(b);
    }
    document.body.append(box);
    const tick = () => (box.querySelector('button').getBoundingClientRect().width > 0 ? ok(performance.now() - t0) : requestAnimationFrame(tick));
    tick();
  });

async function widgetRuns(browser, url, runs) {
  const widget = [];
  const baseline = [];
  for (let i = 0; i < runs; i++) {
    for (const [kind, target, show, into] of [
      ['widget', '/widget.html', SHOW_WIDGET, widget],
      ['baseline', '/baseline.html', SHOW_BASELINE, baseline],
    ]) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } }); // cold: nothing cached
      const p = await context.newPage();
      await p.goto(url + target, { waitUntil: 'load' });
      if (kind === 'widget') await p.waitForFunction(() => typeof window.tellus === 'function' && !('q' in window.tellus));
      await p.waitForLoadState('networkidle'); // survey definitions fetched: the SDK is ready for the trigger
      const ms = await p.evaluate(show);
      await p.waitForTimeout(300); // let a late layout shift or long task be reported before reading
      const perf = await p.evaluate(() => window.__perf);
      into.push({ ms, ...perf });
      await context.close();
    }
  }
  const sum = (rows) => ({
    ms: median(rows.map((r) => r.ms)),
    longest: Math.max(...rows.map((r) => r.longest)),
    shifts: Math.max(...rows.map((r) => r.shifts)),
    runs: rows.length,
  });
  return { widget: sum(widget), baseline: sum(baseline) };
}

/** In the page: N submits through the SDK (each persisted in IndexedDB before it resolves) vs N raw IndexedDB puts. */
const ENQUEUE = async ({ n, survey, endpoint }) => {
  const { createTellus } = await import('/sdk.js');
  window.__posts = 0;
  const counting = (...a) => (window.__posts++, fetch(...a));
  // Sends wait: the flush timer is far away, so the queue only fills; drain() below flushes on purpose.
  const sdk = createTellus({ siteKey: 'bench', endpoint, surveys: [survey], flushDelayMs: 3_600_000, maxQueueItems: n + 100, fetch: counting, locale: 'en' });
  window.__sdk = sdk;
  let sent = 0;
  sdk.on('sent', (e) => (sent += e.ids.length));
  window.__sent = () => sent;
  const sdkMs = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await sdk.submit(survey.id, { csat: (i % 5) + 1, nps: i % 11, why: 'Quick delivery, friendly agent.' });
    sdkMs.push(performance.now() - t);
  }
  // Baseline: the same kind of object put with a plain readwrite transaction, awaited until complete.
  const db = await new Promise((ok, fail) => {
    const r = indexedDB.open('baseline', 1);
    r.onupgradeneeded = () => r.result.createObjectStore('kv');
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
  const rawMs = [];
  for (let i = 0; i < Math.min(n, 2000); i++) {
    const value = { r: { id: crypto.randomUUID(), surveyId: survey.id, seq: 0, answers: { csat: 5 }, meta: { url: location.href } }, at: Date.now(), lease: 0 };
    const t = performance.now();
    await new Promise((ok, fail) => {
      const tx = db.transaction('kv', 'readwrite');
      tx.objectStore('kv').put(value, 'q:' + value.r.id);
      tx.oncomplete = ok;
      tx.onerror = () => fail(tx.error);
    });
    rawMs.push(performance.now() - t);
  }
  return { sdkMs, rawMs };
};

/**
 * In the page: an SDK whose queue holds `n` responses written straight into its IndexedDB store, in its own format
 * (filling 10,000 through submit() takes tens of minutes, see the report), then flush() until all are acknowledged.
 */
const DRAIN = async ({ n, survey, endpoint }) => {
  const { createTellus } = await import('/sdk.js');
  const uuid = () => crypto.randomUUID(); // any uuid will do here; the SDK's own generator ships in @tellus/sdk/deferred
  let posts = 0;
  const counting = (...a) => (posts++, fetch(...a));
  const sdk = createTellus({
    siteKey: 'bench',
    endpoint,
    surveys: [survey],
    flushDelayMs: 3_600_000,
    maxQueueItems: n + 100,
    fetch: counting,
    dbName: 'drain',
    locale: 'en',
  });
  let sent = 0;
  sdk.on('sent', (e) => (sent += e.ids.length));
  await sdk.flush(); // opens (and creates) the SDK's database; nothing to send yet
  const db = await new Promise((ok, fail) => {
    const r = indexedDB.open('drain');
    r.onsuccess = () => ok(r.result);
    r.onerror = () => fail(r.error);
  });
  await new Promise((ok, fail) => {
    const tx = db.transaction('kv', 'readwrite');
    const store = tx.objectStore('kv');
    const at = Date.now();
    for (let i = 0; i < n; i++) {
      const id = uuid();
      const now = new Date().toISOString();
      const r = {
        id,
        surveyId: survey.id,
        surveyVersion: 1,
        seq: 0,
        completed: true,
        answers: { csat: (i % 5) + 1, nps: i % 11, why: 'Quick delivery, friendly agent.' },
        meta: { url: location.origin + '/checkout', locale: 'en', channel: 'web' },
        anonId: uuid(),
        createdAt: now,
        updatedAt: now,
      };
      store.put({ r, at, lease: 0 }, 'q:' + id);
    }
    tx.oncomplete = ok;
    tx.onerror = () => fail(tx.error);
  });
  db.close();
  window.__openGate && (await window.__openGate());
  const t = performance.now();
  while (sent < n) {
    await sdk.flush();
    if (performance.now() - t > 600_000) break;
  }
  return { ms: performance.now() - t, requests: posts, sent };
};

async function enqueueTimes(browser, pageUrl, n) {
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto(pageUrl + '/queue.html');
  gate.open = false; // nothing leaves: this measures the way into the queue only
  const enq = await p.evaluate(ENQUEUE, { n, survey: SURVEY, endpoint: `${pageUrl}/gate/none` });
  await context.close();
  return enq;
}

async function drainTo(browser, pageUrl, name, n) {
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.exposeFunction('__openGate', () => void (gate.open = true));
  await p.goto(pageUrl + '/queue.html');
  gate.open = false; // the queue fills with the way out shut, as when offline
  const drain = await p.evaluate(DRAIN, { n, survey: SURVEY, endpoint: `${pageUrl}/gate/${name}` });
  await context.close();
  return drain;
}

/**
 * `collectorUrl` / `bareUrl`: where the queue drains to (the real collector, and the bare baseline server);
 * both must accept the bench page's origin (returned by `pageOrigin()` before the run).
 */
export async function benchBrowser({ quick = false, log = () => {}, drainTargets }) {
  if (!CHROMIUM) throw new Error('Chromium not found: install Debian `chromium` or set CHROMIUM_PATH');
  const server = await startPageServer();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    log('browser: widget trigger → visible');
    const show = await widgetRuns(browser, server.url, quick ? 2 : 7);
    // Enqueue: as many as the SDK queues by default (maxQueueItems 1,000); drain: 10,000 (quick: 300 each).
    const nEnqueue = quick ? 300 : 1_000;
    const n = quick ? 300 : 10_000;
    log(`browser: ${nEnqueue.toLocaleString('en')} submits into the IndexedDB queue`);
    const enq = await enqueueTimes(browser, server.url, nEnqueue);
    const drains = {};
    gate.targets = await drainTargets(server.url);
    for (const name of Object.keys(gate.targets)) {
      log(`browser: drain ${n.toLocaleString('en')} queued responses to ${name}`);
      drains[name] = await drainTo(browser, server.url, name, n);
    }
    const tenth = Math.ceil(nEnqueue / 10);
    return {
      show,
      queue: {
        n,
        nEnqueue,
        enqueue: {
          p50: quantile(enq.sdkMs, 0.5),
          p99: quantile(enq.sdkMs, 0.99),
          // The queue grows from 0 to nEnqueue during the run: how the cost moves with its length.
          firstP50: quantile(enq.sdkMs.slice(0, tenth), 0.5),
          lastP50: quantile(enq.sdkMs.slice(-tenth), 0.5),
        },
        rawPut: { p50: quantile(enq.rawMs, 0.5), p99: quantile(enq.rawMs, 0.99) },
        drains,
      },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
