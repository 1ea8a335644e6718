// The ingestion floor: node:http that parses the JSON batch and runs one batched INSERT … ON CONFLICT of the same
// rows into the same database (DATABASE_URL, or PGlite under FLOOR_PGLITE_DIR), in a table without roll-ups.
import { createServer } from 'node:http';

const TABLE = `CREATE TABLE IF NOT EXISTS floor_responses (
  id uuid PRIMARY KEY, site_key text NOT NULL, survey_id text NOT NULL, survey_version int NOT NULL, seq int NOT NULL,
  completed bool NOT NULL, answers jsonb NOT NULL, meta jsonb NOT NULL, anon_id text,
  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, received_at timestamptz NOT NULL DEFAULT now());
CREATE INDEX IF NOT EXISTS floor_responses_survey_created ON floor_responses (survey_id, created_at);
CREATE INDEX IF NOT EXISTS floor_responses_anon ON floor_responses (anon_id);`;

const UPSERT = `INSERT INTO floor_responses (id, site_key, survey_id, survey_version, seq, completed, answers, meta, anon_id, created_at, updated_at)
SELECT x.id, $1, x."surveyId", x."surveyVersion", x.seq, x.completed, x.answers, x.meta, x."anonId", x."createdAt", x."updatedAt"
FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, "surveyId" text, "surveyVersion" int, seq int, completed bool, answers jsonb, meta jsonb,
  "anonId" text, "createdAt" timestamptz, "updatedAt" timestamptz)
ORDER BY x.id
ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, answers = excluded.answers WHERE floor_responses.seq < excluded.seq
RETURNING id::text AS id`;

let query;
let close;
if (process.env.DATABASE_URL) {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  query = async (sql, params) => (await pool.query(sql, params)).rows;
  close = () => pool.end();
} else {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: process.env.FLOOR_PGLITE_DIR, postgresqlconf: ['shared_buffers = 16MB'] });
  query = async (sql, params) => (await db.query(sql, params)).rows;
  close = () => db.close();
}
for (const statement of TABLE.split(';').filter((s) => s.trim())) await query(statement);

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return void res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"malformed"}');
    }
    try {
      const rows = await query(UPSERT, [body.siteKey, JSON.stringify(body.responses ?? [])]);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: rows.map((r) => r.id), duplicates: [], rejected: [] }));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(err) }));
    }
  });
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () =>
  server.close(async () => {
    await close();
    process.exit(0);
  }),
);
