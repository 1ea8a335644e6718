// Migration 2: dashboard sessions held server-side (so sign-out ends them) and retention by receive time.
export default `
CREATE TABLE admin_sessions (
  id_hash text PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
CREATE INDEX admin_sessions_expires ON admin_sessions (expires_at);
CREATE INDEX responses_survey_received ON responses (survey_id, received_at);
`;
