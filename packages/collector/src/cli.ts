#!/usr/bin/env node
// The `tellus` command: serve the collector, manage sites and surveys, export and erase, on the configured storage.
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseSurvey, parseSurveys, SITE_KEY, SurveyConfigError, type Issue, type Survey } from '@tellus/schema';
import { withStore, StoreRefusal } from './cli/store.js';
import { UnknownSurveyError, type ExportFormat } from './export/index.js';
import { adminTokenProblem } from './http/admin.js';
import { DEFAULT_LIMITS } from './http/context.js';
import { isOrigin } from './http/cors.js';
import { createLogger } from './log.js';
import { EARLIEST_BOUND, LATEST_BOUND } from './results/query.js';
import { serve } from './server.js';
import { DataDirBusyError, lockDataDir } from './storage/data-dir-lock.js';
import { openStorage, storageOptionsFromEnv } from './storage/open.js';
import { checkRules, unaskedQuestions, type Rule } from './alerts/rules.js';
import { createMailer } from './deliveries/smtp.js';

const USAGE = `Usage:
  tellus serve [--port 8787] [--host 0.0.0.0] [--data ./.tellus-data]
  tellus sites add KEY --origin URL [--origin URL...] [--name NAME] [--dimension ATTR...]
  tellus sites list
  tellus surveys push --site KEY FILE...
  tellus surveys list [--site KEY]
  tellus export --survey ID [--format csv|ndjson] [--from DATE] [--to DATE] [--completed]
  tellus erase ANON_ID
  tellus rules list --survey ID
  tellus rules set --survey ID FILE        (a JSON list of rules; checked first, nothing written on error)
  tellus rules check FILE
  tellus deliveries list [--status pending|delivered|failed] [--survey ID]
  tellus deliveries retry ID
  tellus rollups verify [--survey ID]   recounts the roll-ups from the responses; exit 1 on any difference (finishes a
                                        recount a dimension change left midway first)

Storage: DATABASE_URL (postgres://…), or else PGlite under --data DIR (every command) / TELLUS_DATA_DIR
         (default ./.tellus-data). A PGlite directory has one owner: while \`serve\` runs on it, other
         commands go through its admin API (give them TELLUS_ADMIN_TOKEN) or refuse; a second serve refuses.
Server: PORT, TELLUS_ADMIN_TOKEN (24+ characters), TELLUS_MAX_BODY (bytes), TELLUS_RATE_BURST,
        TELLUS_RATE_PER_SECOND (items per site and client), TELLUS_TRUST_PROXY=1 (client address from
        X-Forwarded-For, scheme from X-Forwarded-Proto, behind your own proxy), TELLUS_PROXY_HOPS (default 1).
Deliveries: TELLUS_PUBLIC_URL (links in alerts), TELLUS_SMTP_URL (smtp://user:pass@host:587), TELLUS_SMTP_FROM,
        TELLUS_DELIVERY_POLL_MS, TELLUS_DELIVERY_RETRY_MS (first retry delay), TELLUS_DELIVERY_LEASE_MS.`;

/** A mistake in how the command was called: printed without a stack, exit code 2. */
class UsageError extends Error {}
/** A problem already explained on stderr: exit code 1. */
class Failure extends Error {}

