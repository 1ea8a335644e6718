// The security set as Hono's secureHeaders would set it, on built answers and on answers made final by finalJson.
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { describe, expect, it } from 'vitest';
import { finalJson, SECURITY_HEADERS, securityHeaders } from './headers.js';

const entries = (res: Response) => [...res.headers].filter(([name]) => name !== 'content-type');

describe('securityHeaders', () => {
  it('sets exactly the headers Hono secureHeaders sets by default', async () => {
    const theirs = new Hono().use(secureHeaders({ overwrite: false })).get('/', (c) => c.json({ ok: true }));
    const ours = new Hono().use(securityHeaders()).get('/', (c) => c.json({ ok: true }));
    const expected = entries(await theirs.request('/'));
    expect(expected.length).toBeGreaterThan(8);
    expect(entries(await ours.request('/'))).toEqual(expected);
    expect(Object.entries(SECURITY_HEADERS)).toEqual(expected);
  });

  it('keeps a value the route set itself and drops X-Powered-By', async () => {
    const app = new Hono().use(securityHeaders()).get('/', (c) => {
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
      c.header('X-Powered-By', 'something');
      return c.text('hi');
    });
    const res = await app.request('/');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('sets them on error answers too', async () => {
    const app = new Hono().use(securityHeaders()).get('/', () => {
      throw new Error('boom');
    });
    app.onError((_err, c) => c.json({ error: 'internal error' }, 500));
    const res = await app.request('/');
    expect(res.status).toBe(500);
    expect(entries(res)).toEqual(Object.entries(SECURITY_HEADERS));
  });
});

describe('finalJson', () => {
  it('answers JSON with the security set, the content type and the route headers, which the middleware leaves as they are', async () => {
    const app = new Hono().use(securityHeaders()).get('/', () => finalJson({ accepted: ['a'] }, 200, { vary: 'Origin', 'x-frame-options': 'DENY' }));
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ accepted: ['a'] });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(Object.fromEntries(entries(res))).toEqual({ ...SECURITY_HEADERS, vary: 'Origin', 'x-frame-options': 'DENY' });
  });
});
