// The outbox's SQL: write rows, claim due ones under a lease (SKIP LOCKED, so processes share the work), record outcomes.
import type { Db, Queryable } from '../storage/db.js';
import type { Delivery, DeliveryStatus, DeliveryView, NewDelivery } from './types.js';

interface Row {
  id: string;
  kind: Delivery['kind'];
  topic: Delivery['topic'];
  site_key: string;
  survey_id: string | null;
  survey_version: number | null;
  response_id: string | null;
  rule_id: string | null;
  target: Delivery['target'];
  secret: string | null;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  next_at: Date;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

const iso = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString();
const toDelivery = (r: Row): Delivery => ({
  id: r.id,
  kind: r.kind,
  topic: r.topic,
  siteKey: r.site_key,
  surveyId: r.survey_id,
  surveyVersion: r.survey_version,
  responseId: r.response_id,
  ruleId: r.rule_id,
  target: r.target,
  secret: r.secret,
  payload: r.payload,
  status: r.status,
  attempts: r.attempts,
  nextAt: iso(r.next_at),
  lastError: r.last_error,
  createdAt: iso(r.created_at),
  deliveredAt: r.delivered_at ? iso(r.delivered_at) : null,
});
const toView = ({ secret: _secret, payload: _payload, ...view }: Delivery): DeliveryView => view;

const COLUMNS = `id, kind, topic, site_key, survey_id, survey_version, response_id::text AS response_id, rule_id, target, secret, payload,
  status, attempts, next_at, last_error, created_at, delivered_at`;

/** Writes rows in one statement; an id already present is left alone, so re-writing never doubles a delivery. */
export async function insertDeliveries(tx: Queryable, rows: readonly NewDelivery[]): Promise<number> {
  if (rows.length === 0) return 0;
  const written = await tx.query<{ id: string }>(
    `INSERT INTO deliveries (id, kind, topic, site_key, survey_id, survey_version, response_id, rule_id, target, secret, payload)
     SELECT x.id, x.kind, x.topic, x.site_key, x.survey_id, x.survey_version, x.response_id, x.rule_id, x.target, x.secret, x.payload
     FROM jsonb_to_recordset($1::jsonb) AS x(id text, kind text, topic text, site_key text, survey_id text, survey_version int,
       response_id uuid, rule_id text, target jsonb, secret text, payload text)
     ORDER BY x.id
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [
      JSON.stringify(
        rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          topic: r.topic,
          site_key: r.siteKey,
          survey_id: r.surveyId,
          survey_version: r.surveyVersion,
          response_id: r.responseId,
          rule_id: r.ruleId,
          target: r.target,
          secret: r.secret,
          payload: r.payload,
        })),
      ),
    ],
  );
  return written.length;
}

export interface DeliveryListFilter {
  status?: DeliveryStatus | undefined;
  surveyId?: string | undefined;
  responseId?: string | undefined;
  limit?: number | undefined;
}

export interface DeliveryStore {
  /** Writes deliveries not tied to a response (digests); returns how many were new. */
  add(rows: readonly NewDelivery[]): Promise<number>;
  /**
   * Takes up to `limit` due deliveries for `leaseMs`: another process skips them until the lease
   * runs out, so a process that dies mid-send only delays them. Counts the attempt.
   */
  claim(owner: string, limit: number, leaseMs: number): Promise<Delivery[]>;
  delivered(id: string): Promise<void>;
  /** Records a failed attempt: due again after `delayMs`, or failed for good when `final`. */
  failedAttempt(id: string, error: string, delayMs: number, final: boolean): Promise<void>;
  /** Newest first, without secrets or payloads. */
  list(filter?: DeliveryListFilter): Promise<DeliveryView[]>;
  counts(filter?: { surveyId?: string | undefined }): Promise<Record<DeliveryStatus, number>>;
  /** Puts a failed delivery back in line (admin "retry"); false when there is no such failed delivery. */
  retry(id: string): Promise<boolean>;
  /** Ids and payloads, for tests and the digest preview. */
  get(id: string): Promise<Delivery | null>;
  /** Deletes delivered rows older than `before` (failed ones stay until someone looks); returns how many. */
  pruneDelivered(before: Date): Promise<number>;
}

export function createDeliveryStore(db: Db): DeliveryStore {
  return {
    add: (rows) => insertDeliveries(db, rows),
    async claim(owner, limit, leaseMs) {
      const rows = await db.query<Row>(
        `UPDATE deliveries SET lease_owner = $1, lease_until = now() + ($2::int * interval '1 millisecond'), attempts = attempts + 1
         WHERE id IN (
           SELECT id FROM deliveries
           WHERE status = 'pending' AND next_at <= now() AND (lease_until IS NULL OR lease_until < now())
           ORDER BY next_at LIMIT $3 FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS}`,
        [owner, Math.round(leaseMs), limit],
      );
      return rows.map(toDelivery);
    },
    async delivered(id) {
      await db.query(
        `UPDATE deliveries SET status = 'delivered', delivered_at = now(), lease_until = NULL, lease_owner = NULL, last_error = NULL
         WHERE id = $1 AND status = 'pending'`,
        [id],
      );
    },
    async failedAttempt(id, error, delayMs, final) {
      await db.query(
        `UPDATE deliveries SET status = CASE WHEN $4 THEN 'failed' ELSE 'pending' END, last_error = $2,
           next_at = now() + ($3::int * interval '1 millisecond'), lease_until = NULL, lease_owner = NULL
         WHERE id = $1 AND status = 'pending'`,
        [id, error.slice(0, 1000), Math.round(delayMs), final],
      );
    },
    async list(filter = {}) {
      const rows = await db.query<Row>(
        `SELECT ${COLUMNS} FROM deliveries
         WHERE ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR survey_id = $2) AND ($3::uuid IS NULL OR response_id = $3::uuid)
         ORDER BY created_at DESC, id LIMIT $4`,
        [filter.status ?? null, filter.surveyId ?? null, filter.responseId ?? null, Math.min(Math.max(filter.limit ?? 100, 1), 1000)],
      );
      return rows.map((r) => toView(toDelivery(r)));
    },
    async counts(filter = {}) {
      const rows = await db.query<{ status: DeliveryStatus; n: number }>(
        'SELECT status, count(*)::int AS n FROM deliveries WHERE ($1::text IS NULL OR survey_id = $1) GROUP BY status',
        [filter.surveyId ?? null],
      );
      const out: Record<DeliveryStatus, number> = { pending: 0, delivered: 0, failed: 0 };
      for (const r of rows) out[r.status] = r.n;
      return out;
    },
    async retry(id) {
      const rows = await db.query(
        `UPDATE deliveries SET status = 'pending', next_at = now(), lease_until = NULL WHERE id = $1 AND status = 'failed' RETURNING id`,
        [id],
      );
      return rows.length > 0;
    },
    async pruneDelivered(before) {
      const rows = await db.query<{ n: number }>(
        `WITH d AS (DELETE FROM deliveries WHERE status = 'delivered' AND delivered_at < $1 RETURNING 1) SELECT count(*)::int AS n FROM d`,
        [before.toISOString()],
      );
      return rows[0]?.n ?? 0;
    },
    async get(id) {
      const rows = await db.query<Row>(`SELECT ${COLUMNS} FROM deliveries WHERE id = $1`, [id]);
      return rows[0] ? toDelivery(rows[0]) : null;
    },
  };
}