const out = (line: string) => process.stdout.write(line + '\n');
const err = (line: string) => process.stderr.write(line + '\n');

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${name} must be a positive number, not "${raw}"`);
  return n;
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']> = {}) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

async function cmdServe(args: string[]) {
  const { values } = parse(args, { port: { type: 'string' }, host: { type: 'string' }, data: { type: 'string' } });
  const port = Number(values.port ?? process.env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`invalid port "${String(values.port ?? process.env.PORT)}"`);
  const logger = createLogger();
  const adminToken = process.env.TELLUS_ADMIN_TOKEN || undefined;
  const tokenProblem = adminTokenProblem(adminToken);
  if (tokenProblem) throw new Failure(tokenProblem);
  const env = storageOptionsFromEnv();
  const dataDir = (values.data as string | undefined) ?? env.dataDir ?? './.tellus-data';
  const pglite = !env.databaseUrl && dataDir !== ':memory:';
  let storage: Awaited<ReturnType<typeof openStorage>>;
  try {
    storage = await openStorage({ ...env, dataDir });
  } catch (e) {
    if (!(e instanceof DataDirBusyError)) throw e;
    throw new Failure(
      `Tellus is already running on ${dataDir}: process ${e.holder.pid}${e.holder.url ? ` at ${e.holder.url}` : ''}. Stop it first, or give this one another --data directory.`,
    );
  }
  if (!adminToken) logger.warn('TELLUS_ADMIN_TOKEN is not set: the admin API and dashboard are disabled');
  const running = await serve({
    storage,
    adminToken,
    logger,
    port,
    hostname: (values.host as string | undefined) ?? '0.0.0.0',
    limits: {
      maxBody: envNumber('TELLUS_MAX_BODY', DEFAULT_LIMITS.maxBody),
      rate: {
        burst: envNumber('TELLUS_RATE_BURST', DEFAULT_LIMITS.rate.burst),
        perSecond: envNumber('TELLUS_RATE_PER_SECOND', DEFAULT_LIMITS.rate.perSecond),
      },
      trustProxy: process.env.TELLUS_TRUST_PROXY === '1',
      proxyHops: envNumber('TELLUS_PROXY_HOPS', DEFAULT_LIMITS.proxyHops),
    },
    dashboardUrl: publicUrl(),
    delivery: {
      mailer: process.env.TELLUS_SMTP_URL ? createMailer({ url: process.env.TELLUS_SMTP_URL, from: process.env.TELLUS_SMTP_FROM || undefined }) : undefined,
      pollMs: envNumber('TELLUS_DELIVERY_POLL_MS', 2000),
      leaseMs: envNumber('TELLUS_DELIVERY_LEASE_MS', 60_000),
      backoff: { baseDelayMs: envNumber('TELLUS_DELIVERY_RETRY_MS', 10_000) },
    },
  });
  // Beside the PID in the lock, so CLI commands on this directory find the admin API.
  if (pglite) lockDataDir(dataDir).recordUrl(running.url);
}

function publicUrl(): string | undefined {
  const raw = process.env.TELLUS_PUBLIC_URL;
  if (!raw) return undefined;
  try {
    if (['http:', 'https:'].includes(new URL(raw).protocol)) return raw;
  } catch {
    /* reported below */
  }
  throw new UsageError(`TELLUS_PUBLIC_URL must be an http(s) URL, not "${raw}"`);
}

/** Reads and checks a rules file; prints `file: path: message` for each problem. */
function loadRulesFile(file: string): Rule[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    err(
      `${file}: (root): ${(e as NodeJS.ErrnoException).code ? `cannot read (${(e as NodeJS.ErrnoException).code})` : `invalid JSON: ${(e as Error).message}`}`,
    );
    throw new Failure('nothing was written');
  }
  const checked = checkRules(json && typeof json === 'object' && !Array.isArray(json) && 'rules' in json ? (json as { rules: unknown }).rules : json);
  if (!checked.ok) {
    checked.issues.forEach((i) => err(`${file}: ${i.path || '(root)'}: ${i.message}`));
    throw new Failure(`${checked.issues.length} problem(s); nothing was written`);
  }
  return checked.rules;
}

async function cmdRules(args: string[]) {
  const { values, positionals } = parse(args, { survey: { type: 'string' }, data: { type: 'string' } });
  const [sub, file, ...rest] = positionals;
  const surveyId = values.survey as string | undefined;
  const data = values.data as string | undefined;
  if (sub === 'check' && file && !rest.length) {
    out(`${file}: ${loadRulesFile(file).length} rule(s) valid`);
    return;
  }
  if (sub === 'list' && surveyId && !file) {
    await withStore(data, async (s) => {
      for (const r of await s.getRules(surveyId))
        out(`${r.id}\t${r.enabled === false ? 'disabled' : 'enabled'}\t${r.destinations.map((d) => d.type).join(',')}\t${JSON.stringify(r.when)}`);
    });
    return;
  }
  if (sub !== 'set' || !surveyId || !file || rest.length)
    throw new UsageError('expected: tellus rules set --survey ID FILE (or rules list --survey ID, rules check FILE)');
  const rules = loadRulesFile(file);
  await withStore(data, async (s) => {
    const survey = await s.getSurvey(surveyId);
    if (!survey) {
      err(`unknown survey "${surveyId}"`);
      throw new Failure('nothing was written');
    }
    const unasked = unaskedQuestions(rules, survey.definition);
    if (unasked.length) {
      unasked.forEach((i) => err(`${file}: ${i.path}: ${i.message}`));
      throw new Failure('nothing was written');
    }
    await s.setRules(surveyId, rules);
  });
  out(`${surveyId}: ${rules.length} rule(s) stored`);
}

async function cmdDeliveries(args: string[]) {
  const { values, positionals } = parse(args, { status: { type: 'string' }, survey: { type: 'string' }, data: { type: 'string' } });
  const [sub, id, ...rest] = positionals;
  const data = values.data as string | undefined;
  if (sub === 'retry' && id && !rest.length) {
    const ok = await withStore(data, (s) => s.retryDelivery(id));
    if (!ok) {
      err(`no failed delivery "${id}"`);
      throw new Failure('nothing retried');
    }
    out(`${id}: queued again`);
    return;
  }
  if (sub !== 'list' || id) throw new UsageError('expected: tellus deliveries list [--status STATUS] [--survey ID] (or deliveries retry ID)');
  const status = values.status as string | undefined;
  if (status !== undefined && !['pending', 'delivered', 'failed'].includes(status)) throw new UsageError('--status must be pending, delivered or failed');
  await withStore(data, async (s) => {
    const list = await s.listDeliveries({ status: status as 'pending' | undefined, surveyId: values.survey as string | undefined, limit: 1000 });
    for (const d of list) out(`${d.id}\t${d.kind}\t${d.status}\t${d.attempts}\t${d.createdAt}\t${d.lastError ?? ''}`);
  });
}

async function cmdSites(args: string[]) {
  const { values, positionals } = parse(args, {
    origin: { type: 'string', multiple: true },
    name: { type: 'string' },
    dimension: { type: 'string', multiple: true },
    data: { type: 'string' },
  });
  const [sub, key, ...rest] = positionals;
  const data = values.data as string | undefined;
  if (sub === 'list') {
    await withStore(data, async (s) => {
      for (const site of await s.listSites()) out(`${site.key}\t${site.name ?? ''}\t${site.origins.join(' ')}`);
    });
    return;
  }
  if (sub !== 'add' || !key || rest.length) throw new UsageError('expected: tellus sites add KEY --origin URL [--name NAME]');
  if (!SITE_KEY.test(key)) throw new UsageError(`site key "${key}" must be 1-64 letters, digits, _ or -`);
  const origins = (values.origin as string[] | undefined) ?? [];
  if (origins.length === 0) throw new UsageError('give at least one --origin (e.g. https://shop.example.com, or "*")');
  const bad = origins.filter((o) => !isOrigin(o));
  if (bad.length) throw new UsageError(`not an origin (scheme://host[:port], nothing after): ${bad.join(', ')}`);
  const name = values.name as string | undefined;
  const dimensions = values.dimension as string[] | undefined;
  await withStore(data, (s) => s.upsertSite({ key, origins, ...(name !== undefined && { name }), ...(dimensions && { dimensions }) }));
  out(`site ${key}: ${origins.join(', ')}${dimensions ? `; dimensions ${dimensions.join(', ')}` : ''}`);
}

