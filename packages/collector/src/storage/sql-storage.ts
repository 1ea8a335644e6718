// The Storage implementation in plain SQL, shared by the PGlite and PostgreSQL backends.
import type { Survey, SurveyResponse } from '@tellus/schema';
import type { Db } from './db.js';
import { StorageInputError } from './errors.js';
import { migrations } from './migrations/index.js';
import { writeOutbox } from '../deliveries/enqueue.js';
import { createDeliveryStore } from '../deliveries/store.js';
import { createAlertStore } from '../alerts/store.js';
import { createCompactor } from '../rollups/compact.js';
import { type Change, changeOfRow } from '../rollups/facets.js';
import { createRecounter, planRecount } from '../rollups/rebuild.js';
import { countChanges } from '../rollups/write.js';
import { DEFAULT_DIMENSIONS } from '../rollups/sql.js';
import { createAnalyzer } from './analyze.js';
import { createFreshState, insertFresh, isLoud } from './fresh-batch.js';
import { createFreshGroups } from './fresh-group.js';
import { nextPageRows, PAGE_ROWS } from './page-size.js';
import { iso, RESPONSE_RECORD, responseRows, withCanonicalTimes } from './response-rows.js';
import type { IngestResult, MaintenanceTask, ResponseFilter, Site, SiteInput, Storage, StoredResponse, StoredSurvey, SurveySettings } from './types.js';

/** Arbitrary constant key so concurrent processes migrate one at a time. */
const MIGRATION_LOCK = 7_265_001;
/** PostgreSQL deadlock / serialization failures: safe to retry a single idempotent statement. */
const RETRYABLE = new Set(['40P01', '40001']);

/** Responses deleted per statement by erasure and retention. */
const DELETE_SLICE = 5_000;
/** Dimension names are meta attribute names; a site declares at most this many. */
const MAX_DIMENSIONS = 10;
const META_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

function checkDimensions(dimensions: string[]): string[] {
  if (dimensions.length > MAX_DIMENSIONS) throw new StorageInputError(`a site declares at most ${MAX_DIMENSIONS} dimensions`);
  const bad = dimensions.find((d) => !META_KEY.test(d));
  if (bad !== undefined) throw new StorageInputError(`dimension "${bad}" is not a meta attribute name`);
  return [...new Set(dimensions)];
}

/** Largest value of a PostgreSQL int column. */
const INT_MAX = 2_147_483_647;

interface SiteRow {
  key: string;
  name: string | null;
  origins: string[];
  dimensions: string[] | null;
  created_at: Date;
}
interface SurveyRow {
  id: string;
  version: number;
  site_key: string;
  definition: Survey;
  created_at: Date;
}
/** A stored response as a batch found it before replacing it. */
interface OldRow {
  id: string;
  survey_version: number;
  completed: boolean;
  answers: unknown;
  meta: unknown;
  created_at: Date;
}
interface ResponseRow {
  id: string;
  site_key: string;
  survey_id: string;
  survey_version: number;
  seq: number;
  completed: boolean;
  answers: SurveyResponse['answers'];
  meta: SurveyResponse['meta'];
  anon_id: string | null;
  created_at: Date;
  updated_at: Date;
  received_at: Date;
  follow_up?: { status: string; by: string | null; at: string | null; alertedAt: string } | null;
}

const toSite = (r: SiteRow): Site => ({
  key: r.key,
  name: r.name,
  origins: r.origins,
  dimensions: r.dimensions ?? [...DEFAULT_DIMENSIONS],
  createdAt: iso(r.created_at),
});
const SITE_COLUMNS = 'key, name, origins, dimensions, created_at';
const toSurvey = (r: SurveyRow): StoredSurvey => ({
  id: r.id,
  version: r.version,
  siteKey: r.site_key,
  definition: r.definition,
  createdAt: iso(r.created_at),
});
const toResponse = (r: ResponseRow): StoredResponse => {
  const out: StoredResponse = {
    id: r.id,
    surveyId: r.survey_id,
    surveyVersion: r.survey_version,
    seq: r.seq,
    completed: r.completed,
    answers: r.answers,
    meta: r.meta,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    siteKey: r.site_key,
    receivedAt: iso(r.received_at),
  };
  if (r.anon_id !== null) out.anonId = r.anon_id;
  if (r.follow_up) out.followUp = { ...r.follow_up, at: r.follow_up.at && iso(r.follow_up.at), alertedAt: iso(r.follow_up.alertedAt) };
  return out;
};

