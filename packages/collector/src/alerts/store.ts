// Alert state in SQL: each survey's rules (beside its settings), follow-up status per alerted response, digest settings.
import type { Db } from '../storage/db.js';
import { checkRules, type Rule } from './rules.js';

export const FOLLOW_UP_STATUSES = ['open', 'contacted', 'resolved'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export interface FollowUp {
  responseId: string;
  surveyId: string;
  siteKey: string;
  alertedAt: string;
  status: FollowUpStatus;
  statusBy: string | null;
  statusAt: string | null;
  /** When it first left "open": the loop was closed then. */
  closedAt: string | null;
  /** From the response, for the list: its attributes and answers (null once the response is erased). */
  meta: Record<string, unknown> | null;
  answers: Record<string, unknown> | null;
}

/** Per group value: alerted responses, those closed within 24 h of the alert, and those still open. */
export interface ClosedLoop {
  group: string | null;
  alerted: number;
  closedWithin24h: number;
  open: number;
}

export type DigestFrequency = 'daily' | 'weekly';
export interface DigestSettings {
  siteKey: string;
  frequency: DigestFrequency;
  recipients: string[];
}

export interface AlertStore {
  getRules(surveyId: string): Promise<Rule[]>;
  setRules(surveyId: string, rules: Rule[]): Promise<void>;
  listFollowUps(surveyId: string, filter?: { status?: FollowUpStatus | undefined; limit?: number | undefined }): Promise<FollowUp[]>;
  getFollowUp(responseId: string): Promise<FollowUp | null>;
  /** Null when the response was never alerted. */
  setFollowUp(responseId: string, status: FollowUpStatus, by: string): Promise<FollowUp | null>;
  closedLoop(surveyId: string, groupBy: string): Promise<ClosedLoop[]>;
  getDigest(siteKey: string): Promise<DigestSettings | null>;
  setDigest(siteKey: string, settings: Omit<DigestSettings, 'siteKey'> | null): Promise<void>;
  listDigests(): Promise<DigestSettings[]>;
}

interface FollowUpRow {
  response_id: string;
  survey_id: string;
  site_key: string;
  alerted_at: Date;
  status: FollowUpStatus;
  status_by: string | null;
  status_at: Date | null;
  closed_at: Date | null;
  meta: Record<string, unknown> | null;
  answers: Record<string, unknown> | null;
}
const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());
const toFollowUp = (r: FollowUpRow): FollowUp => ({
  responseId: r.response_id,
  surveyId: r.survey_id,
  siteKey: r.site_key,
  alertedAt: iso(r.alerted_at)!,
  status: r.status,
  statusBy: r.status_by,
  statusAt: iso(r.status_at),
  closedAt: iso(r.closed_at),
  meta: r.meta,
  answers: r.answers,
});
const FOLLOW_UP_SQL = `SELECT f.response_id::text AS response_id, f.survey_id, f.site_key, f.alerted_at, f.status, f.status_by, f.status_at, f.closed_at,
  r.meta, r.answers FROM follow_ups f LEFT JOIN responses r ON r.id = f.response_id`;

export function createAlertStore(db: Db): AlertStore {
  return {
    async getRules(surveyId) {
      const rows = await db.query<{ rules: Rule[] }>('SELECT rules FROM survey_settings WHERE survey_id = $1', [surveyId]);
      // jsonb sorts keys; the schema gives them back in the order people write them (id, when, destinations).
      const checked = checkRules(rows[0]?.rules ?? []);
      return checked.ok ? checked.rules : (rows[0]?.rules ?? []);
    },
    async setRules(surveyId, rules) {
      await db.query(
        `INSERT INTO survey_settings (survey_id, rules) VALUES ($1, $2::jsonb)
         ON CONFLICT (survey_id) DO UPDATE SET rules = excluded.rules`,
        [surveyId, JSON.stringify(rules)],
      );
    },
    async listFollowUps(surveyId, filter = {}) {
      const rows = await db.query<FollowUpRow>(
        `${FOLLOW_UP_SQL} WHERE f.survey_id = $1 AND ($2::text IS NULL OR f.status = $2) ORDER BY f.alerted_at DESC, f.response_id LIMIT $3`,
        [surveyId, filter.status ?? null, Math.min(Math.max(filter.limit ?? 100, 1), 1000)],
      );
      return rows.map(toFollowUp);
    },
    async getFollowUp(responseId) {
      const rows = await db.query<FollowUpRow>(`${FOLLOW_UP_SQL} WHERE f.response_id = $1::uuid`, [responseId]);
      return rows[0] ? toFollowUp(rows[0]) : null;
    },
    async setFollowUp(responseId, status, by) {
      const rows = await db.query(
        `UPDATE follow_ups SET status = $2, status_by = $3, status_at = now(),
           closed_at = CASE WHEN closed_at IS NULL AND $2 <> 'open' THEN now() ELSE closed_at END
         WHERE response_id = $1::uuid RETURNING 1`,
        [responseId, status, by],
      );
      return rows.length ? this.getFollowUp(responseId) : null;
    },
    async closedLoop(surveyId, groupBy) {
      const rows = await db.query<{ grp: string | null; alerted: number; closed: number; open: number }>(
        `SELECT r.meta ->> $2 AS grp, count(*)::int AS alerted,
           count(*) FILTER (WHERE f.closed_at IS NOT NULL AND f.closed_at <= f.alerted_at + interval '24 hours')::int AS closed,
           count(*) FILTER (WHERE f.status = 'open')::int AS open
         FROM follow_ups f LEFT JOIN responses r ON r.id = f.response_id
         WHERE f.survey_id = $1 GROUP BY 1 ORDER BY 1 NULLS LAST`,
        [surveyId, groupBy],
      );
      return rows.map((r) => ({ group: r.grp, alerted: r.alerted, closedWithin24h: r.closed, open: r.open }));
    },
    async getDigest(siteKey) {
      const rows = await db.query<{ site_key: string; frequency: DigestFrequency; recipients: string[] }>(
        'SELECT site_key, frequency, recipients FROM digest_settings WHERE site_key = $1',
        [siteKey],
      );
      return rows[0] ? { siteKey: rows[0].site_key, frequency: rows[0].frequency, recipients: rows[0].recipients } : null;
    },
    async setDigest(siteKey, settings) {
      if (!settings) {
        await db.query('DELETE FROM digest_settings WHERE site_key = $1', [siteKey]);
        return;
      }
      await db.query(
        `INSERT INTO digest_settings (site_key, frequency, recipients) VALUES ($1, $2, $3::jsonb)
         ON CONFLICT (site_key) DO UPDATE SET frequency = excluded.frequency, recipients = excluded.recipients`,
        [siteKey, settings.frequency, JSON.stringify(settings.recipients)],
      );
    },
    async listDigests() {
      const rows = await db.query<{ site_key: string; frequency: DigestFrequency; recipients: string[] }>(
        'SELECT site_key, frequency, recipients FROM digest_settings ORDER BY site_key',
      );
      return rows.map((r) => ({ siteKey: r.site_key, frequency: r.frequency, recipients: r.recipients }));
    },
  };
}
