// Privacy: right to erasure by anonymous id and per-survey retention.
export { applyRetention, scheduleRetention, RETENTION_INTERVAL_MS, type RetentionRun, type RetentionSchedule } from './retention.js';
