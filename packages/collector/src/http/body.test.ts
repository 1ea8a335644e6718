// The one body reader: nesting depth counted without parsing, "__proto__" keys, and bodies read from Node's stream over real HTTP.
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { bodyLimit, fromEscapedText, hasForbiddenKey, jsonDepth, parseJson, readJson } from './body.js';
import type { AppEnv } from './context.js';
import { errorResponse, HttpError } from './errors.js';

describe('jsonDepth', () => {
  it('counts nested arrays and objects', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('['.repeat(1000) + ']'.repeat(1000))).toBe(1000);
  });

  it('ignores brackets and escaped quotes inside strings', () => {
    expect(jsonDepth('{"a":"[[[[{{{{","b":"\\"[[["}')).toBe(1);
  });

  it('ends a string at the first quote after an even run of backslashes, as a char-by-char scan would', () => {
    expect(jsonDepth('{"a":"x\\\\","b":[[1]]}')).toBe(3);
    expect(jsonDepth('{"a":"x\\\\\\"[[","b":[1]}')).toBe(2);
    expect(jsonDepth('["unterminated [[[')).toBe(1);
    // The char-by-char definition, against random texts of quotes, backslashes and brackets.
    const scan = (text: string) => {
      let depth = 0;
      let max = 0;
      let inString = false;
      for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (inString) {
          if (ch === '\\') i++;
          else if (ch === '"') inString = false;
        } else if (ch === '"') inString = true;
        else if (ch === '[' || ch === '{') max = Math.max(max, ++depth);
        else if (ch === ']' || ch === '}') depth--;
      }
      return max;
    };
    let seed = 3;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: Math.floor(next() * 40) }, () => '"\\[]{}a,'[Math.floor(next() * 9)]).join('');
      expect(jsonDepth(text), text).toBe(scan(text));
    }
  });
});

describe('hasForbiddenKey', () => {
  it('is false for plain parsed JSON, including own keys named like prototype members', () => {
    expect(hasForbiddenKey(JSON.parse('{"constructor":1,"a":[{"toString":2}]}'))).toBe(false);
    expect(hasForbiddenKey(null)).toBe(false);
  });
});

describe('parseJson', () => {
  it('drops "__proto__" keys, however they are spelled, and marks the objects that held them', () => {
    const plain = parseJson('{"__proto__":{"admin":true},"a":1}') as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(['a']);
    expect(hasForbiddenKey(plain)).toBe(true);
    const escaped = parseJson('{"items":[{"ok":1},{"\\u005f_proto__":{"x":1}}]}') as { items: object[] };
    expect(hasForbiddenKey(escaped.items[0], false)).toBe(false);
    expect(hasForbiddenKey(escaped.items[1], false)).toBe(true);
    expect(hasForbiddenKey(escaped)).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('leaves ordinary JSON as JSON.parse gives it', () => {
    const text = '{"a":[1,"two",{"b":null}],"ä":"\\u00e4"}';
    expect(parseJson(text)).toEqual(JSON.parse(text));
    expect(hasForbiddenKey(parseJson(text))).toBe(false);
  });
});

describe('readJson over real HTTP (the body read straight from Node’s stream)', () => {
  const servers: ServerType[] = [];
  afterAll(() => Promise.all(servers.map((s) => new Promise((done) => s.close(done)))));

  /** A server whose one route echoes what readJson read, with the collector's error shape. */
  async function start(limit: number): Promise<{ port: number; url: string }> {
    const app = new Hono<AppEnv>();
    app.post('/echo', bodyLimit(limit), async (c) => c.json({ value: await readJson(c, { alsoAccept: ['text/plain'] }) }));
    app.onError((err, c) => (err instanceof HttpError ? errorResponse(c, err) : c.json({ error: 'internal error' }, 500)));
    const server = await new Promise<ServerType>((ok) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ok(s));
    });
    servers.push(server);
    const { port } = server.address() as AddressInfo;
    return { port, url: `http://127.0.0.1:${port}/echo` };
  }

  /** Sends raw HTTP/1.1 and resolves with the status line's code and the body once the server answers or closes. */
  function raw(port: number, head: string, parts: (string | Buffer)[]): Promise<{ status: number; body: string }> {
    return new Promise((ok, fail) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(head);
        for (const p of parts) socket.write(p);
      });
      let text = '';
      socket.on('data', (d) => {
        text += d.toString('latin1');
        const end = text.indexOf('\r\n\r\n');
        const length = /content-length: (\d+)/i.exec(text);
        if (end >= 0 && length && text.length >= end + 4 + Number(length[1])) {
          socket.destroy();
          ok({ status: Number(text.slice(9, 12)), body: text.slice(end + 4) });
        }
      });
      socket.on('error', fail);
    });
  }

  it('reads a body that arrives in many chunks, and drops a leading byte order mark', async () => {
    const { port, url } = await start(1024);
    const chunked = await raw(port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', [
      '3\r\n{"a\r\n',
      '4\r\n":[1\r\n',
      '3\r\n,2]\r\n',
      '1\r\n}\r\n',
      '0\r\n\r\n',
    ]);
    expect(chunked).toEqual({ status: 200, body: '{"value":{"a":[1,2]}}' });
    const bom = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from('\ufeff{"ü":"ā"}') });
    expect(await bom.json()).toEqual({ value: { ü: 'ā' } });
  });

  it('answers 413 to an undeclared body once it passes the limit, and 400 to bytes that are not UTF-8 or JSON', async () => {
    const { port, url } = await start(64);
    const big = await raw(port, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', [
      `40\r\n[${'1,'.repeat(31)}1\r\n`,
      `40\r\n${'1,'.repeat(32)}\r\n`,
    ]);
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toEqual({ error: 'body too large', limit: 64 });
    const latin1 = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.from([0x22, 0xe4, 0x22]) });
    expect([latin1.status, await latin1.json()]).toEqual([400, { error: 'body is not valid UTF-8' }]);
    const broken = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"a":' });
    expect([broken.status, await broken.json()]).toEqual([400, { error: 'malformed JSON' }]);
    const forbidden = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"__proto__":{"x":1}}' });
    expect([forbidden.status, await forbidden.json()]).toEqual([400, { error: 'forbidden key "__proto__"' }]);
  });

  it('refuses a raw NUL and UTF-8-encoded surrogates, so only text with a \\u escape can carry either (what fromEscapedText tells)', async () => {
    const { url } = await start(1024);
    const post = async (body: Uint8Array) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: new Uint8Array(body) });
      return [res.status, await res.json()];
    };
    expect(await post(Buffer.from('{"a":"x\u0000y"}'))).toEqual([400, { error: 'malformed JSON' }]);
    expect(await post(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]))).toEqual([400, { error: 'body is not valid UTF-8' }]);
    expect(await post(Buffer.from([0x22, 0xed, 0xbf, 0xbf, 0x22]))).toEqual([400, { error: 'body is not valid UTF-8' }]);
    expect(fromEscapedText(parseJson('{"a":"x\\u0000y"}'))).toBe(true);
    expect(fromEscapedText(parseJson('{"a":"\\ud800"}'))).toBe(true);
    expect(fromEscapedText(parseJson('{"b":{"__proto__":1}}'))).toBe(true);
    expect(fromEscapedText(parseJson('{"a":"x\\ny 😀"}'))).toBe(false);
  });

  it('survives a client that leaves mid-body, and serves the next request', async () => {
    const { port, url } = await start(1024);
    await new Promise<void>((done) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a":');
        setTimeout(() => {
          socket.destroy();
          done();
        }, 50);
      });
    });
    const next = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"b":2}' });
    expect(await next.json()).toEqual({ value: { b: 2 } });
  });
});

