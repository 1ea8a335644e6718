// Property test: over seeded hostile network schedules, reloads and two tabs, every response is stored exactly once.
import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Survey, SurveyResponse } from '@tellus/schema';
import { createTellus, type Tellus, type TellusEvents } from '@tellus/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** mulberry32: a tiny seeded PRNG so every schedule can be replayed from its seed. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

type Fault = 'ok' | 'drop' | 'store-then-drop' | '500' | '503' | '429' | '429-date' | '413' | 'delay' | 'slow' | 'ack-twice' | 'ack-some';
const FAULTS: [Fault, number][] = [
  ['ok', 40],
  ['drop', 8],
  ['store-then-drop', 8],
  ['500', 6],
  ['503', 6],
  ['429', 6],
  ['429-date', 2],
  ['413', 4],
  ['delay', 10],
  ['slow', 2],
  ['ack-twice', 8],
  ['ack-some', 6],
];

/** A collector stand-in on 127.0.0.1 that upserts by id (highest seq wins) and misbehaves per a seeded schedule. */
function hostileCollector() {
  const stored = new Map<string, SurveyResponse>();
  let inserts = 0;
  let requests = 0;
  // Requests whose client went away before the answer: reloads and timeouts in the middle of a flush.
  let abandoned = 0;
  // 413 answers, so the halving path is proven to run under the same hostile schedules.
  let tooLarge = 0;
  let healthy = false;
  let rand = prng(1);
  // A slow request from the previous schedule must not land in this one's store.
  let epoch = 0;
  const pick = (): Fault => {
    if (healthy) return 'ok';
    let x = rand() * 100;
    for (const [f, w] of FAULTS) if ((x -= w) < 0) return f;
    return 'ok';
  };
  const ingest = (items: SurveyResponse[]) => {
    const accepted: string[] = [];
    const duplicates: string[] = [];
    for (const r of items) {
      const prior = stored.get(r.id);
      if (!prior) inserts++;
      if (!prior || prior.seq < r.seq) {
        stored.set(r.id, r);
        accepted.push(r.id);
      } else duplicates.push(r.id);
    }
    return { accepted, duplicates, rejected: [] };
  };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    const started = epoch;
    let dropped = false;
    const drop = () => {
      dropped = true;
      req.socket.destroy();
    };
    res.on('close', () => {
      if (!res.writableFinished && !dropped) abandoned++;
    });
    req.on('end', async () => {
      requests++;
      const fault = pick();
      if (fault === 'drop') return drop();
      const send = (status: number, json: unknown, headers: Record<string, string> = {}) => {
        if (res.destroyed || req.socket.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(json));
      };
      if (fault === '500' || fault === '503') return send(Number(fault), { error: 'unavailable' });
      if (fault === '429') return send(429, { error: 'rate_limited' }, { 'retry-after': rand() < 0.15 ? '1' : '0' });
      // An HTTP date with one-second resolution: waits up to a second.
      if (fault === '429-date') return send(429, { error: 'rate_limited' }, { 'retry-after': new Date(Date.now() + 1000).toUTCString() });
      // Too large, but never for a single response (that would be dead-lettered, rightly): the SDK halves the batch.
      if (fault === '413' && (JSON.parse(body) as { responses: unknown[] }).responses.length > 1) {
        tooLarge++;
        return send(413, { error: 'too_large' });
      }
      if (fault === 'delay' || fault === 'slow') await new Promise((r) => setTimeout(r, fault === 'slow' ? 700 : 20 + rand() * 150));
      if (started !== epoch) return drop();
      const batch = JSON.parse(body) as { siteKey: string; responses: SurveyResponse[] };
      const ack = ingest(batch.responses);
      if (fault === 'store-then-drop') return drop();
      if (fault === 'ack-twice')
        return send(200, { accepted: [...ack.accepted, ...ack.accepted], duplicates: [...ack.duplicates, ...ack.accepted], rejected: [] });
      if (fault === 'ack-some') {
        const half = (xs: string[]) => xs.filter((_, i) => i % 2 === 0);
        return send(200, { accepted: half(ack.accepted), duplicates: half(ack.duplicates), rejected: [] });
      }
      send(200, ack);
    });
  });
  return {
    server,
    stored,
    get inserts() {
      return inserts;
    },
    get requests() {
      return requests;
    },
    get abandoned() {
      return abandoned;
    },
    get tooLarge() {
      return tooLarge;
    },
    reset(seed: number) {
      epoch++;
      stored.clear();
      inserts = 0;
      requests = 0;
      abandoned = 0;
      tooLarge = 0;
      healthy = false;
      rand = prng(seed);
    },
    heal: () => void (healthy = true),
  };
}

