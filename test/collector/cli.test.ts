// The built `tellus` CLI: sites, surveys push (all-or-nothing), export, erase on PostgreSQL; serve on a PGlite directory.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStorage } from '@tellus/collector';
import { startPostgres, type TestPostgres } from '../../scripts/postgres.mjs';
import { ADMIN, fullSurvey, makeResponse, ORIGIN } from './fixtures.js';
import { ensureBuilt, runCli, startCollector } from './spawn.js';

let dir: string;
let data: string;
let pg: TestPostgres;
// Commands run against PostgreSQL: each PGlite open costs seconds, and the storage code is shared.
let env: Record<string, string>;
const tellus = (...args: string[]) => runCli(args, env, dir);
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
};

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'tellus-cli-'));
  data = join(dir, 'data');
  pg = await startPostgres();
  env = { DATABASE_URL: pg.url, TELLUS_DATA_DIR: '' };
});
afterAll(async () => {
  await pg?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('tellus CLI', () => {
  it('adds a site with origins and lists it; refuses malformed origins with usage exit code 2', async () => {
    const added = await tellus('sites', 'add', 'shop', '--origin', ORIGIN, '--origin', 'http://localhost:5173', '--name', 'Shop');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/site shop: https:\/\/shop\.example, http:\/\/localhost:5173/);
    const bad = await tellus('sites', 'add', 'shop2', '--origin', 'https://shop.example/path');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not an origin/);
    expect((await tellus('sites', 'add', 'shop3')).code).toBe(2);
    const list = await tellus('sites', 'list');
    expect(list.stdout.trim().split('\n')).toEqual([`shop\tShop\t${ORIGIN} http://localhost:5173`]);
  }, 60_000);

  it('validates every survey file before writing, prints file: path: message for each error, and writes nothing', async () => {
    const good = file('good.json', fullSurvey('good'));
    const bad = file('bad.json', { id: 'bad', version: 1, questions: [{ id: 'q', type: 'rating', scale: 42, text: 'x' }], colour: 'red' });
    const broken = file('broken.json', '{ "id": "broken", ');
    const res = await tellus('surveys', 'push', '--site', 'shop', good, bad, broken);
    expect(res.code).toBe(1);
    const lines = res.stderr.trim().split('\n');
    expect(lines).toContain(`${bad}: questions[0].scale: must be at most 10`);
    expect(lines).toContain(`${bad}: colour: unknown field`);
    expect(lines.some((l) => l.startsWith(`${broken}: (root): invalid JSON`))).toBe(true);
    expect(res.stderr).toMatch(/nothing was written/);
    expect((await tellus('surveys', 'list')).stdout.trim()).toBe('');
  }, 60_000);

  it('pushes valid files (one survey or an array each), reports unchanged ones, and refuses unknown sites', async () => {
    const one = file('post-chat.json', fullSurvey('post-chat'));
    const many = file('many.json', [fullSurvey('a-one'), fullSurvey('a-two')]);
    const res = await tellus('surveys', 'push', '--site', 'shop', one, many);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/post-chat v1 stored/);
    expect(res.stdout).toMatch(/a-two v1 stored/);
    const again = await tellus('surveys', 'push', '--site', 'shop', one);
    expect(again.stdout).toMatch(/post-chat v1 unchanged/);
    const noSite = await tellus('surveys', 'push', '--site', 'ghost', one);
    expect(noSite.code).toBe(1);
    expect(noSite.stderr).toMatch(/unknown site "ghost"/);
    const list = await tellus('surveys', 'list', '--site', 'shop');
    expect(
      list.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    ).toEqual(['a-one', 'a-two', 'post-chat']);
  }, 60_000);

  it('exports responses as NDJSON and CSV, and erases one respondent', async () => {
    const storage = await openPostgresStorage(pg.url);
    await storage.ingest('shop', [
      makeResponse('post-chat', { anonId: 'anon_x', answers: { csat: 5, why: 'Great, "really"\nthanks' } }),
      makeResponse('post-chat', { anonId: 'anon_x', answers: { csat: 1 } }),
      makeResponse('post-chat', { anonId: 'anon_y', answers: { csat: 3 } }),
    ]);
    await storage.close();

    const nd = await tellus('export', '--survey', 'post-chat', '--format', 'ndjson');
    expect(nd.code, nd.stderr).toBe(0);
    const rows = nd.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { anonId: string });
    expect(rows.map((r) => r.anonId).sort()).toEqual(['anon_x', 'anon_x', 'anon_y']);
    const csv = await tellus('export', '--survey', 'post-chat');
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toContain('"Great, ""really""\nthanks"');
    expect((await tellus('export', '--survey', 'nope')).code).toBe(1);
    expect((await tellus('export', '--survey', 'post-chat', '--format', 'xml')).code).toBe(2);

    const erased = await tellus('erase', 'anon_x');
    expect(erased.stdout).toMatch(/erased 2 response\(s\) of anon_x/);
    const after = await tellus('export', '--survey', 'post-chat', '--format', 'ndjson');
    expect(after.stdout.trim().split('\n')).toHaveLength(1);
  }, 90_000);

  it('verifies the roll-ups against the responses: exit 0 when they agree, 1 with each difference when not', async () => {
    const ok = await tellus('rollups', 'verify');
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/verified \d+ survey\(s\) over \d+ day\(s\): 0 difference\(s\), 0 empty row\(s\)/);
    const storage = await openPostgresStorage(pg.url);
    await storage.db.query(`UPDATE rollups SET n = n + 2 WHERE survey_id = 'post-chat' AND dimension = '' AND question = ''`);
    await storage.close();
    const bad = await tellus('rollups', 'verify', '--survey', 'post-chat');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/post-chat\t\d{4}-\d{2}-\d{2}\t\(all\)=\(all\)\t\(responses\)\tnull\tv1\t\w+\texpected \d+, stored \d+/);
    expect(bad.stderr).toMatch(/roll-ups differ/);
    expect((await tellus('rollups', 'check')).code).toBe(2);
  }, 90_000);

  it('finishes a recount a dimension change left waiting before it verifies', async () => {
    const storage = await openPostgresStorage(pg.url);
    try {
      await storage.upsertSite({ key: 'dims-left', origins: [ORIGIN] });
      await storage.putSurvey('dims-left', fullSurvey('dims-left-survey'));
      await storage.ingest(
        'dims-left',
        Array.from({ length: 12 }, (_, i) => makeResponse('dims-left-survey', { meta: { branch: i % 2 ? 'north' : 'south' } })),
      );
      // What a collector stopped right after the change leaves: the new dimension declared, its days still marked.
      await storage.db.query(`UPDATE sites SET dimensions = ARRAY['branch'] WHERE key = 'dims-left'`);
      await storage.db.query(
        `INSERT INTO rollup_rebuilds (survey_id, day, dimensions)
         SELECT DISTINCT survey_id, day, ARRAY['branch'] FROM rollup_counts WHERE survey_id = 'dims-left-survey' AND dimension = ''`,
      );
    } finally {
      await storage.close();
    }
    const verified = await tellus('rollups', 'verify', '--survey', 'dims-left-survey');
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/recounted [1-9]\d* day\(s\) left waiting by a dimension change first/);
    expect(verified.stdout).toMatch(/0 difference\(s\), 0 empty row\(s\)/);
  }, 90_000);

  it('serves on a PGlite data directory (no DATABASE_URL), keeps data across restarts and stops cleanly on SIGINT', async () => {
    const local = { DATABASE_URL: '', TELLUS_DATA_DIR: '', TELLUS_ADMIN_TOKEN: ADMIN };
    const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
    let c = await startCollector(local, ['--data', data]);
    try {
      expect((await fetch(`${c.url}/healthz`)).status).toBe(200);
      const site = await fetch(`${c.url}/v1/admin/sites`, { method: 'POST', headers: admin, body: JSON.stringify({ key: 'shop', origins: [ORIGIN] }) });
      expect(site.status).toBe(201);
      const put = await fetch(`${c.url}/v1/admin/surveys/post-chat`, {
        method: 'PUT',
        headers: admin,
        body: JSON.stringify({ siteKey: 'shop', survey: fullSurvey() }),
      });
      expect(put.status).toBe(201);
    } finally {
      expect(await c.stop('SIGINT')).toBe(0);
    }
    c = await startCollector({ ...local, TELLUS_DATA_DIR: data });
    try {
      const list = await fetch(`${c.url}/v1/sites/shop/surveys`);
      expect(((await list.json()) as { surveys: { id: string }[] }).surveys.map((x) => x.id)).toEqual(['post-chat']);
    } finally {
      expect(await c.stop()).toBe(0);
    }
  }, 90_000);

  it('refuses an admin token shorter than 24 characters at start', async () => {
    const res = await runCli(['serve', '--port', '0', '--data', join(dir, 'short-token')], { DATABASE_URL: '', TELLUS_ADMIN_TOKEN: 'short-token' }, dir);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('TELLUS_ADMIN_TOKEN must be at least 24 characters');
  });

  it('sends writes through the serving collector, refuses a second serve, and names the owner when it cannot', async () => {
    const owned = join(dir, 'owned');
    const local = { DATABASE_URL: '', TELLUS_DATA_DIR: '' };
    const c = await startCollector({ ...local, TELLUS_ADMIN_TOKEN: ADMIN }, ['--data', owned]);
    const pid = String(c.child.pid);
    try {
      // With the collector's token: through its admin API, so the serving process sees the change at once.
      const viaApi = { ...local, TELLUS_ADMIN_TOKEN: ADMIN };
      expect((await runCli(['sites', 'add', 'shop', '--origin', ORIGIN, '--data', owned], viaApi, dir)).code).toBe(0);
      const survey = file('owned-survey.json', fullSurvey());
      const push = await runCli(['surveys', 'push', '--site', 'shop', survey, '--data', owned], viaApi, dir);
      expect([push.code, push.stdout.trim()]).toEqual([0, `${survey}: post-chat v1 stored`]);
      const served = await fetch(`${c.url}/v1/sites/shop/surveys`);
      expect(((await served.json()) as { surveys: { id: string }[] }).surveys.map((x) => x.id)).toEqual(['post-chat']);
      const ingest = await fetch(`${c.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ siteKey: 'shop', responses: [makeResponse('post-chat', { anonId: 'anon_gone' })] }),
      });
      expect(((await ingest.json()) as { accepted: string[] }).accepted).toHaveLength(1);
      const erase = await runCli(['erase', 'anon_gone', '--data', owned], viaApi, dir);
      expect(erase.stdout.trim()).toBe('erased 1 response(s) of anon_gone');
      expect((await runCli(['sites', 'list', '--data', owned], viaApi, dir)).stdout).toContain('shop	');

      // Without the token: refused, naming the process and where it serves; nothing written behind its back.
      const refused = await runCli(['sites', 'add', 'other', '--origin', ORIGIN, '--data', owned], local, dir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`process ${pid}`);
      expect(refused.stderr).toContain(c.url);
      const second = await runCli(['serve', '--port', '0', '--data', owned], { ...local, TELLUS_ADMIN_TOKEN: ADMIN }, dir);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`Tellus is already running on ${owned}: process ${pid} at ${c.url}`);
      const sites = await fetch(`${c.url}/v1/admin/sites`, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(((await sites.json()) as { sites: { key: string }[] }).sites.map((x) => x.key)).toEqual(['shop']);
    } finally {
      await c.stop('SIGKILL');
    }
    // A killed owner leaves a stale lock: the next command detects the dead PID and opens the directory itself.
    const after = await runCli(['surveys', 'list', '--data', owned], local, dir);
    expect([after.code, after.stdout.split('\t')[0]]).toEqual([0, 'post-chat']);
  }, 240_000);

  it('prints usage for unknown commands with exit code 2', async () => {
    const res = await runCli(['frobnicate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/Usage:/);
  });
});