describe('readJson with a shallow check (the scan for depth left to a caller that proves it)', () => {
  /** An app whose route reads with `shallow` (none: the default reader) and answers what it read, or the error. */
  function reader(shallow?: (value: unknown) => boolean) {
    const app = new Hono<AppEnv>();
    app.post('/read', bodyLimit(256 * 1024), async (c) => c.json({ value: await readJson(c, shallow ? { shallow } : {}) }));
    app.onError((err, c) => (err instanceof HttpError ? errorResponse(c, err) : c.json({ error: 'internal error' }, 500)));
    return async (body: string) => {
      const res = await app.request('/read', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      return { status: res.status, body: (await res.json()) as unknown };
    };
  }
  const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;

  it('answers every body as the default reader does when the check fails: deep, deep and malformed, escaped, forbidden', async () => {
    const plain = reader();
    const unsure = reader(() => false);
    const bodies = [
      '{"a":[1,2]}',
      deep(32),
      deep(33),
      deep(5000),
      `${'['.repeat(40)}1`,
      '{"a":',
      `{"a":"\\u0041","b":${deep(40)}}`,
      `{"__proto__":${deep(40)}}`,
      '{"__proto__":{"x":1}}',
      '',
    ];
    for (const body of bodies) expect(await unsure(body), body.slice(0, 50)).toEqual(await plain(body));
    expect((await unsure(deep(33))).body).toEqual({ error: 'JSON nested too deeply', maxDepth: 32 });
    expect((await unsure(`${'['.repeat(40)}1`)).body).toEqual({ error: 'JSON nested too deeply', maxDepth: 32 });
  });

  it('skips the scan only when the check passes, and never asks it about text that could spell "__proto__"', async () => {
    const seen: unknown[] = [];
    const trusting = reader((value) => {
      seen.push(value);
      return true;
    });
    // The check vouched for this body, so it is taken as the caller proved it: the reader no longer scans it.
    expect((await trusting(deep(40))).status).toBe(200);
    expect(seen).toHaveLength(1);
    expect((await trusting(`{"a":"\\u0041","b":${deep(40)}}`)).body).toEqual({ error: 'JSON nested too deeply', maxDepth: 32 });
    expect((await trusting(`{"__proto__":1,"b":${deep(40)}}`)).body).toEqual({ error: 'JSON nested too deeply', maxDepth: 32 });
    expect((await trusting('{"a":"\\u0041"}')).body).toEqual({ value: { a: 'A' } });
    expect(seen).toHaveLength(1);
  });
});