/** The ResponseFilter as SQL over $1–$4 (see filterParams). */
const FILTER_SQL = `survey_id = $1
  AND ($2::timestamptz IS NULL OR created_at >= $2::timestamptz)
  AND ($3::timestamptz IS NULL OR created_at < $3::timestamptz)
  AND (NOT $4::bool OR completed)`;
const filterParams = (f: ResponseFilter) => [f.surveyId, f.from?.toISOString() ?? null, f.to?.toISOString() ?? null, f.completedOnly ?? false];
/**
 * Text that JavaScript's trim() empties, spelled out: PostgreSQL's \\s depends on the database locale
 * (PGlite's C.UTF-8 also counts U+0085 as space, trim() does not).
 */
const BLANK_PATTERN = '^[\\u0009-\\u000d\\u0020\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]*$';
const RESPONSE_COLUMNS = 'id::text AS id, site_key, survey_id, survey_version, seq, completed, answers, meta, anon_id, created_at, updated_at, received_at';

/** An alerted response's follow-up status (see alerts/store.ts), for exports. */
const FOLLOW_UP_COLUMN = `(SELECT jsonb_build_object('status', f.status, 'by', f.status_by, 'at', f.status_at, 'alertedAt', f.alerted_at)
  FROM follow_ups f WHERE f.response_id = responses.id) AS follow_up`;

// The rows a batch may replace, locked (in id order, as the upsert takes them, so two processes cannot deadlock)
// before the upsert, so their old answers are taken out of the roll-ups exactly as they were counted in.
const LOCK_OLD_SQL = `SELECT id::text AS id, survey_version, completed, answers, meta, created_at FROM responses
WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`;

// One statement per batch. Rows go in sorted by id so two processes upserting overlapping batches
// take row locks in the same order and cannot deadlock; the WHERE makes the highest seq win and
// stops a response id from being taken over by another site, survey or respondent, and replaces only rows
// locked (and read) before ($3): one another process inserted meanwhile is read and retried. Timestamps are cut to
// milliseconds so they round-trip through JS Dates (and the export cursor) exactly.
const UPSERT_SQL = `
INSERT INTO responses (id, site_key, survey_id, survey_version, seq, completed, answers, meta, anon_id, created_at, updated_at)
SELECT x.id, $1, x."surveyId", x."surveyVersion", x.seq, x.completed, x.answers, x.meta, x."anonId",
  date_trunc('milliseconds', x."createdAt"), date_trunc('milliseconds', x."updatedAt")
FROM jsonb_to_recordset($2::jsonb) AS ${RESPONSE_RECORD}
ORDER BY x.id
ON CONFLICT (id) DO UPDATE SET
  survey_version = excluded.survey_version, seq = excluded.seq, completed = excluded.completed,
  answers = excluded.answers, meta = excluded.meta, anon_id = excluded.anon_id,
  updated_at = excluded.updated_at, received_at = now()
WHERE responses.seq < excluded.seq
  AND responses.site_key = excluded.site_key
  AND responses.survey_id = excluded.survey_id
  AND responses.anon_id IS NOT DISTINCT FROM excluded.anon_id
  AND responses.id = ANY($3::uuid[])
RETURNING id::text AS id`;

/** How often a batch re-reads ids that other processes inserted while it ran, before retrying from the start. */
const LOCK_ROUNDS = 4;

async function withRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      if (i >= attempts || typeof code !== 'string' || !RETRYABLE.has(code)) throw err;
      await new Promise((r) => setTimeout(r, 5 * i * Math.random()));
    }
  }
}

/** Keeps the highest seq of each id within one batch; the rest are duplicates by definition. */
function collapseById(items: SurveyResponse[]): { winners: SurveyResponse[]; losers: string[] } {
  const best = new Map<string, SurveyResponse>();
  const losers: string[] = [];
  for (const item of items) {
    const key = item.id.toLowerCase();
    const prev = best.get(key);
    if (!prev) best.set(key, item);
    else if (item.seq > prev.seq) {
      losers.push(prev.id);
      best.set(key, item);
    } else losers.push(item.id);
  }
  return { winners: [...best.values()], losers };
}

