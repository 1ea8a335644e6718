// `npm run bench [-- --quick] [-- --out FILE] [-- --results-only] [-- --results-sizes 10000,100000]`: measures sizes, the
// widget and queue in Chromium, collector ingestion and results at size, each against a baseline from the same run;
// writes docs/benchmarks.md (or FILE) and prints it. --results-only measures results alone and replaces only their section.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { benchBrowser } from './bench/browser.mjs';
import { benchIngestion } from './bench/collector.mjs';
import { benchResults } from './bench/results.mjs';
import { ROOT, spawnServer, startCollector } from './bench/util.mjs';
import { measureSizes } from './size.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const resultsOnly = args.includes('--results-only');
const outAt = args.indexOf('--out');
const out = resolve(outAt >= 0 && args[outAt + 1] ? args[outAt + 1] : join(ROOT, 'docs/benchmarks.md'));
const log = (m) => process.stderr.write(`· ${m}\n`);

// Measures what is built; builds only when dist/ is missing (after a fresh clone).
execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs'), '--if-missing'], { stdio: ['ignore', 'ignore', 'inherit'] });

const KB = 1024;
const kb = (n) => `${(n / KB).toFixed(2)} KB`;
const ms = (n) => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(1) : Math.round(n)} ms` : '—');
const task = (n) => (n > 0 ? ms(n) : 'none ≥ 50 ms');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '—');
const num = (n) => Math.round(n).toLocaleString('en');
const BATCH_SIZE = 50;
const mb = (n) => (Number.isFinite(n) ? `${(n / 1024 / 1024).toFixed(0)} MB` : '—');

const started = Date.now();
log(`mode: ${quick ? 'quick' : 'full'}; report: ${out}`);

let sizes;
let browser;
let ingest;
if (!resultsOnly) {
  // 1. Sizes, against the budgets.
  sizes = measureSizes(ROOT).rows;

  // 2. Widget and queue in Chromium; the queue drains to a real collector (PGlite) and to the bare server.
  const bare = await spawnServer([join(ROOT, 'scripts/bench/bare-server.mjs')]);
  let drainCollector;
  try {
    browser = await benchBrowser({
      quick,
      log,
      drainTargets: async (pageOrigin) => {
        drainCollector = await startCollector({ origins: [pageOrigin] });
        return { collector: drainCollector.url, bare: bare.url };
      },
    });
  } finally {
    await drainCollector?.stop();
    await bare.stop();
  }

  // 3. Collector ingestion and memory.
  ingest = await benchIngestion({ quick, log });
}

// 4. Results at size, memory during results, and ingestion while results and an export run.
const sizesAt = args.indexOf('--results-sizes');
const resultSizes = sizesAt >= 0 && args[sizesAt + 1] ? args[sizesAt + 1].split(',').map(Number) : undefined;
const results = await benchResults({ quick, log, ...(resultSizes && { sizes: resultSizes }) });

// ---- the report ----
let chromiumVersion = '';
try {
  chromiumVersion = execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
} catch {
  chromiumVersion = 'Chromium';
}
const cpu = cpus();
const lines = [];
const table = (head, rows) => {
  lines.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
  for (const r of rows) lines.push(`| ${r.join(' | ')} |`);
  lines.push('');
};

if (!resultsOnly) {
  lines.push(
    '# Benchmarks',
    '',
    `Measured by \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC: ` +
      `${cpu.length} × ${cpu[0]?.model?.trim() ?? 'CPU'}, ${mb(totalmem())} RAM, Node ${process.version}, ${chromiumVersion}. ` +
      `${quick ? '**Quick mode** (CI smoke run: small counts, figures are noisy).' : 'Full mode.'} ` +
      'Every figure is shown with a baseline measured in the same run and the ratio to it. Took ' +
      `${Math.round((Date.now() - started) / 1000)} s.`,
    '',
    '## Bundle sizes',
    '',
    'Each file compressed on its own, as a browser fetches it. Baseline: the budget (`scripts/size.mjs`).',
    '',
  );
  table(
    ['what a page downloads', 'raw', 'gzip', 'brotli', 'budget (gzip)', 'gzip / budget'],
    sizes.map((r) =>
      r.missing
        ? [r.label ?? r.name, '—', '—', '—', r.budget ? kb(r.budget) : '—', `missing (${r.missing.join(', ')})`]
        : [
            r.label ?? r.name,
            kb(r.raw),
            kb(r.gzip),
            kb(r.brotli),
            r.budget ? kb(r.budget) : '—',
            r.budget ? `${ratio(r.gzip, r.budget)} ${r.ok ? 'ok' : '**OVER**'}` : '—',
          ],
    ),
  );

  const { widget: w, baseline: b } = browser.show;
  lines.push(
    '## Widget in Chromium',
    '',
    `A plain article page with the script tag; the survey is triggered by \`tellus('track', …)\` once the definitions are loaded. ` +
      `Median of ${w.runs} cold loads (new browser context each, so the lazily loaded UI chunk is fetched every time). ` +
      'Baseline: a hand-written fixed popover of five buttons, appended and focused on the same page without the widget.',
    '',
  );
  table(
    ['measure', 'widget', 'baseline', 'ratio'],
    [
      ['trigger → survey visible', ms(w.ms), ms(b.ms), ratio(w.ms, b.ms)],
      [
        'longest main-thread task, load + show (Long Tasks API reports tasks ≥ 50 ms)',
        task(w.longest),
        task(b.longest),
        w.longest && b.longest ? ratio(w.longest, b.longest) : '—',
      ],
      ['layout shift caused (CLS sum; must be 0)', `${w.shifts.toFixed(4)} ${w.shifts === 0 ? 'ok' : '**NOT 0**'}`, b.shifts.toFixed(4), '—'],
    ],
  );

  const q = browser.queue;
  const dc = q.drains.collector;
  const db = q.drains.bare;
  lines.push(
    '## Queue in Chromium IndexedDB',
    '',
    `Enqueue: \`submit()\` through the SDK's public API until the response is durably in IndexedDB (strict durability, plus the throttle update), ` +
      `${num(q.nEnqueue)} times into a queue that grows from empty (the SDK caps it at 1,000 by default). Baseline: a plain IndexedDB put of a similar object, ` +
      'awaited until the transaction completes. Queue transactions read only what they need (one id, the count, or items in order until a claim is full), ' +
      'so the first and last tenth should cost about the same. ' +
      `Drain: ${num(q.n)} responses written into the SDK's IndexedDB store in its own format while the way out was shut, then \`flush()\` until every id is acknowledged; ` +
      'to the real collector on PGlite, and to the bare server (baseline).',
    '',
  );
  table(
    ['measure', 'Tellus', 'baseline', 'ratio'],
    [
      ['enqueue latency p50', ms(q.enqueue.p50), ms(q.rawPut.p50), ratio(q.enqueue.p50, q.rawPut.p50)],
      ['enqueue latency p99', ms(q.enqueue.p99), ms(q.rawPut.p99), ratio(q.enqueue.p99, q.rawPut.p99)],
      [
        `enqueue p50, first tenth → last tenth of the ${num(q.nEnqueue)} (queue length grows)`,
        `${ms(q.enqueue.firstP50)} → ${ms(q.enqueue.lastP50)}`,
        '—',
        ratio(q.enqueue.lastP50, q.enqueue.firstP50),
      ],
      [`drain ${num(q.n)} queued responses: time`, ms(dc.ms), ms(db.ms), ratio(dc.ms, db.ms)],
      [`drain ${num(q.n)}: requests (batches of ≤ 50)`, num(dc.requests), num(db.requests), ratio(dc.requests, db.requests)],
      [`drain ${num(q.n)}: responses/s`, num((dc.sent / dc.ms) * 1000), num((db.sent / db.ms) * 1000), ratio(dc.sent / dc.ms, db.sent / db.ms)],
    ],
  );

  const bareRow = ingest.rows.find((r) => r.kind === 'bare');
  const floorOf = (engine) => ingest.rows.find((r) => r.kind === 'floor' && r.engine === engine);
  lines.push(
    '## Collector ingestion',
    '',
    `\`${ingest.generator}\` with ${ingest.connections} connections on 127.0.0.1, ${ingest.rounds} runs of ${ingest.seconds} s per server, each request a batch of ${ingest.batch} responses with fresh ids ` +
      '(`POST /v1/responses`: validated, upserted, roll-ups written in the same transaction). Baselines from the same run: a bare `node:http` server that only parses ' +
      'the JSON, and the floor, a bare server that parses it and runs one batched `INSERT … ON CONFLICT` of the same rows into the same database (a table without roll-ups). ' +
      'The floor and the collector of an engine run side by side and take turns, the order swapped every run; each figure is the median of its runs (all runs in the last column). ' +
      'The load generator shares the two cores with the servers and the database.',
    '',
  );
  table(
    ['server', 'responses', 'responses/s', 'p50 per batch', 'p99 per batch', 'vs bare', 'vs floor', 'responses/s by run'],
    ingest.rows.map((r) => [
      r.name,
      num(r.responses),
      num(r.perSecond),
      ms(r.p50),
      ms(r.p99),
      ratio(r.perSecond, bareRow.perSecond),
      r.kind === 'collector' ? ratio(r.perSecond, floorOf(r.engine)?.perSecond) : '—',
      (r.rounds ?? []).map(num).join(' / '),
    ]),
  );
}

