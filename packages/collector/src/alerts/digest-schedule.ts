// Queues each site's digest once per period: the delivery id names site and period, so several processes write it once.
import type { Logger } from '../log.js';
import type { Storage } from '../storage/types.js';
import { repeat, type Repeating } from '../repeat.js';
import { buildDigest, lastPeriod, renderDigest } from './digest.js';

export interface DigestScheduleOptions {
  logger?: Logger | undefined;
  /** How often to look for a period that has ended (default 15 min). */
  intervalMs?: number;
  dashboardUrl?: string | undefined;
  now?: () => Date;
  onQueued?: () => void;
}

/** Writes the digest deliveries due at `now`; returns how many were new. */
export async function queueDigests(storage: Storage, now: Date, dashboardUrl?: string): Promise<number> {
  let queued = 0;
  for (const settings of await storage.alerts.listDigests()) {
    const period = lastPeriod(settings.frequency, now);
    const id = `digest:${settings.siteKey}:${period.key}`;
    if (await storage.deliveries.get(id)) continue;
    const message = renderDigest(await buildDigest(storage, settings.siteKey, period), dashboardUrl);
    queued += await storage.deliveries.add([
      {
        id,
        kind: 'email',
        topic: 'digest',
        siteKey: settings.siteKey,
        surveyId: null,
        surveyVersion: null,
        responseId: null,
        ruleId: null,
        target: { to: settings.recipients },
        secret: null,
        payload: JSON.stringify(message),
      },
    ]);
  }
  return queued;
}

export function scheduleDigests(storage: Storage, options: DigestScheduleOptions = {}): Repeating {
  const { logger, intervalMs = 15 * 60_000, now = () => new Date() } = options;
  return repeat(
    async () => {
      const n = await queueDigests(storage, now(), options.dashboardUrl);
      if (n === 0) return;
      logger?.info('digests queued', { count: n });
      options.onQueued?.();
    },
    intervalMs,
    (err) => logger?.error('digest scheduling failed', { error: String(err) }),
  );
}