const SURVEY: Survey = {
  id: 'post-chat',
  version: 2,
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
    { id: 'why', type: 'text', text: 'Why?' },
  ],
};

const SEEDS = Array.from({ length: 12 }, (_, i) => 1000 + i * 7919);
const PER_SEED = 90;

describe('exactly-once delivery', () => {
  const c = hostileCollector();
  let endpoint = '';
  beforeAll(async () => {
    await new Promise<void>((r) => c.server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(c.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    c.server.closeAllConnections();
    await new Promise((r) => c.server.close(r));
  });

  const totals = { responses: 0, requests: 0, reloads: 0, abandoned: 0, tooLarge: 0 };

  it.each(SEEDS)('stores every response exactly once under schedule %i', async (seed) => {
    c.reset(seed);
    const rand = prng(seed ^ 0x5eed);
    const dbName = `exactly-once-${seed}`;
    const expected = new Map<string, SurveyResponse>();
    const trouble: TellusEvents['error'][] = [];
    const fallbacks: string[] = [];
    let reloads = 0;

    const open = (): Tellus => {
      const t = createTellus({
        siteKey: 'site_1',
        endpoint,
        dbName,
        surveys: [SURVEY],
        flushDelayMs: Math.floor(rand() * 5),
        retryBaseMs: 5,
        retryCapMs: 60,
        leaseMs: 1200,
        requestTimeoutMs: 500,
        random: rand,
      });
      t.on('error', (e) => trouble.push(e));
      t.on('queueFallback', (e) => fallbacks.push(e.reason));
      t.on('submit', ({ response }) => expected.set(response.id, response));
      return t;
    };
    // Two tabs sharing one database.
    const tabs = [open(), open()];

    for (let i = 0; i < PER_SEED; i++) {
      const k = rand() < 0.5 ? 0 : 1;
      const tab = tabs[k]!;
      const value = Math.floor(rand() * 11);
      if (rand() < 0.3) {
        // Partial saves first: the same id travels with seq 0, 1, then completes with seq 2.
        await tab.answer('post-chat', 'nps', value);
        await tab.answer('post-chat', 'why', `because ${i}`);
        await tab.submit('post-chat');
      } else await tab.submit('post-chat', { nps: value });
      if (rand() < 0.2) void tab.flush();
      if (rand() < 0.08) {
        // A reload in the middle of whatever this tab was sending: no goodbye, leases left behind.
        await new Promise((r) => setTimeout(r, rand() * 30));
        tab.destroy();
        tabs[k] = open();
        reloads++;
      }
      if (rand() < 0.1) await new Promise((r) => setTimeout(r, rand() * 20));
    }

    // Let the faults play out for a while, then the network heals; leases of crashed tabs expire.
    const deadline = Date.now() + 4000;
    while (Date.now() < deadline && c.stored.size < expected.size) {
      await Promise.all(tabs.map((t) => t.flush()));
      await new Promise((r) => setTimeout(r, 25));
    }
    c.heal();
    for (let round = 0; round < 200; round++) {
      const sizes = await Promise.all(tabs.map((t) => t.flush().then(() => t.queueSize())));
      if (sizes.every((n) => n === 0)) break;
      await new Promise((r) => setTimeout(r, 50));
    }

    const stored = [...c.stored.values()];
    expect(await tabs[0]!.queueSize()).toBe(0);
    expect(await tabs[0]!.deadLetters()).toEqual([]);
    expect(trouble).toEqual([]);
    expect(fallbacks).toEqual([]);
    expect(expected.size).toBe(PER_SEED);
    // Every id reached the server, no unknown id did, each id was inserted once, with its final version.
    expect(new Set(stored.map((r) => r.id))).toEqual(new Set(expected.keys()));
    expect(c.inserts).toBe(expected.size);
    for (const r of stored) expect(r).toEqual(expected.get(r.id));
    tabs.forEach((t) => t.destroy());
    totals.responses += expected.size;
    totals.requests += c.requests;
    totals.reloads += reloads;
    totals.abandoned += c.abandoned;
    totals.tooLarge += c.tooLarge;
  });

  it('covered over a thousand responses', () => {
    expect(totals.responses).toBeGreaterThanOrEqual(1000);
    expect(totals.reloads).toBeGreaterThan(0);
    expect(totals.abandoned).toBeGreaterThan(0);
    expect(totals.tooLarge).toBeGreaterThan(0);
    console.info(
      `exactly-once: ${totals.responses} responses, ${totals.requests} requests (${totals.abandoned} abandoned mid-flight, ${totals.tooLarge} answered 413), ` +
        `${totals.reloads} reloads over ${SEEDS.length} schedules`,
    );
  });
});