/** Reads and validates every file before anything is written; returns the surveys with their files. */
function loadSurveyFiles(files: string[]): { file: string; survey: Survey }[] {
  const problems: string[] = [];
  const loaded: { file: string; survey: Survey }[] = [];
  const report = (file: string, issues: Issue[]) => issues.forEach((i) => problems.push(`${file}: ${i.path || '(root)'}: ${i.message}`));
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ? `cannot read (${(e as NodeJS.ErrnoException).code})` : `invalid JSON: ${(e as Error).message}`;
      report(file, [{ path: '', message: why }]);
      continue;
    }
    try {
      // A file holds one survey or an array of them.
      const surveys = Array.isArray(json) ? parseSurveys(json) : [parseSurvey(json)];
      for (const survey of surveys) loaded.push({ file, survey });
    } catch (e) {
      if (!(e instanceof SurveyConfigError)) throw e;
      report(file, e.issues);
    }
  }
  const seen = new Map<string, string>();
  for (const { file, survey } of loaded) {
    const first = seen.get(survey.id);
    if (first !== undefined) report(file, [{ path: 'id', message: `survey "${survey.id}" is also defined in ${first}` }]);
    else seen.set(survey.id, file);
  }
  if (problems.length) {
    problems.forEach(err);
    throw new Failure(`${problems.length} problem(s); nothing was written`);
  }
  return loaded;
}

