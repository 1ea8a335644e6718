// OpenAPI of routes/dashboard.ts and routes/pages.ts: the dashboard, hosted link surveys and the widget files (HTML and assets, not JSON APIs).
import { adminOrCookie, file, json, pathParam, pick, queryParam, ref, reply, type Operation, type Paths } from '../build.js';

const page = (summary: string, parameters: Operation['parameters'] = []): Record<string, Operation> => ({
  get: { summary, tags: ['dashboard'], parameters, responses: { 200: file('The page (or the sign-in page, 401, without a session)', 'text/html') } },
});
const asset = (summary: string, type: string, tag: string): Record<string, Operation> => ({
  get: { summary, tags: [tag], responses: { 200: file(summary, type), 404: file('Not built', 'text/plain') } },
});
const id = pathParam('id', 'Survey id');

export const pagesPaths: Paths = {
  '/dashboard': page('Dashboard: surveys and their scores (?token= once, then an HttpOnly session cookie)', [
    queryParam('token', 'The admin token, exchanged for a session cookie'),
  ]),
  '/dashboard/': page('Dashboard (same as /dashboard)'),
  '/dashboard/surveys/{id}': page('One survey’s results page', [id]),
  '/dashboard/surveys/{id}/edit': page('Survey editor with live preview', [id]),
  '/dashboard/login': {
    post: {
      summary: 'Sign in with the admin token (form field `token`); sets the session cookie',
      tags: ['dashboard'],
      requestBody: { content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { token: { type: 'string' } } } } } },
      responses: { 303: { description: 'Signed in, to /dashboard' }, 401: file('Wrong token', 'text/html') },
    },
  },
  '/dashboard/logout': { post: { summary: 'Sign out (clears the session cookie)', tags: ['dashboard'], responses: { 303: { description: 'To /dashboard' } } } },
  '/dashboard/assets/dashboard.css': asset('Dashboard styles', 'text/css', 'dashboard'),
  '/dashboard/assets/dashboard.js': asset('Dashboard script', 'text/javascript', 'dashboard'),
  '/dashboard/api/surveys': {
    get: {
      summary: 'Surveys with response counts, for the dashboard',
      tags: ['dashboard'],
      security: adminOrCookie,
      responses: { 200: reply('Surveys', { type: 'object' }), ...pick(401) },
    },
  },
  '/dashboard/api/surveys/{id}': {
    get: {
      summary: 'A survey for the editor, and whether the widget preview is available',
      tags: ['dashboard'],
      security: adminOrCookie,
      parameters: [id],
      responses: { 200: reply('Survey', { type: 'object', properties: { survey: ref('StoredSurvey'), preview: { type: 'boolean' } } }), ...pick(401, 404) },
    },
    put: {
      summary: 'Save the edited survey as a new version',
      tags: ['dashboard'],
      security: adminOrCookie,
      parameters: [id],
      requestBody: { required: true, ...json({ type: 'object', properties: { survey: ref('Survey') }, required: ['survey'] }) },
      responses: {
        200: reply('Unchanged', { type: 'object' }),
        201: reply('Saved as a new version', { type: 'object' }),
        403: reply('Not a same-origin JSON request'),
        ...pick(400, 401, 404, 413, 415),
      },
    },
  },
  '/dashboard/preview': page('The editor’s widget preview frame'),
  '/s/{surveyId}': {
    get: {
      summary: 'A survey as a full page, for e-mail, SMS or a QR code',
      tags: ['hosted'],
      parameters: [pathParam('surveyId', 'Survey id'), queryParam('channel', 'Recorded as meta.channel (e.g. email)'), queryParam('lang', 'Locale')],
      responses: { 200: file('The survey page', 'text/html'), 404: file('Unknown survey', 'text/html') },
    },
  },
  '/s/{surveyId}/v1/responses': {
    post: {
      summary: 'Ingestion for the hosted page (same origin, same rules as POST /v1/responses)',
      tags: ['hosted'],
      parameters: [pathParam('surveyId', 'Survey id')],
      requestBody: { required: true, ...json(ref('Batch')) },
      responses: { 200: reply('Per item outcome', ref('Ack')), 403: reply('Not this survey’s site'), ...pick(400, 413, 415, 429) },
    },
  },
  '/s/assets/hosted.js': asset('Hosted page script', 'text/javascript', 'hosted'),
  '/s/assets/hosted.css': asset('Hosted page styles', 'text/css', 'hosted'),
  '/widget/{file}': {
    get: {
      summary: 'The widget’s built files (tellus.js, tellus-ui.js, loader.js), for pages that load the script tag from the collector',
      tags: ['hosted'],
      parameters: [pathParam('file', 'File name under the widget’s dist/')],
      responses: { 200: file('The file', 'text/javascript'), 404: file('Not found', 'text/plain') },
    },
  },
  '/openapi.json': {
    get: { summary: 'This document', tags: ['operations'], responses: { 200: reply('OpenAPI 3.1', { type: 'object' }) } },
  },
};
