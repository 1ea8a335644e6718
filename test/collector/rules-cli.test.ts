// `tellus rules …` and `tellus deliveries …` as a user runs them: checked files, paths in errors, nothing written on error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fullSurvey, ORIGIN } from './fixtures.js';
import { ensureBuilt, runCli } from './spawn.js';

let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'tellus-rules-cli-'));
  env = { TELLUS_DATA_DIR: join(dir, 'data') };
  writeFileSync(join(dir, 'survey.json'), JSON.stringify(fullSurvey()));
  expect((await runCli(['sites', 'add', 'shop', '--origin', ORIGIN], env)).code).toBe(0);
  expect((await runCli(['surveys', 'push', '--site', 'shop', join(dir, 'survey.json')], env)).code).toBe(0);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('tellus rules', () => {
  it('stores a valid rules file and lists it', async () => {
    const file = join(dir, 'rules.json');
    writeFileSync(
      file,
      JSON.stringify([{ id: 'detractors', when: [{ question: 'nps', lte: 6 }], destinations: [{ type: 'email', to: ['care@lumo.example'] }] }]),
    );
    expect(await runCli(['rules', 'check', file], env)).toMatchObject({ code: 0, stdout: `${file}: 1 rule(s) valid\n` });
    expect(await runCli(['rules', 'set', '--survey', 'post-chat', file], env)).toMatchObject({ code: 0, stdout: 'post-chat: 1 rule(s) stored\n' });
    const listed = await runCli(['rules', 'list', '--survey', 'post-chat'], env);
    expect(listed.stdout).toBe('detractors\tenabled\temail\t[{"question":"nps","lte":6}]\n');
  });

  it('prints each problem as file: path: message and writes nothing', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify([{ id: 'x', when: [{ attribute: 'location' }], destinations: [{ type: 'teams', url: 'not a url' }] }]));
    const r = await runCli(['rules', 'set', '--survey', 'post-chat', file], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: [0].when[0]: needs one of eq, in, notIn, gte, lte, exists, contains`);
    expect(r.stderr).toContain(`${file}: [0].destinations[0].url: must be an http(s) URL`);
    expect(r.stderr).toContain('nothing was written');
    expect((await runCli(['rules', 'list', '--survey', 'post-chat'], env)).stdout).toContain('detractors');
    expect((await runCli(['rules', 'set', '--survey', 'nope', join(dir, 'rules.json')], env)).stderr).toContain('unknown survey "nope"');
    expect((await runCli(['rules', 'frobnicate'], env)).code).toBe(2);
  });
});

describe('tellus deliveries', () => {
  it('lists deliveries and says when there is nothing to retry', async () => {
    expect(await runCli(['deliveries', 'list', '--status', 'failed'], env)).toMatchObject({ code: 0, stdout: '' });
    const r = await runCli(['deliveries', 'retry', 'no-such-id'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no failed delivery "no-such-id"');
    expect((await runCli(['deliveries', 'list', '--status', 'lost'], env)).code).toBe(2);
  });
});