export interface SqlStorageOptions {
  /** Fast-path statements run at once; batches arriving meanwhile wait and go together (PGlite runs one at a time). */
  freshStatements?: number;
  /** The engine runs autovacuum (PostgreSQL), which then keeps the statistics the analyzer keeps on PGlite. */
  autovacuum?: boolean;
}

/** Responses one fast-path statement takes at most, batches joined. */
const FRESH_GROUP_ROWS = 500;

export function createSqlStorage(db: Db, options: SqlStorageOptions = {}): Storage {
  let maintenanceError: (task: MaintenanceTask, err: unknown) => void = () => {};
  const analyzer = createAnalyzer(db, { autovacuum: options.autovacuum ?? false, onError: (err) => maintenanceError('analyze', err) });
  const compactor = createCompactor(db, { onError: (err) => maintenanceError('compaction', err) });
  const recounter = createRecounter(db, { onError: (err) => maintenanceError('recount', err) });
  const fresh = createFreshState();
  const freshGroups = createFreshGroups((siteKey, batch) => withRetry(() => insertFresh(db, fresh, siteKey, batch.winners, batch.rows)), {
    statements: options.freshStatements ?? 1,
    maxRows: FRESH_GROUP_ROWS,
  });
  /** The fast path, joined with the batches waiting beside it; a survey with deliveries goes the transactional way at once. */
  const writeFresh = (siteKey: string, winners: SurveyResponse[]): Promise<boolean> | false =>
    !(fresh.loud.size && isLoud(fresh, new Set(winners.map((r) => r.surveyId)))) && freshGroups.write(siteKey, { winners, rows: responseRows(winners) });

  async function migrate(): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await tx.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
      const done = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
      for (const m of migrations) {
        if (done.has(m.version)) continue;
        await tx.exec(m.sql);
        await m.after?.(tx);
        await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
      }
    });
    // A recount a previous run left midway goes on.
    recounter.kick();
    analyzer.analyzeIfMissing();
  }

  async function upsertSite(site: SiteInput): Promise<void> {
    const dimensions = site.dimensions ? checkDimensions(site.dimensions) : null;
    const marked = await db.transaction(async (tx) => {
      const before = (await tx.query<{ dimensions: string[] | null }>('SELECT dimensions FROM sites WHERE key = $1 FOR UPDATE', [site.key]))[0];
      await tx.query(
        `INSERT INTO sites (key, name, origins, dimensions) VALUES ($1, $2, $3::jsonb, $4::text[])
         ON CONFLICT (key) DO UPDATE SET name = coalesce(excluded.name, sites.name), origins = excluded.origins,
           dimensions = CASE WHEN $5::bool THEN excluded.dimensions ELSE sites.dimensions END`,
        [site.key, site.name ?? null, JSON.stringify(site.origins), dimensions, dimensions !== null],
      );
      fresh.dimensions.delete(site.key);
      // New dimensions count the responses already stored too: the site's days are recounted (the added dimensions
      // counted, the removed ones wiped) in the background, a day per transaction (rollups/rebuild.ts); what is counted
      // from now on uses the new ones.
      const was = before?.dimensions ?? [...DEFAULT_DIMENSIONS];
      if (!before || !dimensions) return 0;
      const added = dimensions.filter((d) => !was.includes(d));
      // The same dimensions in another order count the same.
      if (!added.length && was.every((d) => dimensions.includes(d))) return 0;
      const surveys = await tx.query<{ id: string }>('SELECT DISTINCT id FROM surveys WHERE site_key = $1', [site.key]);
      return planRecount(
        tx,
        surveys.map((r) => r.id),
        added,
        dimensions,
      );
    });
    if (marked) recounter.kick();
  }

  async function getSite(key: string): Promise<Site | null> {
    const rows = await db.query<SiteRow>(`SELECT ${SITE_COLUMNS} FROM sites WHERE key = $1`, [key]);
    return rows[0] ? toSite(rows[0]) : null;
  }

  async function listSites(): Promise<Site[]> {
    return (await db.query<SiteRow>(`SELECT ${SITE_COLUMNS} FROM sites ORDER BY key`)).map(toSite);
  }

  async function putSurvey(siteKey: string, survey: Survey): Promise<{ version: number; created: boolean }> {
    if (!Number.isInteger(survey.version) || survey.version < 1 || survey.version >= INT_MAX) {
      throw new StorageInputError(`survey version must be a whole number from 1 to ${INT_MAX - 1}`);
    }
    return db.transaction(async (tx) => {
      // Serialises versioning of one survey id across processes.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`survey:${survey.id}`]);
      if (!(await tx.query('SELECT 1 FROM sites WHERE key = $1', [siteKey]))[0]) {
        throw new StorageInputError(`unknown site "${siteKey}"`);
      }
      const owner = (await tx.query<{ site_key: string }>('SELECT site_key FROM surveys WHERE id = $1 LIMIT 1', [survey.id]))[0];
      if (owner && owner.site_key !== siteKey) {
        throw new StorageInputError(`survey "${survey.id}" belongs to another site`);
      }
      const definition = JSON.stringify(survey);
      const existing = (
        await tx.query<{ same: boolean }>(`SELECT (definition - 'version') = ($3::jsonb - 'version') AS same FROM surveys WHERE id = $1 AND version = $2`, [
          survey.id,
          survey.version,
          definition,
        ])
      )[0];
      if (existing?.same) return { version: survey.version, created: false };
      let version = survey.version;
      if (existing) {
        // Same version number, different content: never rewrite a version responses may refer to.
        const max = (await tx.query<{ v: number }>('SELECT max(version) AS v FROM surveys WHERE id = $1', [survey.id]))[0];
        version = (max?.v ?? survey.version) + 1;
      }
      await tx.query('INSERT INTO surveys (id, version, site_key, definition) VALUES ($1, $2, $3, $4::jsonb)', [
        survey.id,
        version,
        siteKey,
        JSON.stringify({ ...survey, version }),
      ]);
      return { version, created: true };
    });
  }

  async function getSurvey(id: string, version?: number): Promise<StoredSurvey | null> {
    const rows =
      version === undefined
        ? await db.query<SurveyRow>('SELECT * FROM surveys WHERE id = $1 ORDER BY version DESC LIMIT 1', [id])
        : await db.query<SurveyRow>('SELECT * FROM surveys WHERE id = $1 AND version = $2', [id, version]);
    return rows[0] ? toSurvey(rows[0]) : null;
  }

  async function listSurveys(siteKey?: string): Promise<StoredSurvey[]> {
    const rows = await db.query<SurveyRow>(`SELECT DISTINCT ON (id) * FROM surveys WHERE ($1::text IS NULL OR site_key = $1) ORDER BY id, version DESC`, [
      siteKey ?? null,
    ]);
    return rows.map(toSurvey);
  }

  async function getSurveySettings(id: string): Promise<SurveySettings> {
    const row = (
      await db.query<{ webhook_url: string | null; webhook_secret: string | null; retention_days: number | null }>(
        'SELECT webhook_url, webhook_secret, retention_days FROM survey_settings WHERE survey_id = $1',
        [id],
      )
    )[0];
    return {
      webhookUrl: row?.webhook_url ?? null,
      webhookSecret: row?.webhook_secret ?? null,
      retentionDays: row?.retention_days ?? null,
    };
  }

  async function setSurveySettings(id: string, s: Partial<SurveySettings>): Promise<void> {
    // Each column changes only when its key is present, so a partial update never clears the others.
    await db.query(
      `INSERT INTO survey_settings (survey_id, webhook_url, webhook_secret, retention_days) VALUES ($1, $2, $4, $6)
       ON CONFLICT (survey_id) DO UPDATE SET
         webhook_url = CASE WHEN $3 THEN excluded.webhook_url ELSE survey_settings.webhook_url END,
         webhook_secret = CASE WHEN $5 THEN excluded.webhook_secret ELSE survey_settings.webhook_secret END,
         retention_days = CASE WHEN $7 THEN excluded.retention_days ELSE survey_settings.retention_days END`,
      [id, s.webhookUrl ?? null, 'webhookUrl' in s, s.webhookSecret ?? null, 'webhookSecret' in s, s.retentionDays ?? null, 'retentionDays' in s],
    );
  }

  async function ingest(siteKey: string, items: SurveyResponse[]): Promise<IngestResult> {
    if (items.length === 0) return { accepted: [], duplicates: [] };
    const { winners: collapsed, losers } = collapseById(items);
    const winners = collapsed.map(withCanonicalTimes);
    // None stored yet and nothing to deliver (the usual batch): one statement.
    if (await writeFresh(siteKey, winners)) {
      analyzer.changed(winners.length);
      compactor.changed(winners.length);
      return { accepted: winners.map((r) => r.id), duplicates: losers };
    }
    const byId = new Map(winners.map((r) => [r.id.toLowerCase(), r]));
    // The outbox rows and roll-up deltas of what was written commit with it, or not at all: a delivery exists exactly
    // when its response does, and a replaced response is counted out as it was counted in.
    const written = await withRetry(() =>
      db.transaction(async (tx) => {
        const old = new Map<string, OldRow>();
        const upserted: string[] = [];
        let pending = winners;
        for (let round = 0; pending.length; round++) {
          if (round === LOCK_ROUNDS) throw Object.assign(new Error('responses kept changing under the batch'), { code: '40001' });
          const locked = await tx.query<OldRow>(LOCK_OLD_SQL, [pending.map((r) => r.id)]);
          for (const r of locked) old.set(r.id, r);
          const rows = await tx.query<{ id: string }>(UPSERT_SQL, [siteKey, responseRows(pending), locked.map((r) => r.id)]);
          const done = new Set(rows.map((r) => r.id));
          upserted.push(...done);
          // Neither written nor seen before: another process inserted it since; read it and try again.
          pending = pending.filter((r) => !done.has(r.id.toLowerCase()) && !old.has(r.id.toLowerCase()));
        }
        const changes: Change[] = [];
        for (const id of upserted) {
          const item = byId.get(id)!;
          const was = old.get(id);
          const common = { siteKey, surveyId: item.surveyId };
          // A replacement keeps the stored created_at (the upsert leaves it), so it stays on its day.
          if (was)
            changes.push({
              ...common,
              surveyVersion: was.survey_version,
              completed: was.completed,
              createdAt: was.created_at,
              answers: was.answers,
              meta: was.meta,
              w: -1,
            });
          changes.push({
            ...common,
            surveyVersion: item.surveyVersion,
            completed: item.completed,
            createdAt: was?.created_at ?? item.createdAt,
            answers: item.answers,
            meta: item.meta,
            w: 1,
          });
        }
        await countChanges(tx, changes);
        const deliveries = await writeOutbox(
          tx,
          siteKey,
          upserted.map((id) => byId.get(id)!),
        );
        return { upserted: new Set(upserted), deliveries };
      }),
    );
    const accepted: string[] = [];
    const duplicates = [...losers];
    for (const r of winners) (written.upserted.has(r.id.toLowerCase()) ? accepted : duplicates).push(r.id);
    analyzer.changed(accepted.length);
    compactor.changed(accepted.length);
    return { accepted, duplicates, ...(written.deliveries > 0 && { deliveries: written.deliveries }) };
  }

  async function* iterateResponses(filter: ResponseFilter & { newestFirst?: boolean; withTextIn?: string[] }): AsyncIterable<StoredResponse> {
    let cursor: { at: Date; id: string } | null = null;
    const [after, order] = filter.newestFirst ? ['<', 'DESC'] : ['>', 'ASC'];
    // Readers after a few texts (the comments) stop early: small pages first, growing to PAGE_ROWS.max.
    let limit = filter.withTextIn ? 25 : PAGE_ROWS.max;
    for (;;) {
      const started = performance.now();
      const rows: ResponseRow[] = await db.query<ResponseRow>(
        `SELECT ${RESPONSE_COLUMNS}, ${FOLLOW_UP_COLUMN} FROM responses
         WHERE ${FILTER_SQL}
           AND ($5::timestamptz IS NULL OR (created_at, id) ${after} ($5::timestamptz, $6::uuid))
           AND ($7::text[] IS NULL OR EXISTS (SELECT 1 FROM jsonb_each(answers) AS e
             WHERE e.key = ANY($7::text[]) AND jsonb_typeof(e.value) = 'string' AND NOT (e.value #>> '{}') ~ $8))
         ORDER BY created_at ${order}, id ${order} LIMIT ${limit}`,
        [...filterParams(filter), cursor?.at.toISOString() ?? null, cursor?.id ?? null, filter.withTextIn ?? null, BLANK_PATTERN],
        { signal: filter.signal },
      );
      const took = performance.now() - started;
      for (const row of rows) yield toResponse(row);
      const last = rows[rows.length - 1];
      if (!last || rows.length < limit) return;
      limit = limit < PAGE_ROWS.min ? Math.min(PAGE_ROWS.min, limit * 4) : nextPageRows(limit, took);
      // Exact keyset: ingest truncates timestamps to milliseconds, which a JS Date holds without loss.
      cursor = { at: last.created_at, id: last.id };
    }
  }

  async function countResponses(filter?: { surveyId?: string }): Promise<number> {
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses WHERE ($1::text IS NULL OR survey_id = $1)', [
      filter?.surveyId ?? null,
    ]);
    return rows[0]?.n ?? 0;
  }

  async function countResponsesBySurvey(): Promise<Map<string, number>> {
    const rows = await db.query<{ id: string; n: number }>('SELECT survey_id AS id, count(*)::int AS n FROM responses GROUP BY survey_id');
    return new Map(rows.map((r) => [r.id, r.n]));
  }

  /**
   * Deletes in slices, each its own short transaction that also takes the slice back out of the roll-ups, so other
   * work runs between. Erasure and retention reach the outbox too: pending and sent alerts, and follow-ups, hold the answers.
   */
  async function deleteInSlices(where: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await withRetry(() =>
        db.transaction(async (tx) => {
          const gone = await tx.query<Omit<OldRow, 'id'> & { site_key: string; survey_id: string }>(
            `WITH d AS (DELETE FROM responses WHERE id IN (SELECT id FROM responses WHERE ${where} LIMIT ${DELETE_SLICE})
                 RETURNING id, site_key, survey_id, survey_version, completed, answers, meta, created_at),
               o AS (DELETE FROM deliveries WHERE response_id IN (SELECT id FROM d)),
               f AS (DELETE FROM follow_ups WHERE response_id IN (SELECT id FROM d))
             SELECT site_key, survey_id, survey_version, completed, answers, meta, created_at FROM d`,
            params,
          );
          await countChanges(
            tx,
            gone.map((r) => changeOfRow(r, -1)),
          );
          return gone.length;
        }),
      );
      total += n;
      if (n < DELETE_SLICE) break;
    }
    analyzer.changed(total);
    compactor.changed(total);
    return total;
  }

  const deleteRespondent = (anonId: string) => deleteInSlices('anon_id = $1', [anonId]);
  // The earlier of creation and receipt: created_at is the client's clock (clamped to receipt at
  // ingestion since 0.2, but not in older rows), so a date in the future never keeps a row.
  const deleteOlderThan = (surveyId: string, before: Date) =>
    deleteInSlices('survey_id = $1 AND (created_at < $2 OR received_at < $2)', [surveyId, before.toISOString()]);

  async function createSession(idHash: string, expiresAt: Date): Promise<void> {
    // Expired sessions are swept here, so the table holds only live ones without a timer.
    await db.query('DELETE FROM admin_sessions WHERE expires_at <= now()');
    await db.query('INSERT INTO admin_sessions (id_hash, expires_at) VALUES ($1, $2)', [idHash, expiresAt.toISOString()]);
  }

  async function sessionActive(idHash: string): Promise<boolean> {
    return (await db.query('SELECT 1 FROM admin_sessions WHERE id_hash = $1 AND expires_at > now()', [idHash])).length > 0;
  }

  async function deleteSession(idHash: string): Promise<void> {
    await db.query('DELETE FROM admin_sessions WHERE id_hash = $1', [idHash]);
  }

  return {
    db,
    migrate,
    rollupsRecounted: () => recounter.idle(),
    onMaintenanceError: (listener) => {
      maintenanceError = listener;
    },
    close: async () => {
      await freshGroups.idle();
      await recounter.close();
      await compactor.flush();
      await analyzer.idle();
      await db.close();
    },
    createSession,
    sessionActive,
    deleteSession,
    upsertSite,
    getSite,
    listSites,
    putSurvey,
    getSurvey,
    listSurveys,
    getSurveySettings,
    setSurveySettings,
    deliveries: createDeliveryStore(db),
    alerts: createAlertStore(db),
    ingest,
    iterateResponses,
    countResponses,
    countResponsesBySurvey,
    deleteRespondent,
    deleteOlderThan,
  };
}
