// `npm start` end to end: builds if needed, prints the URLs, serves the demo and the collector, and stops on Ctrl-C.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exited, freePort, waitForOutput } from './helpers/processes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tellus-start-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(`${dataDir}.log`, { force: true });
  });

  it('serves the demo and the collector, prints the URLs, and exits cleanly on SIGINT', async () => {
    const [port, demoPort] = [await freePort(), await freePort()];
    child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
      cwd: root,
      env: { ...process.env, PORT: String(port), DEMO_PORT: String(demoPort), TELLUS_DATA_DIR: dataDir, TELLUS_ADMIN_TOKEN: 'start-test-token-of-24-characters' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { found, output } = waitForOutput(child, /Press Ctrl-C to stop\./, 90_000);
    await found;

    const text = output();
    expect(text).toContain(`Demo site    http://localhost:${demoPort}/`);
    expect(text).toContain(`Dashboard    http://localhost:${port}/dashboard?token=start-test-token`);
    expect(text).toMatch(new RegExp(`Link survey  http://localhost:${port}/s/[\\w-]+`));

    const page = await fetch(`http://127.0.0.1:${demoPort}/shop/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('src="/widget/tellus.js"');
    expect(html).not.toMatch(/<script>(?!<\/script>)/); // no inline scripts: the demo runs under a strict CSP
    expect((await fetch(`http://127.0.0.1:${demoPort}/widget/tellus.js`)).status).toBe(200);

    const link = /Link survey  http:\/\/localhost:\d+(\/s\/[^\s]+)/.exec(text)?.[1];
    expect((await fetch(`http://127.0.0.1:${port}${link}`)).status).toBe(200);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    // The demo surveys were pushed to the demo site key and are served to browsers through the demo's proxy.
    const surveys = (await (await fetch(`http://127.0.0.1:${demoPort}/v1/sites/demo/surveys`)).json()) as { surveys: { id: string }[] };
    expect(surveys.surveys.map((s) => s.id).sort()).toEqual(['account-nps', 'post-chat', 'post-purchase', 'salon-visit']);

    // A second `npm start` on the same data directory says where the first one runs, and leaves it alone.
    const again = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
      cwd: root,
      env: { ...process.env, PORT: String(await freePort()), DEMO_PORT: String(await freePort()), TELLUS_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const second = waitForOutput(again, /already running/, 60_000);
    await second.found;
    expect(await exited(again, 30_000)).toEqual({ code: 1, signal: null });
    expect(second.output()).toMatch(new RegExp(`Tellus is already running on .*: process \\d+ at http://localhost:${port}`));
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    child.kill('SIGINT');
    const result = await exited(child, 10_000);
    expect(result).toEqual({ code: 0, signal: null });
    // Nothing is left listening.
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${demoPort}/`)).rejects.toThrow();
  }, 120_000);
});
