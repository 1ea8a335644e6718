// The answer of POST /v1/responses over real HTTP: every header, as before the answer was built from a plain object.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPGliteStorage, serve, silentLogger, type RunningServer } from '@tellus/collector';
import { ADMIN, fullSurvey, makeResponse, ORIGIN } from './fixtures.js';

let server: RunningServer;
beforeAll(async () => {
  const storage = await openPGliteStorage();
  await storage.migrate();
  server = await serve({ storage, port: 0, hostname: '127.0.0.1', handleSignals: false, logger: silentLogger, adminToken: ADMIN });
  const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' };
  const site = await fetch(`${server.url}/v1/admin/sites`, { method: 'POST', headers: admin, body: JSON.stringify({ key: 'shop', origins: [ORIGIN] }) });
  expect(site.status).toBeLessThan(300);
  const survey = await fetch(`${server.url}/v1/admin/surveys/post-chat`, {
    method: 'PUT',
    headers: admin,
    body: JSON.stringify({ siteKey: 'shop', survey: fullSurvey() }),
  });
  expect(survey.status).toBeLessThan(300);
});
afterAll(() => server.close());

/** One raw POST /v1/responses; the status line and header lines (lower-cased names, the per-request Date left out), sorted. */
function post(headerLines: string[], body: string): Promise<{ status: string; headers: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', rest = ''] = text.split('\r\n\r\n');
      const [status = '', ...lines] = head.split('\r\n');
      const headers = lines.map((l) => l.replace(/^[^:]+/, (name) => name.toLowerCase())).filter((l) => !l.startsWith('date:'));
      resolve({ status, headers: headers.sort(), body: rest });
    });
    const lines = ['POST /v1/responses HTTP/1.1', 'Host: 127.0.0.1', 'Connection: close', ...headerLines, `Content-Length: ${Buffer.byteLength(body)}`];
    socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
  });
}

const SECURITY = [
  'cross-origin-opener-policy: same-origin',
  'cross-origin-resource-policy: same-origin',
  'origin-agent-cluster: ?1',
  'referrer-policy: no-referrer',
  'strict-transport-security: max-age=15552000; includeSubDomains',
  'x-content-type-options: nosniff',
  'x-dns-prefetch-control: off',
  'x-download-options: noopen',
  'x-frame-options: SAMEORIGIN',
  'x-permitted-cross-domain-policies: none',
  'x-xss-protection: 0',
];
const CORS = [`access-control-allow-origin: ${ORIGIN}`, 'access-control-expose-headers: Retry-After'];
const expected = (body: string, extra: string[]) =>
  [...SECURITY, ...extra, 'connection: close', 'content-type: application/json', `content-length: ${Buffer.byteLength(body)}`, 'vary: Origin'].sort();

describe('the ingest answer over HTTP', () => {
  it('acks a batch from a page with the security set, CORS for its origin, JSON and Vary: Origin', async () => {
    const item = makeResponse();
    const res = await post(['Content-Type: application/json', `Origin: ${ORIGIN}`], JSON.stringify({ siteKey: 'shop', responses: [item] }));
    expect(res.status).toBe('HTTP/1.1 200 OK');
    expect(JSON.parse(res.body)).toEqual({ accepted: [item.id], duplicates: [], rejected: [] });
    expect(res.headers).toEqual(expected(res.body, CORS));
  });

  it('acks a batch without an Origin (a server, a beacon from no page) with no CORS headers but Vary: Origin', async () => {
    const item = makeResponse();
    const res = await post(['Content-Type: text/plain'], JSON.stringify({ siteKey: 'shop', responses: [item, item] }));
    expect(res.status).toBe('HTTP/1.1 200 OK');
    expect(JSON.parse(res.body)).toMatchObject({ accepted: [item.id] });
    expect(res.headers).toEqual(expected(res.body, []));
  });

  it('answers a refused batch with the same headers, so the page can read the error', async () => {
    const malformed = await post(['Content-Type: application/json', `Origin: ${ORIGIN}`], '{"siteKey":');
    expect(malformed.status).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(malformed.body)).toEqual({ error: 'malformed JSON' });
    expect(malformed.headers).toEqual(expected(malformed.body, CORS));
    const otherOrigin = await post(
      ['Content-Type: application/json', 'Origin: https://evil.example'],
      JSON.stringify({ siteKey: 'shop', responses: [makeResponse()] }),
    );
    expect(otherOrigin.status).toBe('HTTP/1.1 403 Forbidden');
    expect(otherOrigin.headers).toEqual(
      expected(otherOrigin.body, ['access-control-allow-origin: https://evil.example', 'access-control-expose-headers: Retry-After']),
    );
  });
});
