// The packages as other people's apps get them: npm pack, installed without workspace links, used from React, Node and a script tag.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureAppBundles } from '../../scripts/size.mjs';
import { ensureBuilt } from '../helpers/build.js';
import { launchChromium, serveStatic, type StaticServer } from '../helpers/browser.js';
import { prepareScratchApp, type ScratchApp } from './scratch-app.js';

const ADMIN = 'consumer-admin-token-of-24-chars';

interface Started {
  url: string;
  status: number;
  ack: { accepted: string[]; duplicates: string[]; rejected: unknown[] };
}

let app: ScratchApp;
let site: StaticServer;
let collector: ChildProcessWithoutNullStreams;
let started: Started;
let browser: Browser;
let dataDir: string;

/** Runs a tool installed in the scratch app (its own copy, not the repository's). */
const run = (bin: string, args: string[]) => {
  try {
    return execFileSync(process.execPath, [join(app.dir, 'node_modules', bin), ...args], { cwd: app.dir, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${bin} ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
};

/** Exported responses of one survey (the admin NDJSON export), polled until `until` holds or 20 s pass. */
async function responsesOf(surveyId: string, until: (rows: { answers: Record<string, unknown> }[]) => boolean) {
  let rows: { answers: Record<string, unknown> }[] = [];
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${started.url}/v1/surveys/${surveyId}/responses.ndjson`, { headers: { authorization: `Bearer ${ADMIN}` } });
    const text = res.ok ? await res.text() : '';
    rows = text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    if (until(rows)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return rows;
}

const radios = (page: Page, within: string) => page.locator(`${within} tellus-widget`).getByRole('radio');

/** A new page whose uncaught errors are collected, so a test can assert the packages threw nothing into it. */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

beforeAll(async () => {
  ensureBuilt();
  app = prepareScratchApp();
  dataDir = mkdtempSync(join(tmpdir(), 'tellus-consumer-data-'));
  // The page server comes first: its origin is what the collector's site allows.
  site = await serveStatic(
    {
      '/script-tag.html': (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<!doctype html><html lang="en"><head><title>script tag</title></head><body><h1>Shop</h1>
<script async src="/node_modules/@tellus/widget/dist/tellus.js" data-site-key="consumer" data-endpoint="${started.url}"></script></body></html>`);
      },
    },
    { root: app.dir },
  );
  collector = spawn(process.execPath, ['collector.mjs', dataDir, site.url], { cwd: app.dir });
  let stderr = '';
  collector.stderr.on('data', (d) => (stderr += d));
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: collector.stdout }).once('line', resolve);
    collector.once('exit', (code) => reject(new Error(`collector.mjs exited (${code}):\n${stderr}`)));
  });
  started = JSON.parse(firstLine);
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (collector && collector.exitCode === null) {
    const exited = new Promise((r) => collector.once('exit', r));
    collector.stdin.end(); // the script closes its server and storage when stdin ends
    await exited;
  }
  await site?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe('packed packages in a consumer app', () => {
  it('installs every package as a tarball with its dist, declarations and no sources', () => {
    for (const pack of app.packs) {
      expect(pack.files, pack.name).toContain('dist/index.js');
      expect(pack.files, pack.name).toContain('dist/index.d.ts');
      expect(
        pack.files.filter((f) => f.startsWith('src/')),
        pack.name,
      ).toEqual([]);
      expect(existsSync(join(app.dir, 'node_modules', pack.name, 'dist/index.d.ts')), pack.name).toBe(true);
    }
  });

  it('type-checks a strict, bundler-resolution React + TypeScript app against the published declarations, and builds it with Vite', () => {
    run('typescript/bin/tsc', ['-p', 'tsconfig.json']);
    run('vite/bin/vite.js', ['build']);
    expect(existsSync(join(app.dir, 'dist/index.html'))).toBe(true);
  }, 180_000);

  it('embeds the packed collector in a plain Node ESM script that ingests a response', () => {
    expect(started.status).toBe(200);
    expect(started.ack.accepted).toHaveLength(1);
    expect(started.ack.rejected).toEqual([]);
  });

  it('shows an inline survey through @tellus/react in the built app and delivers the answer', async () => {
    const { page, errors } = await openPage();
    try {
      await page.goto(`${site.url}/dist/index.html?endpoint=${encodeURIComponent(started.url)}`);
      await page.locator('#status', { hasText: 'ready' }).waitFor({ timeout: 15_000 });
      await radios(page, '.feedback').nth(3).click(); // four stars: a one-question survey submits on the click
      const rows = await responsesOf('inline-csat', (r) => r.length >= 1);
      expect(rows.map((r) => r.answers)).toEqual([{ csat: 4 }]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('shows a survey from a page that has only the packed script-tag bundle, and delivers the answer', async () => {
    const { page, errors } = await openPage();
    try {
      const surveys = page.waitForResponse((r) => r.url().includes('/v1/sites/consumer/surveys'));
      await page.goto(`${site.url}/script-tag.html`);
      await surveys;
      await page.evaluate(() => (window as unknown as { tellus: (...a: unknown[]) => void }).tellus('track', 'checkout'));
      await radios(page, 'body').nth(2).click();
      const rows = await responsesOf('tag-csat', (r) => r.length >= 2); // the Node script's answer, then this one
      expect(rows.map((r) => r.answers.csat).sort()).toEqual([3, 5]);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('costs an app at most 12 KB gzip for import { createTellus } from the packed packages, with esbuild and with rollup', async () => {
    const { rows } = await measureAppBundles();
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.gzip, row.name).toBeLessThanOrEqual(row.budget!);
    // A bundle that lost zod's survey check entirely would be small for the wrong reason.
    for (const row of rows) expect(row.gzip, row.name).toBeGreaterThan(6 * 1024);
  }, 120_000);
});
