// Migration 3: the delivery outbox (webhooks, alerts, e-mail, digests), alert rules, follow-ups and digest settings.
export default `
ALTER TABLE survey_settings ADD COLUMN rules jsonb NOT NULL DEFAULT '[]';
CREATE TABLE deliveries (
  id text PRIMARY KEY,
  kind text NOT NULL,
  topic text NOT NULL,
  site_key text NOT NULL,
  survey_id text,
  survey_version int,
  response_id uuid,
  rule_id text,
  target jsonb NOT NULL,
  secret text,
  payload text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  attempts int NOT NULL DEFAULT 0,
  next_at timestamptz NOT NULL DEFAULT now(),
  lease_until timestamptz,
  lease_owner text,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  delivered_at timestamptz
);
CREATE INDEX deliveries_due ON deliveries (next_at) WHERE status = 'pending';
CREATE INDEX deliveries_response ON deliveries (response_id);
CREATE INDEX deliveries_created ON deliveries (created_at);
CREATE TABLE follow_ups (
  response_id uuid PRIMARY KEY,
  survey_id text NOT NULL,
  site_key text NOT NULL,
  alerted_at timestamptz NOT NULL DEFAULT now(),
  status text NOT NULL DEFAULT 'open',
  status_by text,
  status_at timestamptz,
  closed_at timestamptz
);
CREATE INDEX follow_ups_survey ON follow_ups (survey_id, alerted_at);
CREATE TABLE digest_settings (
  site_key text PRIMARY KEY,
  frequency text NOT NULL,
  recipients jsonb NOT NULL,
  last_period text
);
`;
