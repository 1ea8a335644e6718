// Works the outbox: claims due deliveries under a lease, sends them, records each outcome; one per collector process.
import { randomUUID } from 'node:crypto';
import type { Survey } from '@tellus/schema';
import type { Logger } from '../log.js';
import { DEFAULT_BACKOFF, retryDelay, type BackoffOptions } from './backoff.js';
import { describeError } from './outcome.js';
import { repeat } from '../repeat.js';
import { sendDelivery, type SendContext } from './send.js';
import type { Mailer } from './smtp.js';
import type { DeliveryStore } from './store.js';
import type { Delivery } from './types.js';

export interface DeliveryWorkerOptions {
  deliveries: DeliveryStore;
  surveys: { getSurvey(id: string, version?: number): Promise<{ definition: Survey } | null> };
  logger?: Logger | undefined;
  fetch?: typeof fetch;
  mailer?: Mailer | undefined;
  dashboardUrl?: string | undefined;
  /** How often the outbox is looked at when nothing pokes the worker (default 2 s). */
  pollMs?: number;
  /** Deliveries claimed per round (default 10), sent concurrently. */
  batch?: number;
  /** How long a claim keeps other processes off a delivery (default 60 s; longer than any send). */
  leaseMs?: number;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** A delivery keeps being retried while younger than this (default 24 h); then it is failed and kept. */
  retryForMs?: number;
  backoff?: Partial<BackoffOptions>;
  /** Delivered rows are kept this long for the admin API and dashboard, then deleted (default 30 days). */
  keepDeliveredMs?: number;
}

export interface DeliveryWorker {
  /** Look at the outbox now (after an ingest wrote rows); never throws. */
  poke(): void;
  /** Resolves after a round that found nothing due (tests). */
  settled(): Promise<void>;
  /** Stops claiming and waits for the sends in flight to be recorded. */
  close(): Promise<void>;
}

export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { deliveries, logger } = options;
  const pollMs = options.pollMs ?? 2000;
  const batch = options.batch ?? 10;
  const leaseMs = options.leaseMs ?? 60_000;
  const retryForMs = options.retryForMs ?? 24 * 60 * 60_000;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  const owner = randomUUID();
  const surveyCache = new Map<string, Promise<Survey | undefined>>();
  const ctx: SendContext = {
    fetch: options.fetch ?? fetch,
    timeoutMs: options.timeoutMs ?? 10_000,
    mailer: options.mailer,
    dashboardUrl: options.dashboardUrl,
    survey(id, version) {
      const key = `${id}\u0000${version}`;
      let hit = surveyCache.get(key);
      if (!hit) {
        // Survey versions never change once stored, so a found one is kept.
        hit = options.surveys.getSurvey(id, version).then((s) => s?.definition);
        hit.catch(() => surveyCache.delete(key));
        if (surveyCache.size > 1000) surveyCache.clear();
        surveyCache.set(key, hit);
      }
      return hit;
    },
  };

  let closed = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settledWaiters: (() => void)[] = [];

  async function attempt(d: Delivery): Promise<void> {
    let outcome: Awaited<ReturnType<typeof sendDelivery>>;
    try {
      outcome = await sendDelivery(d, ctx);
    } catch (err) {
      // A delivery that cannot even be rendered is kept as failed with the reason, never dropped.
      outcome = { kind: 'refused' as const, error: describeError(err) };
    }
    if (outcome.kind === 'delivered') return deliveries.delivered(d.id);
    const expired = Date.now() - Date.parse(d.createdAt) >= retryForMs;
    const final = outcome.kind === 'refused' || expired;
    const delay = outcome.kind === 'retry' ? retryDelay(d.attempts, backoff, outcome.retryAfterMs) : 0;
    await deliveries.failedAttempt(d.id, outcome.error, delay, final);
    const fields = { id: d.id, kind: d.kind, attempts: d.attempts, error: outcome.error };
    if (final) logger?.error('delivery failed', fields);
    else logger?.warn('delivery will be retried', { ...fields, inMs: Math.round(delay) });
  }

  async function round(): Promise<number> {
    const due = await deliveries.claim(owner, batch, leaseMs);
    await Promise.all(
      due.map((d) => attempt(d).catch((err: unknown) => logger?.error('delivery outcome not recorded', { id: d.id, error: describeError(err) }))),
    );
    return due.length;
  }

  function schedule(ms: number) {
    clearTimeout(timer);
    if (closed) return;
    timer = setTimeout(kick, ms);
    timer.unref();
  }

  function kick() {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      let full = true;
      try {
        do {
          again = false;
          full = (await round()) === batch;
        } while (!closed && (full || again));
      } catch (err) {
        logger?.error('outbox round failed', { error: describeError(err) });
      }
      const w = settledWaiters;
      settledWaiters = [];
      w.forEach((f) => f());
    })().finally(() => {
      running = null;
      schedule(pollMs);
    });
  }

  schedule(0);
  const keep = options.keepDeliveredMs ?? 30 * 24 * 60 * 60_000;
  const pruning = repeat(
    async () => {
      const n = await deliveries.pruneDelivered(new Date(Date.now() - keep));
      if (n > 0) logger?.info('delivered deliveries pruned', { count: n });
    },
    60 * 60_000,
    (err) => logger?.error('pruning deliveries failed', { error: describeError(err) }),
  );
  return {
    poke() {
      kick();
    },
    settled() {
      if (closed) return Promise.resolve();
      const p = new Promise<void>((ok) => settledWaiters.push(ok));
      kick();
      return p;
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await Promise.all([running, pruning.stop()]);
      options.mailer?.close();
    },
  };
}
