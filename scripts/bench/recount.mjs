// `node scripts/bench/recount.mjs`: what a dimension change costs a running PGlite collector. RECOUNT_N responses
// (default 100,000) over RECOUNT_DAYS days are ingested; the site's roll-ups are then recounted once the old way (one
// transaction, rebuildRollups) and once as a dimension change does it (a day per transaction, in the background),
// while a getSite by primary key (what /healthz reads) runs every 2 ms: the table gives each one's length and the
// longest such read waited, in the same process. Needs the build (node scripts/build.mjs).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { BATCH, ROOT, SURVEY } from './util.mjs';

const { openPGliteStorage, rebuildRollups, verifyRollups } = await import(join(ROOT, 'packages/collector/dist/index.js'));

const N = Number(process.env.RECOUNT_N ?? 100_000);
const DAYS = Number(process.env.RECOUNT_DAYS ?? 50);
const START = Date.UTC(2026, 0, 1);

let seed = 1;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = (xs) => xs[Math.floor(random() * xs.length)];

const storage = await openPGliteStorage();
try {
  await storage.migrate();
  await storage.upsertSite({ key: 'bench', origins: [] });
  await storage.putSurvey('bench', SURVEY);
  for (let i = 0; i < N; i += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, N - i) }, () => {
      const at = new Date(START + Math.floor(random() * DAYS) * 86_400_000 + Math.floor(random() * 86_400_000)).toISOString();
      return {
        id: randomUUID(),
        surveyId: SURVEY.id,
        surveyVersion: 1,
        seq: 1,
        completed: true,
        answers: { csat: pick([1, 2, 3, 4, 5]), nps: pick([0, 6, 8, 9, 10]), ...(random() < 0.3 && { why: pick(['slow', 'fine', 'great']) }) },
        meta: { location: pick(['riga', 'tallinn', 'vilnius']), agent: pick(['anna', 'bob', 'carl']), branch: `b${Math.floor(random() * 150)}` },
        createdAt: at,
        updatedAt: at,
      };
    });
    await storage.ingest('bench', batch);
  }

  /** How long `work` takes, and the longest a getSite waited meanwhile. */
  const watch = async (work) => {
    let running = true;
    let longest = 0;
    const probe = (async () => {
      while (running) {
        const t = performance.now();
        await storage.getSite('bench');
        longest = Math.max(longest, performance.now() - t);
        await new Promise((ok) => setTimeout(ok, 2));
      }
    })();
    const t = performance.now();
    await work();
    const took = performance.now() - t;
    running = false;
    await probe;
    return { took, longest };
  };

  const old = await watch(() => storage.db.transaction((tx) => rebuildRollups(tx, [SURVEY.id])));
  const sliced = await watch(async () => {
    await storage.upsertSite({ key: 'bench', origins: [], dimensions: ['branch', 'location'] });
    await storage.rollupsRecounted();
  });
  const report = await verifyRollups(storage.db, { surveyId: SURVEY.id });
  const ms = (x) => `${x.toFixed(0)} ms`;
  console.log(`PGlite, ${N.toLocaleString('en')} responses over ${DAYS} days (${Math.round(N / DAYS)} a day), one added dimension`);
  console.log('| recount | took | longest getSite wait |');
  console.log('|---|---|---|');
  console.log(`| one transaction (old) | ${ms(old.took)} | ${ms(old.longest)} |`);
  console.log(`| a day per transaction | ${ms(sliced.took)} | ${ms(sliced.longest)} |`);
  console.log(`longest wait ratio: ${(sliced.longest / old.longest).toFixed(3)}; verify: ${report.differences.length} difference(s)`);
} finally {
  await storage.close();
}
