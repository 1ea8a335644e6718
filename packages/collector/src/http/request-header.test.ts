// requestHeader reads what c.req.header reads, from Node's raw header list, over real HTTP.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEnv } from './context.js';
import { requestHeader } from './request-header.js';

const NAMES = ['origin', 'content-type', 'x-forwarded-for', 'x-empty', 'x-spaced', 'absent'];
const app = new Hono<AppEnv>().get('/', (c) => {
  const ours = Object.fromEntries(NAMES.map((n) => [n, requestHeader(c, n) ?? null]));
  // Read ours first: c.req.header builds the web Headers that requestHeader does without.
  const theirs = Object.fromEntries(NAMES.map((n) => [n, c.req.header(n) ?? null]));
  return c.json({ ours, theirs, node: c.env?.incoming !== undefined });
});
let server: ServerType;
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      port = info.port;
      resolve();
    });
  });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sends a raw GET with these header lines and returns the JSON body. */
function rawGet(lines: string[]): Promise<{ ours: unknown; theirs: unknown; node: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => (text += d.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))));
    socket.write(['GET / HTTP/1.1', 'Host: 127.0.0.1', 'Connection: close', ...lines, '', ''].join('\r\n'));
  });
}

describe('requestHeader over Node', () => {
  it('reads names in any case, joins repeated ones with ", " and trims values, as c.req.header does', async () => {
    const body = await rawGet([
      'ORIGIN: https://shop.example',
      'Content-Type: application/json',
      'content-type: text/plain',
      'X-Forwarded-For: 203.0.113.9',
      'x-forwarded-for:   198.51.100.7  ',
      'X-Empty:',
      'X-Spaced: \t a b \t',
    ]);
    expect(body.node).toBe(true);
    expect(body.ours).toEqual(body.theirs);
    expect(body.ours).toEqual({
      origin: 'https://shop.example',
      'content-type': 'application/json, text/plain',
      'x-forwarded-for': '203.0.113.9, 198.51.100.7',
      'x-empty': '',
      'x-spaced': 'a b',
      absent: null,
    });
  });

  it('falls back to c.req.header when there is no Node request (app.request)', async () => {
    const res = await app.request('/', { headers: { origin: 'https://a.example', 'x-empty': '' } });
    const body = (await res.json()) as { ours: unknown; theirs: unknown; node: boolean };
    expect(body.node).toBe(false);
    expect(body.ours).toEqual(body.theirs);
    expect((body.ours as Record<string, unknown>).origin).toBe('https://a.example');
  });
});
