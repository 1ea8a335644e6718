// OpenAPI of routes/sites.ts and routes/surveys.ts: the public survey list and the admin API for sites and surveys.
import { admin, json, pathParam, pick, queryParam, ref, reply, type Paths } from '../build.js';

const survey = {
  id: 'post-chat',
  version: 1,
  questions: [{ id: 'csat', type: 'rating', scale: 5, text: { en: 'How satisfied are you with the help you got?' } }],
};
const id = pathParam('id', 'Survey id');

export const configPaths: Paths = {
  '/v1/sites/{siteKey}/surveys': {
    get: {
      summary: 'Active surveys of a site (the SDK’s surveysUrl); ETag and Cache-Control: max-age=60',
      tags: ['config'],
      parameters: [pathParam('siteKey', 'Site key')],
      responses: {
        200: reply(
          'The surveys',
          { type: 'object', properties: { surveys: { type: 'array', items: ref('Survey') } }, required: ['surveys'] },
          { surveys: [survey] },
        ),
        304: { description: 'Not modified (If-None-Match matched the ETag)' },
        403: reply('Origin not allowed'),
        ...pick(404),
      },
    },
  },
  '/v1/admin/sites': {
    get: {
      summary: 'List sites',
      tags: ['admin'],
      security: admin,
      responses: { 200: reply('Sites', { type: 'object', properties: { sites: { type: 'array', items: ref('Site') } } }), ...pick(401) },
    },
    post: {
      summary: 'Create or update a site, its allowed origins and its roll-up dimensions',
      tags: ['admin'],
      security: admin,
      requestBody: {
        required: true,
        ...json(ref('Site'), { key: 'shop', name: 'Lumo shop', origins: ['https://shop.example.com'], dimensions: ['location', 'agent', 'channel', 'locale'] }),
      },
      responses: {
        200: reply('Updated', { type: 'object', properties: { site: ref('Site') } }),
        201: reply('Created', { type: 'object', properties: { site: ref('Site') } }),
        ...pick(400, 401, 413, 415),
      },
    },
  },
  '/v1/admin/surveys': {
    get: {
      summary: 'Latest version of each survey',
      tags: ['admin'],
      security: admin,
      parameters: [queryParam('siteKey', 'Only this site’s surveys')],
      responses: { 200: reply('Surveys', { type: 'object', properties: { surveys: { type: 'array', items: ref('StoredSurvey') } } }), ...pick(401) },
    },
  },
  '/v1/admin/surveys/{id}': {
    get: {
      summary: 'One survey (latest version, or ?version=)',
      tags: ['admin'],
      security: admin,
      parameters: [id, queryParam('version', 'A stored version', { type: 'integer', minimum: 1 })],
      responses: { 200: reply('The survey', { type: 'object', properties: { survey: ref('StoredSurvey') } }), ...pick(400, 401, 404) },
    },
    put: {
      summary: 'Store a survey; a changed definition becomes a new version',
      tags: ['admin'],
      security: admin,
      parameters: [id],
      requestBody: {
        required: true,
        ...json(
          { type: 'object', properties: { siteKey: { type: 'string' }, survey: ref('Survey') }, required: ['siteKey', 'survey'] },
          { siteKey: 'shop', survey },
        ),
      },
      responses: {
        200: reply('Unchanged', { type: 'object', properties: { id: { type: 'string' }, version: { type: 'integer' }, created: { type: 'boolean' } } }),
        201: reply('New version stored', {
          type: 'object',
          properties: { id: { type: 'string' }, version: { type: 'integer' }, created: { type: 'boolean' } },
        }),
        409: reply('Conflicts with what is stored'),
        ...pick(400, 401, 413, 415),
      },
    },
  },
};
