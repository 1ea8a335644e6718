// `npm run bench -- --quick` still works end to end: it finishes in time and writes a report with every section.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exited } from './helpers/processes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run bench -- --quick', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tellus-bench-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes and prints a report with sizes, widget, queue and collector figures, each with its baseline', async () => {
    const out = join(dir, 'benchmarks.md');
    const child = spawn(process.execPath, [join(root, 'scripts/bench.mjs'), '--quick', '--out', out], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const result = await exited(child, 400_000);
    if (result === null) child.kill('SIGKILL');
    expect(result, stderr).toEqual({ code: 0, signal: null });

    const report = readFileSync(out, 'utf8');
    expect(stdout.trim()).toBe(report.trim());
    for (const heading of ['# Benchmarks', '## Bundle sizes', '## Widget in Chromium', '## Queue in Chromium IndexedDB', '## Collector ingestion'])
      expect(report).toContain(heading);
    expect(report).toMatch(/\| first load \(tellus\.js\) \| [\d.]+ KB \| [\d.]+ KB \| [\d.]+ KB \| 8\.00 KB \|/);
    expect(report).toMatch(/\| trigger → survey visible \| [\d.]+ ms \| [\d.]+ ms \| [\d.]+× \|/);
    expect(report).toMatch(/\| layout shift caused \(CLS sum; must be 0\) \| [\d.]+ /);
    expect(report).toMatch(/\| enqueue latency p50 \| [\d.]+ ms \| [\d.]+ ms \| [\d.]+× \|/);
    expect(report).toMatch(/\| drain 300 queued responses: time \| [\d.,]+ ms \| [\d.,]+ ms \| [\d.]+× \|/);
    expect(report).toMatch(/\| bare node:http \(parse JSON, 200\) \| [\d,]+ \| [\d,]+ \|/);
    expect(report).toMatch(/\| floor on PostgreSQL 15 \(parse JSON, one INSERT … ON CONFLICT\) \| [\d,]+ \|/);
    expect(report).toMatch(/\| collector on PGlite \| [\d,]+ \| [\d,]+ \| [\d.]+ ms \| [\d.]+ ms \| [\d.]+× \| [\d.]+× \|/);
    expect(report).toMatch(/\| collector on PostgreSQL 15 \| [\d,]+ \|/);
    expect(report).toContain('## Results at size');
    expect(report).toMatch(/\| PGlite \| 2,000 \| [\d.]+ ms \| [\d.]+ ms \| [\d.]+× \| 1\.00× \| rollups \/ rollups \|/);
    expect(report).toMatch(/\| after a restart \(empty\) \| \d+ MB \|/);
    expect(report).toMatch(/\| PGlite: \/healthz p99 \| [\d.]+ ms \| [\d.]+ ms \|/);
  }, 420_000);
});
