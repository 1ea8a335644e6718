// OpenAPI of routes/ingest.ts and routes/health.ts: what browsers send, and liveness.
import { json, pick, ref, reply, type Paths } from '../build.js';

const example = {
  siteKey: 'shop',
  responses: [
    {
      id: '0193a5b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b',
      surveyId: 'post-chat',
      surveyVersion: 1,
      seq: 1,
      completed: true,
      answers: { csat: 4, why: 'Quick and kind.' },
      meta: { url: 'https://shop.example.com/help', locale: 'en', channel: 'web', location: 'riga' },
      anonId: 'v_3f2a9c',
      createdAt: '2026-11-23T10:00:00Z',
      updatedAt: '2026-11-23T10:00:02Z',
    },
  ],
};

export const ingestPaths: Paths = {
  '/v1/responses': {
    post: {
      summary: 'Store a batch of responses (upsert by id, highest seq wins)',
      tags: ['ingestion'],
      'x-cors': 'the site key’s allowed origins; application/json, or text/plain from sendBeacon',
      requestBody: { required: true, ...json(ref('Batch'), example) },
      responses: {
        200: reply('Per item: accepted, duplicates (already stored at this seq or higher), rejected with the reason', ref('Ack'), {
          accepted: ['0193a5b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b'],
          duplicates: [],
          rejected: [],
        }),
        403: reply('Unknown site key, or origin not allowed'),
        ...pick(400, 413, 415, 429),
      },
    },
  },
  '/healthz': {
    get: {
      summary: 'Liveness: the collector answers and its storage is reachable',
      tags: ['operations'],
      responses: {
        200: reply('Healthy', { type: 'object', properties: { status: { const: 'ok' } }, required: ['status'] }, { status: 'ok' }),
        503: reply('Storage unreachable', { type: 'object', properties: { status: { const: 'unavailable' }, error: { type: 'string' } } }),
      },
    },
  },
};
