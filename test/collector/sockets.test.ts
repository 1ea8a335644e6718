// The Node server's limits for the internet: slow headers and slow bodies are cut, connections capped, the bound address logged.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openPGliteStorage, serve, type RunningServer, type SocketLimits } from '@tellus/collector';

const running: RunningServer[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});

async function start(socketLimits: Partial<SocketLimits>, hostname = '127.0.0.1', logs: Record<string, unknown>[] = []) {
  const storage = await openPGliteStorage();
  await storage.migrate();
  const logger = { info: (msg: string, f = {}) => void logs.push({ msg, ...f }), warn() {}, error() {} };
  const server = await serve({ storage, port: 0, hostname, handleSignals: false, logger, socketLimits });
  running.push(server);
  return server;
}

/** Opens a socket and resolves once connected; `closed` resolves when the server ends it. */
function open(port: number): Promise<{ socket: Socket; closed: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString()));
    const closed = new Promise<string>((done) => socket.on('close', () => done(received)));
    socket.once('connect', () => resolve({ socket, closed }));
    socket.once('error', (e) => (socket.connecting ? reject(e) : undefined));
  });
}

/** Writes one byte every `everyMs` until the socket closes or `maxBytes` are sent; returns the ms it stayed open. */
async function drip(socket: Socket, closed: Promise<string>, everyMs: number, maxBytes: number): Promise<number> {
  const startedAt = Date.now();
  let isClosed = false;
  void closed.then(() => (isClosed = true));
  for (let i = 0; i < maxBytes && !isClosed; i++) {
    if (!socket.destroyed) socket.write('x');
    await new Promise((r) => setTimeout(r, everyMs));
  }
  await closed;
  return Date.now() - startedAt;
}

describe('Node HTTP limits (issue 8, item 7)', () => {
  it('cuts a request body that trickles in past the request timeout', async () => {
    const server = await start({ headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 });
    const { socket, closed } = await open(server.port);
    socket.write('POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n');
    // Today's measure was 328 s; the bound is the timeout plus Node's check interval, with room for a loaded machine.
    const openMs = await drip(socket, closed, 200, 150);
    expect(openMs).toBeLessThan(20_000);
    expect(await closed).toMatch(/^HTTP\/1\.1 408/);
  }, 60_000);

  it('cuts headers that trickle in past the headers timeout', async () => {
    const server = await start({ headersTimeoutMs: 1_000, requestTimeoutMs: 5_000 });
    const { socket, closed } = await open(server.port);
    socket.write('GET /healthz HTTP/1.1\r\nX-Slow: ');
    const openMs = await drip(socket, closed, 200, 150);
    expect(openMs).toBeLessThan(20_000);
  }, 60_000);

  it('refuses connections beyond the cap while the first ones stay open', async () => {
    const server = await start({ maxConnections: 2, headersTimeoutMs: 30_000, requestTimeoutMs: 30_000 });
    const first = await Promise.all([open(server.port), open(server.port)]);
    const extra = await open(server.port);
    await extra.closed; // closed by the server without an answer
    const stillOpen = first.map((c) => !c.socket.destroyed && c.socket.readyState === 'open');
    expect(stillOpen).toEqual([true, true]);
    for (const c of first) c.socket.destroy();
  }, 60_000);

  it('logs the address it really bound: all interfaces when it listens on 0.0.0.0', async () => {
    const everywhere: Record<string, unknown>[] = [];
    const wide = await start({}, '0.0.0.0', everywhere);
    expect(everywhere.find((l) => l.msg === 'listening')).toMatchObject({ address: '0.0.0.0', allInterfaces: true, port: wide.port });
    const loopback: Record<string, unknown>[] = [];
    await start({}, '127.0.0.1', loopback);
    expect(loopback.find((l) => l.msg === 'listening')).toMatchObject({ address: '127.0.0.1', allInterfaces: false });
    expect((await fetch(`${wide.url}/healthz`)).status).toBe(200);
  }, 60_000);
});