const resultsAt = lines.length;
const copiedNote = results.copied.length
  ? ` ${results.copied.map((c) => `${c.engine} at ${num(c.size)}: the ${num(c.from)} responses filled through the roll-up triggers, copied ${c.size / c.from}× (new ids, the same answers and days) with their roll-ups multiplied to match, since filling ${num(c.size)} through the triggers takes longer than the bench may (~1.3 ms a response).`).join(' ')}`
  : '';
lines.push(
  '## Results at size',
  '',
  ...(resultsOnly
    ? [
        `Measured by \`npm run bench -- --results-only\` on ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC (${cpus().length} × ${cpus()[0]?.model?.trim() ?? 'CPU'}, Node ${process.version}); took ${Math.round((Date.now() - started) / 1000)} s. The sections above are from the full run.`,
        '',
      ]
    : []),
  'One survey (an NPS, a five-row matrix, a text question) filled by batched SQL with responses spread over 90 days, 20 locations, three channels.' +
    copiedNote +
    ` Median of ${results.runs} calls of \`GET /v1/surveys/:id/results?interval=day&groupBy=location\` over HTTP (a declared dimension: counted from the roll-ups; ` +
    'no date range, so answers and groups come from the whole-history totals and the daily series from the daily roll-ups), each checked to count every response, ' +
    'against `SELECT count(*)` over the same rows in the same run. "growth" is the time at this size over the time at the smallest.',
  '',
);
const rrows = [];
for (const e of results.engines) {
  const first = e.points[0];
  for (const p of e.points)
    rrows.push([
      e.name,
      num(p.size),
      ms(p.resultsMs),
      ms(p.countMs),
      ratio(p.resultsMs, p.countMs),
      ratio(p.resultsMs, first.resultsMs),
      `${p.counted?.by ?? '—'} / ${p.counted?.groupsBy ?? '—'}`,
      `${Math.round(p.fillSeconds)} s`,
    ]);
}
table(['engine', 'responses', 'results p50', 'count(*) p50', 'results / count(*)', 'growth', 'counted from', 'fill time'], rrows);
const pgl = results.engines.find((e) => e.memory);
const memRows = [];
const empty = results.emptyMemory ?? ingest?.memory;
if (empty) {
  memRows.push(['right after a first start (empty directory)', mb(empty.firstStartBytes)]);
  memRows.push(['after a restart (empty)', mb(empty.restartBytes)]);
}
if (pgl) {
  const top = num(results.sizes[results.sizes.length - 1]);
  memRows.push([`after a restart at ${top} responses`, mb(pgl.memory.afterRestartBytes)]);
  memRows.push([`peak during results at ${top}`, mb(pgl.memory.duringResultsBytes)]);
}
if (memRows.length) {
  lines.push(
    '**Memory** of the collector on PGlite (the database lives in the same process), resident set. Targets: ≤ 200 MB idle, ≤ 300 MB during results at 1M.',
    '',
  );
  table(['when', 'resident'], memRows);
}
const probeRows = results.engines
  .filter((e) => e.probes)
  .flatMap((e) => [
    [`${e.name}: /healthz p99`, ms(e.probes.idle.health), ms(e.probes.during.health), ratio(e.probes.during.health, e.probes.idle.health)],
    [`${e.name}: ingest batch of ${BATCH_SIZE} p99`, ms(e.probes.idle.ingest), ms(e.probes.during.ingest), ratio(e.probes.during.ingest, e.probes.idle.ingest)],
  ]);
