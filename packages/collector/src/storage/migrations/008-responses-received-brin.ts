// Migration 8: retention's index on receipt time becomes a BRIN index. Rows arrive in receipt order, so a block range
// summary (32 kB at 1M responses where the btree took 29 MB) finds the old ones as well for retention's slices, while
// ingestion no longer writes a btree entry (and its WAL, 3.7 KiB a batch of 50) per response.
export default `
DROP INDEX responses_survey_received;
CREATE INDEX responses_received_brin ON responses USING brin (received_at);
`;
