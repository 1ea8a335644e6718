// Retention: deletes responses older than each survey's retention_days, now and every few hours.
import type { Storage } from '../storage/types.js';
import type { Logger as ResultsLogger } from '../log.js';

const DAY = 86_400_000;
export const RETENTION_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface RetentionRun {
  surveyId: string;
  before: string;
  deleted: number;
}

/** Applies every survey's retention period once; surveys without one keep everything. */
export async function applyRetention(storage: Storage, now: Date = new Date()): Promise<RetentionRun[]> {
  const runs: RetentionRun[] = [];
  for (const survey of await storage.listSurveys()) {
    const { retentionDays } = await storage.getSurveySettings(survey.id);
    if (retentionDays === null || !(retentionDays > 0)) continue;
    const before = new Date(now.getTime() - retentionDays * DAY);
    runs.push({ surveyId: survey.id, before: before.toISOString(), deleted: await storage.deleteOlderThan(survey.id, before) });
  }
  return runs;
}

export interface RetentionSchedule {
  /** Resolves when the run in progress (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Runs applyRetention at once and then every `intervalMs`. The timer is unref'd so it never keeps
 * the process alive, and runs never overlap.
 */
export function scheduleRetention(
  storage: Storage,
  options: {
    intervalMs?: number;
    logger?: ResultsLogger | undefined;
    now?: () => Date;
    /** Called after each run (tests, metrics). */
    onRun?: (runs: RetentionRun[]) => void;
  } = {},
): RetentionSchedule {
  const { intervalMs = RETENTION_INTERVAL_MS, logger, now = () => new Date(), onRun } = options;
  let running: Promise<void> | null = null;
  let stopped = false;
  const run = () => {
    if (running || stopped) return;
    running = applyRetention(storage, now())
      .then((runs) => {
        for (const r of runs) if (r.deleted > 0) logger?.info('retention deleted responses', { ...r });
        onRun?.(runs);
      })
      .catch((err: unknown) => logger?.error('retention failed', { error: String(err) }))
      .finally(() => {
        running = null;
      });
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