if (probeRows.length) {
  lines.push(
    `**Results never stall ingestion**: at ${num(results.sizes[results.sizes.length - 1])} responses, ${results.probes} requests of each kind one after another, idle (baseline) and while results are asked for in a loop and a CSV export streams.`,
    '',
  );
  table(['probe', 'idle', 'during results + export', 'ratio'], probeRows);
}

if (resultsOnly && existsSync(out)) {
  // Only the results section is new: the rest of the report stays as the last full run wrote it.
  const before = readFileSync(out, 'utf8');
  const cut = before.indexOf('## Results at size');
  lines.splice(0, resultsAt, ...(cut >= 0 ? before.slice(0, cut) : `${before.trimEnd()}\n\n`).split('\n').slice(0, -1));
}
const report = lines.join('\n');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, report);
console.log(report);
if (!existsSync(out)) process.exit(1);

// A full run into docs/benchmarks.md also rewrites the README's summary table, so the two never disagree.
if (!quick && !resultsOnly && out === join(ROOT, 'docs/benchmarks.md')) {
  const readmePath = join(ROOT, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const START = '<!-- bench:summary -->';
  const END = '<!-- /bench:summary -->';
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) {
    log(`README.md has no ${START} … ${END} block: its summary was not updated`);
  } else {
    writeFileSync(readmePath, `${readme.slice(0, from + START.length)}\n${summaryTable().join('\n')}\n${readme.slice(to)}`);
    log('README.md summary updated');
  }
}

