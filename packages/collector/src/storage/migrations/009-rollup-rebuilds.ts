// Migration 9: the survey-days whose roll-ups wait to be recounted after their site's dimensions changed, with the
// dimensions to count afresh there (rollups/rebuild.ts works them off one short transaction at a time, and a restart
// resumes where it stopped).
export default `
CREATE TABLE rollup_rebuilds (
  survey_id text NOT NULL,
  day date NOT NULL,
  dimensions text[] NOT NULL,
  PRIMARY KEY (survey_id, day)
);
`;
