// OpenAPI of routes/results.ts, routes/insights.ts, routes/export.ts, routes/respondents.ts and routes/survey-settings.ts: what admins read and control.
import { admin, adminOrCookie, file, json, pathParam, pick, queryParam, ref, reply, type Paths } from '../build.js';

const id = pathParam('id', 'Survey id');
const filters = [
  queryParam('from', 'First day (YYYY-MM-DD) or instant (ISO 8601)'),
  queryParam('to', 'Last day (inclusive) or instant'),
  queryParam('completed', '1: completed responses only', { type: 'string', enum: ['1', 'true'] }),
];
const exportOf = (format: string, type: string) => ({
  get: {
    summary: `Stream every response as ${format}`,
    tags: ['results'],
    security: admin,
    parameters: [id, ...filters, ...(format === 'CSV' ? [queryParam('bom', '1: start with a UTF-8 byte order mark (Excel)')] : [])],
    responses: { 200: file(`${format}; CSV is RFC 4180 with formula cells neutralised`, type), ...pick(400, 401, 404) },
  },
});

export const resultsPaths: Paths = {
  '/v1/surveys/{id}/results': {
    get: {
      summary: 'Scores (NPS, CSAT, CES with 95% intervals), distributions, time series, groups and recent comments',
      tags: ['results'],
      security: adminOrCookie,
      parameters: [
        id,
        ...filters,
        queryParam('interval', 'Time-series bucket', { type: 'string', enum: ['day', 'week', 'month'] }),
        queryParam('groupBy', 'Meta attribute to compare by (e.g. location); each group gets vsRest verdicts, Holm-corrected'),
        queryParam('localeGrouping', 'With groupBy=locale: one group per language (default) or per exact tag', { type: 'string', enum: ['language', 'tag'] }),
      ],
      responses: {
        200: reply(
          'Results, counted from the roll-ups (`counted` says whether anything was scanned and why; weak ETag: send If-None-Match to get 304 when unchanged)',
          { type: 'object' },
        ),
        304: reply('Not modified'),
        ...pick(400, 401, 404),
        499: { description: 'The client went away; the counting was cancelled (no body)' },
      },
    },
  },
  '/v1/surveys/{id}/insights': {
    get: {
      summary: 'Matrix row means per group, key drivers (Shapley R², bootstrap intervals) and themes in comments, from the newest responses',
      tags: ['results'],
      security: adminOrCookie,
      parameters: [
        id,
        ...filters,
        queryParam('groupBy', 'Meta attribute for per-group matrix means and drivers'),
        queryParam('localeGrouping', 'With groupBy=locale: per language (default) or per exact tag', { type: 'string', enum: ['language', 'tag'] }),
      ],
      responses: {
        200: reply('Insights; sample.complete is false when a sample was used', { type: 'object' }),
        304: reply('Not modified'),
        ...pick(400, 401, 404),
      },
    },
  },
  '/v1/surveys/{id}/responses.csv': exportOf('CSV', 'text/csv'),
  '/v1/surveys/{id}/responses.ndjson': exportOf('NDJSON', 'application/x-ndjson'),
  '/v1/respondents/{anonId}': {
    delete: {
      summary: 'Erase every response of one anonymous visitor (right to erasure)',
      tags: ['privacy'],
      security: admin,
      parameters: [pathParam('anonId', 'The visitor’s anonymous id', { type: 'string', pattern: '^[A-Za-z0-9_-]{1,128}$' })],
      responses: { 200: reply('How many were erased', { type: 'object', properties: { deleted: { type: 'integer' } } }, { deleted: 3 }), ...pick(400, 401) },
    },
  },
  '/v1/admin/surveys/{id}/settings': {
    get: {
      summary: 'Webhook and retention settings (the secret is never shown)',
      tags: ['admin'],
      security: admin,
      parameters: [id],
      responses: { 200: reply('Settings', { type: 'object', properties: { settings: ref('SurveySettings') } }), ...pick(401, 404) },
    },
    put: {
      summary: 'Change webhook and retention settings (null clears one)',
      tags: ['admin'],
      security: admin,
      parameters: [id],
      requestBody: {
        required: true,
        ...json(ref('SurveySettings'), { webhookUrl: 'https://helpdesk.example.com/hooks/tellus', webhookSecret: 'change-me', retentionDays: 365 }),
      },
      responses: { 200: reply('Settings', { type: 'object', properties: { settings: ref('SurveySettings') } }), ...pick(400, 401, 404, 413, 415) },
    },
  },
};