/** The README's summary: the headline figure of each section, with its baseline and ratio. */
function summaryTable() {
  const { widget: w, baseline: b } = browser.show;
  const q = browser.queue;
  const dc = q.drains.collector;
  const floorOf = (engine) => ingest.rows.find((r) => r.kind === 'floor' && r.engine === engine);
  const bareRow = ingest.rows.find((r) => r.kind === 'bare');
  const top = results.sizes[results.sizes.length - 1];
  const at = (e) => e.points.find((p) => p.size === top) ?? e.points[e.points.length - 1];
  const pgEngine = results.engines.find((e) => e.name.startsWith('PostgreSQL'));
  const pgliteEngine = results.engines.find((e) => e.name === 'PGlite');
  const rows = [
    ['trigger → survey visible', ms(w.ms), `${ms(b.ms)} (a hand-written popover)`, ratio(w.ms, b.ms)],
    ['layout shift caused by the widget', w.shifts.toFixed(4), b.shifts.toFixed(4), '—'],
    ['longest main-thread task, load + show', task(w.longest), task(b.longest), w.longest && b.longest ? ratio(w.longest, b.longest) : '—'],
    [
      'enqueue (`submit()` until durable in IndexedDB), p50 / p99',
      `${ms(q.enqueue.p50)} / ${ms(q.enqueue.p99)}`,
      `${ms(q.rawPut.p50)} / ${ms(q.rawPut.p99)} (plain IndexedDB put)`,
      `${ratio(q.enqueue.p50, q.rawPut.p50)} / ${ratio(q.enqueue.p99, q.rawPut.p99)}`,
    ],
    [
      `drain ${num(q.n)} queued responses to the collector`,
      `${ms(dc.ms)}, ${num(dc.requests)} requests`,
      `${ms(q.drains.bare.ms)} (bare server)`,
      ratio(dc.ms, q.drains.bare.ms),
    ],
  ];
  for (const r of ingest.rows.filter((x) => x.kind === 'collector')) {
    const floor = floorOf(r.engine);
    rows.push([
      `collector ingestion on ${r.engine} (\`${ingest.generator}\`, ${ingest.connections} connections, batches of ${ingest.batch}, roll-ups included)`,
      `${num(r.perSecond)} responses/s, p99 ${ms(r.p99)}`,
      `${num(floor?.perSecond ?? NaN)}/s (floor: parse + one \`INSERT … ON CONFLICT\`); ${num(bareRow.perSecond)}/s (bare \`node:http\`)`,
      `${ratio(r.perSecond, floor?.perSecond)} floor`,
    ]);
  }
  if (pgEngine && pgliteEngine)
    rows.push([
      `results (day, groupBy location, no range) at ${num(top)} on PostgreSQL / PGlite`,
      `${ms(at(pgEngine).resultsMs)} / ${ms(at(pgliteEngine).resultsMs)}`,
      `\`count(*)\` ${ms(at(pgEngine).countMs)} / ${ms(at(pgliteEngine).countMs)}`,
      `growth from ${num(results.sizes[0])}: ${ratio(at(pgEngine).resultsMs, pgEngine.points[0].resultsMs)} / ${ratio(at(pgliteEngine).resultsMs, pgliteEngine.points[0].resultsMs)}`,
    ]);
  const empty = results.emptyMemory ?? ingest.memory;
  if (empty && pgliteEngine?.memory)
    rows.push([
      'collector memory (resident) on PGlite',
      `${mb(empty.firstStartBytes)} after a first start, ${mb(empty.restartBytes)} after a restart (empty); ${mb(pgliteEngine.memory.afterRestartBytes)} after a restart at ${num(top)}, ${mb(pgliteEngine.memory.duringResultsBytes)} peak during results`,
      'targets: 200 MB idle, 300 MB during results',
      `${ratio(Math.max(empty.firstStartBytes, empty.restartBytes), 200 * 1024 * 1024)} / ${ratio(pgliteEngine.memory.duringResultsBytes, 300 * 1024 * 1024)} of target`,
    ]);
  for (const e of results.engines.filter((x) => x.probes))
    rows.push([
      `\`/healthz\` / ingest p99 on ${e.name} at ${num(top)} while results loop and a CSV export streams`,
      `${ms(e.probes.during.health)} / ${ms(e.probes.during.ingest)}`,
      `${ms(e.probes.idle.health)} / ${ms(e.probes.idle.ingest)} idle`,
      `${ratio(e.probes.during.health, e.probes.idle.health)} / ${ratio(e.probes.during.ingest, e.probes.idle.ingest)}`,
    ]);
  return [
    `From the run of ${new Date(started).toISOString().slice(0, 16).replace('T', ' ')} UTC (${cpu.length} × ${cpu[0]?.model?.trim() ?? 'CPU'}, Node ${process.version}, ${chromiumVersion}; written by \`npm run bench\`):`,
    '',
    '| measure | Tellus | baseline in the same run | ratio |',
    '|---|---:|---:|---:|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}
