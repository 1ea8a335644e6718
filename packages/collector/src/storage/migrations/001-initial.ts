// Migration 1: sites, versioned surveys, per-survey settings and responses keyed by the SDK's uuid.
export default `
CREATE TABLE sites (
  key text PRIMARY KEY,
  name text,
  origins jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE surveys (
  id text NOT NULL,
  version int NOT NULL,
  site_key text NOT NULL REFERENCES sites(key),
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (id, version)
);
CREATE TABLE survey_settings (
  survey_id text PRIMARY KEY,
  webhook_url text,
  webhook_secret text,
  retention_days int
);
CREATE TABLE responses (
  id uuid PRIMARY KEY,
  site_key text NOT NULL,
  survey_id text NOT NULL,
  survey_version int NOT NULL,
  seq int NOT NULL,
  completed bool NOT NULL,
  answers jsonb NOT NULL,
  meta jsonb NOT NULL,
  anon_id text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX responses_survey_created ON responses (survey_id, created_at);
CREATE INDEX responses_anon ON responses (anon_id);
`;