async function cmdSurveys(args: string[]) {
  const { values, positionals } = parse(args, { site: { type: 'string' }, data: { type: 'string' } });
  const [sub, ...files] = positionals;
  const site = values.site as string | undefined;
  const data = values.data as string | undefined;
  if (sub === 'list') {
    await withStore(data, async (s) => {
      for (const x of await s.listSurveys(site)) out(`${x.id}\tv${x.version}\t${x.siteKey}\t${x.createdAt}`);
    });
    return;
  }
  if (sub !== 'push' || !site || files.length === 0) throw new UsageError('expected: tellus surveys push --site KEY FILE...');
  const loaded = loadSurveyFiles(files);
  await withStore(data, async (s) => {
    if (!(await s.getSite(site))) {
      err(`unknown site "${site}" (add it with: tellus sites add ${site} --origin URL)`);
      throw new Failure('nothing was written');
    }
    const conflicts: string[] = [];
    for (const { file, survey } of loaded) {
      const owner = await s.getSurvey(survey.id);
      if (owner && owner.siteKey !== site) conflicts.push(`${file}: id: survey "${survey.id}" belongs to site "${owner.siteKey}"`);
    }
    if (conflicts.length) {
      conflicts.forEach(err);
      throw new Failure('nothing was written');
    }
    for (const { file, survey } of loaded) {
      const r = await s.putSurvey(site, survey);
      out(`${file}: ${survey.id} v${r.version} ${r.created ? 'stored' : 'unchanged'}`);
    }
  });
}

function parseDate(flag: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const d = new Date(value);
  if (!(d.getTime() >= EARLIEST_BOUND && d.getTime() <= LATEST_BOUND))
    throw new UsageError(`--${flag} must be a date between 2000 and 2100 like 2026-01-31, not "${value}"`);
  return d;
}

async function cmdExport(args: string[]) {
  const { values } = parse(args, {
    survey: { type: 'string' },
    format: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    completed: { type: 'boolean' },
    bom: { type: 'boolean' },
    data: { type: 'string' },
  });
  const surveyId = values.survey as string | undefined;
  if (!surveyId) throw new UsageError('expected: tellus export --survey ID [--format csv|ndjson]');
  const format = ((values.format as string | undefined) ?? 'csv') as ExportFormat;
  if (format !== 'csv' && format !== 'ndjson') throw new UsageError(`--format must be csv or ndjson, not "${String(format)}"`);
  const from = parseDate('from', values.from as string | undefined);
  const to = parseDate('to', values.to as string | undefined);
  await withStore(values.data as string | undefined, async (s) => {
    try {
      await s.exportTo({ surveyId, format, from, to, completedOnly: !!values.completed, bom: !!values.bom }, async (chunk) => {
        if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
      });
    } catch (e) {
      if (!(e instanceof UnknownSurveyError)) throw e;
      err(e.message);
      throw new Failure('nothing exported');
    }
  });
}

async function cmdErase(args: string[]) {
  const { values, positionals } = parse(args, { data: { type: 'string' } });
  const [anonId, ...rest] = positionals;
  if (!anonId || rest.length) throw new UsageError('expected: tellus erase ANON_ID');
  const n = await withStore(values.data as string | undefined, (s) => s.deleteRespondent(anonId));
  out(`erased ${n} response(s) of ${anonId}`);
}

async function cmdRollups(args: string[]) {
  const { values, positionals } = parse(args, { survey: { type: 'string' }, data: { type: 'string' } });
  if (positionals.join(' ') !== 'verify') throw new UsageError('expected: tellus rollups verify [--survey ID]');
  const surveyId = values.survey as string | undefined;
  const report = await withStore(values.data as string | undefined, (s) => s.verifyRollups({ ...(surveyId && { surveyId }) }));
  if (report.recounted) out(`recounted ${report.recounted} day(s) left waiting by a dimension change first`);
  for (const d of report.differences)
    out(
      `${d.surveyId}\t${d.day}\t${d.dimension || '(all)'}=${d.value || '(all)'}\t${d.question || '(responses)'}\t${JSON.stringify(d.facet)}\tv${d.surveyVersion}\t${d.completed ? 'completed' : 'partial'}\texpected ${d.expected}, stored ${d.actual}`,
    );
  out(`verified ${report.surveys} survey(s) over ${report.days} day(s): ${report.differences.length} difference(s), ${report.emptyRows} empty row(s)`);
  if (report.differences.length || report.emptyRows) throw new Failure('the roll-ups differ from the responses');
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
  serve: cmdServe,
  sites: cmdSites,
  surveys: cmdSurveys,
  export: cmdExport,
  erase: cmdErase,
  rules: cmdRules,
  deliveries: cmdDeliveries,
  rollups: cmdRollups,
};

async function main(argv: string[]) {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(USAGE);
    return;
  }
  const command = commands[name];
  if (!command) throw new UsageError(`unknown command "${name}"`);
  await command(args);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError) {
    err(`tellus: ${e.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (e instanceof Failure || e instanceof StoreRefusal) {
    err(`tellus: ${e.message}`);
    process.exitCode = 1;
  } else {
    err(`tellus: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
});
