// Real local receivers for delivery tests: an HTTP server answering a scripted list of statuses, and an SMTP server.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface Received {
  body: string;
  headers: IncomingMessage['headers'];
  path: string;
  status: number;
}

export interface HttpReceiver {
  url: string;
  port: number;
  got: Received[];
  /** Resolves once `n` requests (of any status) have arrived, or rejects after `timeoutMs`. */
  waitFor(predicate: (got: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Answers each request with the next status of `statuses` (the last one repeats), or with
 * `statusFor(path, count)` when given: e.g. 500 for the first try of every event, then 200.
 */
export async function httpReceiver(statuses: number[] | ((req: IncomingMessage, got: Received[]) => number), port = 0): Promise<HttpReceiver> {
  const got: Received[] = [];
  const waiters: { check: () => boolean; done: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => {}); // a sender killed mid-request
    req.on('end', () => {
      const status = typeof statuses === 'function' ? statuses(req, got) : (statuses[Math.min(got.length, statuses.length - 1)] ?? 200);
      got.push({ body: Buffer.concat(chunks).toString('utf8'), headers: req.headers, path: req.url ?? '', status });
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      for (const w of waiters.splice(0)) if (!w.check()) waiters.push(w);
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    got,
    waitFor(predicate, timeoutMs = 60_000) {
      if (predicate(got)) return Promise.resolve();
      return new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`receiver: condition not met within ${timeoutMs} ms (${got.length} requests)`)), timeoutMs);
        waiters.push({ check: () => (predicate(got) ? (clearTimeout(timer), ok(), true) : false), done: ok });
      });
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

export interface Mail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpReceiver {
  url: string;
  port: number;
  mails: Mail[];
  waitFor(predicate: (mails: Mail[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A local SMTP server (the smtp-server package) keeping every message; `rejectFirst` answers 451 to the first n. */
export async function smtpReceiver(options: { rejectFirst?: number } = {}): Promise<SmtpReceiver> {
  const mails: Mail[] = [];
  let refused = 0;
  const waiters: (() => boolean)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refused < (options.rejectFirst ?? 0)) {
          refused++;
          const err = Object.assign(new Error('try again later'), { responseCode: 451 });
          return callback(err);
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
        for (const w of waiters.splice(0)) if (!w()) waiters.push(w);
      });
    },
  });
  // A sender killed mid-session (the SIGKILL tests) resets its connection; that is the test, not a failure.
  server.on('error', () => {});
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    mails,
    waitFor(predicate, timeoutMs = 60_000) {
      if (predicate(mails)) return Promise.resolve();
      return new Promise<void>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`smtp: condition not met within ${timeoutMs} ms (${mails.length} mails)`)), timeoutMs);
        waiters.push(() => (predicate(mails) ? (clearTimeout(timer), ok(), true) : false));
      });
    },
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
