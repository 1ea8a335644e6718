// Posts completed responses to each survey's webhook: signed, retried with backoff from an in-process queue.
import type { SurveyResponse } from '@tellus/schema';
import type { Logger } from '../log.js';
import type { Storage, SurveySettings } from '../storage/types.js';
import { signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER } from './sign.js';

export interface WebhookOptions {
  storage: Pick<Storage, 'getSurveySettings'>;
  fetch?: typeof fetch;
  logger?: Logger | undefined;
  /** Tries per delivery, the first included (default 6). */
  maxAttempts?: number;
  /** First retry delay; doubles each time, with jitter (default 2 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Deliveries held at most; beyond it new ones are dropped and logged (default 10,000). */
  maxQueue?: number;
  /** How long survey settings are cached (default 10 s). */
  settingsTtlMs?: number;
  random?: () => number;
}

/** What a receiver gets. `deliveryId` is stable across retries so receivers can drop repeats. */
export interface WebhookPayload {
  event: 'response.completed';
  deliveryId: string;
  /** When the delivery was queued (signed, unlike the timestamp header). */
  timestamp: string;
  siteKey: string;
  surveyId: string;
  response: SurveyResponse;
}

export interface WebhookDispatcher {
  /** Call after an ingest with the accepted items; returns at once and never throws. */
  onIngested(items: readonly SurveyResponse[], siteKey?: string): void;
  /** Resolves when nothing is queued, waiting or in flight (tests, shutdown). */
  idle(): Promise<void>;
  /** Stops retrying; waits for requests in flight. */
  close(): Promise<void>;
  readonly pending: number;
}

interface Job {
  url: string;
  secret: string | null;
  body: string;
  deliveryId: string;
  attempt: number;
}

export function createWebhookDispatcher(options: WebhookOptions): WebhookDispatcher {
  const {
    storage,
    logger,
    maxAttempts = 6,
    baseDelayMs = 2000,
    maxDelayMs = 5 * 60_000,
    timeoutMs = 10_000,
    concurrency = 4,
    maxQueue = 10_000,
    settingsTtlMs = 10_000,
    random = Math.random,
  } = options;
  const doFetch = options.fetch ?? fetch;
  const ready: Job[] = [];
  const waiting = new Set<ReturnType<typeof setTimeout>>();
  const lookups = new Set<Promise<void>>();
  const settingsCache = new Map<string, { at: number; value: Promise<SurveySettings> }>();
  let active = 0;
  let closed = false;
  let idleWaiters: (() => void)[] = [];

  const pendingCount = () => ready.length + waiting.size + active + lookups.size;
  const checkIdle = () => {
    if (pendingCount() > 0) return;
    const w = idleWaiters;
    idleWaiters = [];
    w.forEach((f) => f());
  };

  const settingsOf = (surveyId: string) => {
    const hit = settingsCache.get(surveyId);
    if (hit && Date.now() - hit.at < settingsTtlMs) return hit.value;
    const value = storage.getSurveySettings(surveyId);
    settingsCache.set(surveyId, { at: Date.now(), value });
    value.catch(() => settingsCache.delete(surveyId));
    return value;
  };

  const retryDelay = (attempt: number, retryAfter: string | null) => {
    const seconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
    if (seconds !== null) return Math.min(maxDelayMs, seconds * 1000);
    const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return exp / 2 + (random() * exp) / 2; // jitter keeps many failed deliveries from retrying in lockstep
  };

  const giveUp = (job: Job, reason: string) =>
    logger?.error('webhook delivery failed', { deliveryId: job.deliveryId, attempts: job.attempt, reason });

  async function send(job: Job): Promise<void> {
    job.attempt++;
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'tellus-collector',
      [TIMESTAMP_HEADER]: String(Math.floor(Date.now() / 1000)),
    };
    if (job.secret) headers[SIGNATURE_HEADER] = signBody(job.secret, job.body);
    let status = 0;
    let retryAfter: string | null = null;
    let failure = '';
    try {
      const res = await doFetch(job.url, { method: 'POST', headers, body: job.body, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      await res.body?.cancel().catch(() => {});
      if (res.ok) return;
      failure = `HTTP ${status}`;
    } catch (err) {
      failure = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    const retryable = status === 0 || status === 408 || status === 429 || status >= 500;
    if (!retryable) return giveUp(job, failure); // the receiver refused it; sending it again will not help
    if (job.attempt >= maxAttempts || closed) return giveUp(job, failure);
    logger?.warn('webhook delivery will be retried', { deliveryId: job.deliveryId, attempt: job.attempt, reason: failure });
    const timer = setTimeout(() => {
      waiting.delete(timer);
      ready.push(job);
      pump();
    }, retryDelay(job.attempt, retryAfter));
    timer.unref();
    waiting.add(timer);
  }

  function pump() {
    while (!closed && active < concurrency && ready.length > 0) {
      const job = ready.shift() as Job;
      active++;
      send(job)
        .catch((err: unknown) => logger?.error('webhook send crashed', { error: String(err) }))
        .finally(() => {
          active--;
          pump();
          checkIdle();
        });
    }
    checkIdle();
  }

  async function enqueue(items: readonly SurveyResponse[], siteKey: string): Promise<void> {
    const bySurvey = new Map<string, SurveyResponse[]>();
    for (const item of items) {
      if (!item.completed) continue;
      const list = bySurvey.get(item.surveyId) ?? [];
      list.push(item);
      bySurvey.set(item.surveyId, list);
    }
    for (const [surveyId, list] of bySurvey) {
      const settings = await settingsOf(surveyId);
      if (!settings.webhookUrl) continue;
      for (const response of list) {
        if (pendingCount() > maxQueue) {
          logger?.warn('webhook queue full; delivery dropped', { surveyId, responseId: response.id });
          continue;
        }
        const payload: WebhookPayload = {
          event: 'response.completed',
          deliveryId: `${response.id}:${response.seq}`,
          timestamp: new Date().toISOString(),
          siteKey,
          surveyId,
          response,
        };
        ready.push({ url: settings.webhookUrl, secret: settings.webhookSecret, body: JSON.stringify(payload), deliveryId: payload.deliveryId, attempt: 0 });
      }
    }
    pump();
  }

  return {
    onIngested(items, siteKey = '') {
      if (closed || items.length === 0) return;
      try {
        const p: Promise<void> = enqueue(items, siteKey)
          .catch((err: unknown) => logger?.error('webhook enqueue failed', { error: String(err) }))
          .finally(() => {
            lookups.delete(p);
            checkIdle();
          });
        lookups.add(p);
      } catch (err) {
        logger?.error('webhook enqueue failed', { error: String(err) });
      }
    },
    idle() {
      if (pendingCount() === 0) return Promise.resolve();
      return new Promise<void>((ok) => idleWaiters.push(ok));
    },
    async close() {
      closed = true;
      for (const t of waiting) clearTimeout(t);
      const dropped = ready.length + waiting.size;
      waiting.clear();
      ready.length = 0;
      if (dropped) logger?.warn('webhook deliveries dropped at shutdown', { count: dropped });
      await Promise.all([...lookups]);
      while (active > 0) await new Promise<void>((ok) => idleWaiters.push(ok));
      checkIdle();
    },
    get pending() {
      return pendingCount();
    },
  };
}
