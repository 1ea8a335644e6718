// OpenAPI of routes/alert-rules.ts, routes/deliveries.ts, routes/follow-ups.ts and routes/digests.ts: alerts, the delivery outbox, follow-ups and digests.
import { admin, adminOrCookie, json, pathParam, pick, queryParam, reply, type Paths } from '../build.js';

const surveyId = pathParam('id', 'Survey id');
const siteKey = pathParam('key', 'Site key');
const obj = { type: 'object' } as const;

export const alertsPaths: Paths = {
  '/v1/admin/surveys/{id}/rules': {
    get: {
      summary: 'A survey’s alert rules (webhook secrets read as secretSet)',
      tags: ['alerts'],
      security: adminOrCookie,
      parameters: [surveyId],
      responses: { 200: reply('The rules', { type: 'object', properties: { rules: { type: 'array', items: obj } } }), ...pick(401, 404) },
    },
    put: {
      summary: 'Replace a survey’s alert rules (checked first; nothing written on error)',
      tags: ['alerts'],
      security: admin,
      parameters: [surveyId],
      requestBody: { required: true, ...json({ type: 'object', properties: { rules: { type: 'array', items: obj } }, required: ['rules'] }) },
      responses: { 200: reply('Stored', obj), ...pick(400, 401, 404, 413, 415) },
    },
  },
  '/v1/admin/deliveries': {
    get: {
      summary: 'The delivery outbox: counts and rows (pending, delivered, failed with lastError)',
      tags: ['alerts'],
      security: adminOrCookie,
      parameters: [
        queryParam('status', 'Only deliveries in this state', { type: 'string', enum: ['pending', 'delivered', 'failed'] }),
        queryParam('surveyId', 'Only this survey’s deliveries'),
        queryParam('responseId', 'Only this response’s deliveries (a UUID)'),
        queryParam('limit', 'At most this many rows (1–1000)', { type: 'integer', minimum: 1, maximum: 1000 }),
      ],
      responses: { 200: reply('Counts and deliveries', obj), ...pick(400, 401) },
    },
  },
  '/v1/admin/deliveries/{id}/retry': {
    post: {
      summary: 'Retry a failed delivery',
      tags: ['alerts'],
      security: admin,
      parameters: [pathParam('id', 'Delivery id')],
      responses: { 200: reply('Queued again', obj), ...pick(401, 404) },
    },
  },
  '/v1/admin/surveys/{id}/follow-ups': {
    get: {
      summary: 'Alerted responses and how many were closed within 24 h, per group',
      tags: ['alerts'],
      security: adminOrCookie,
      parameters: [
        surveyId,
        queryParam('status', 'Only follow-ups in this state', { type: 'string', enum: ['open', 'contacted', 'resolved'] }),
        queryParam('groupBy', 'Meta attribute to group by (default location)'),
      ],
      responses: { 200: reply('Follow-ups', obj), ...pick(400, 401, 404) },
    },
  },
  '/v1/admin/follow-ups/{responseId}': {
    put: {
      summary: 'Set an alerted response’s follow-up status',
      tags: ['alerts'],
      security: admin,
      parameters: [pathParam('responseId', 'Response id (a UUID)')],
      requestBody: {
        required: true,
        ...json(
          { type: 'object', properties: { status: { type: 'string', enum: ['open', 'contacted', 'resolved'] }, by: { type: 'string' } }, required: ['status'] },
          { status: 'contacted', by: 'ana' },
        ),
      },
      responses: { 200: reply('Updated', obj), ...pick(400, 401, 404, 413, 415) },
    },
  },
  '/v1/admin/sites/{key}/digest': {
    get: {
      summary: 'A site’s digest settings, or null',
      tags: ['alerts'],
      security: adminOrCookie,
      parameters: [siteKey],
      responses: { 200: reply('Digest settings', obj), ...pick(401, 404) },
    },
    put: {
      summary: 'Set a site’s digest: frequency (daily or weekly) and recipients',
      tags: ['alerts'],
      security: admin,
      parameters: [siteKey],
      requestBody: {
        required: true,
        ...json(
          { type: 'object', properties: { frequency: { type: 'string', enum: ['daily', 'weekly'] }, recipients: { type: 'array', items: { type: 'string' } } } },
          { frequency: 'weekly', recipients: ['cx@example.com'] },
        ),
      },
      responses: { 200: reply('Stored', obj), ...pick(400, 401, 404, 413, 415) },
    },
  },
  '/v1/admin/sites/{key}/digest/preview': {
    get: {
      summary: 'The last period’s digest as HTML, or as text with format=text',
      tags: ['alerts'],
      security: adminOrCookie,
      parameters: [
        siteKey,
        queryParam('frequency', 'Period length (default weekly)', { type: 'string', enum: ['daily', 'weekly'] }),
        queryParam('at', 'The instant the period ends at (default now)'),
        queryParam('format', 'text: plain text instead of HTML', { type: 'string', enum: ['text'] }),
      ],
      responses: {
        200: { description: 'The digest', content: { 'text/html': { schema: { type: 'string' } }, 'text/plain': { schema: { type: 'string' } } } },
        ...pick(400, 401, 404),
      },
    },
  },
};
