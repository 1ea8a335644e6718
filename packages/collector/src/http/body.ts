// Reads a request body as JSON within a byte limit, turning every client mistake into a 4xx HttpError.
import { IncomingMessage } from 'node:http';
import type { HttpBindings } from '@hono/node-server';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import { HttpError } from './errors.js';
import { requestHeader } from './request-header.js';

/** Deeper than any valid batch or survey needs; stops pathological nesting before the walks that recurse over a body. */
export const MAX_JSON_DEPTH = 32;

const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();

/** The Node request under a request served by @hono/node-server, while nothing has read its body yet. */
function unreadIncoming(c: Context): IncomingMessage | undefined {
  const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
  return incoming instanceof IncomingMessage && !incoming.readableDidRead && !incoming.readableEnded && !incoming.destroyed ? incoming : undefined;
}

/**
 * The body straight from Node's stream: the web Request (and its ReadableStream) @hono/node-server would build
 * for `c.req.raw.body` costs more CPU than the rest of reading a batch. Past the limit the stream is paused, and
 * the server drains (bounded) or closes it once the 413 has gone out.
 */
function readIncoming(incoming: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (err: HttpError | null) => {
      incoming.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      if (err) {
        incoming.pause();
        reject(err);
      } else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) settle(new HttpError(413, 'body too large', { limit }));
      else chunks.push(chunk);
    };
    const onEnd = () => settle(null);
    const onError = () => settle(new HttpError(400, 'body could not be read'));
    // Closed before its end: the client went away mid-body.
    const onClose = () => settle(new HttpError(400, 'body could not be read'));
    incoming.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** The raw body, streamed, refused with 413 as soon as it passes `limit` bytes (declared or not). */
export async function readLimited(c: Context, limit: number): Promise<Uint8Array> {
  const declared = Number(requestHeader(c, 'content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, 'body too large', { limit });
  const incoming = unreadIncoming(c);
  if (incoming) return readIncoming(incoming, limit);
  const body = c.req.raw.body;
  if (!body) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    let part: ReadableStreamReadResult<Uint8Array>;
    try {
      part = await reader.read();
    } catch {
      throw new HttpError(400, 'body could not be read');
    }
    if (part.done) break;
    size += part.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new HttpError(413, 'body too large', { limit });
    }
    chunks.push(part.value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

// One decoder for every body: decode() without `stream` starts afresh each call.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** UTF-8 bytes as text, a leading byte order mark dropped; 400 when they are not UTF-8. */
function utf8Text(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new HttpError(400, 'body is not valid UTF-8');
  }
}

/** Nesting depth of JSON text, counted without parsing; brackets inside strings do not count. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34 /* " */) {
      // Most of a body is strings: jump to the closing quote, the first one after an even run of backslashes.
      for (;;) {
        i = text.indexOf('"', i + 1);
        if (i < 0) return max;
        let slashes = 0;
        while (text.charCodeAt(i - 1 - slashes) === 92 /* \ */) slashes++;
        if (slashes % 2 === 0) break;
      }
    } else if (ch === 91 || ch === 123 /* [ { */) max = Math.max(max, ++depth);
    else if (ch === 93 || ch === 125 /* ] } */) depth--;
  }
  return max;
}

// JSON.parse makes "__proto__" an own key, but code that copies keys (a validator building a
// record, a spread) then assigns it and swaps the copy's prototype. Such keys are never valid data,
// so they are dropped after parsing and the objects that held one are remembered.
const FORBIDDEN_KEY = '__proto__';
const poisoned = new WeakSet<object>();
// Values parsed from text with a "\u" escape or the forbidden key spelled out: only these can hold a forbidden key
// (or a NUL or a lone surrogate in their strings), so the per-item walks skip the others.
const escapedTexts = new WeakSet<object>();

/** Whether this value, returned by parseJson or readJson, came from text with a "\u" escape or a "__proto__" (false for any other value). */
export const fromEscapedText = (value: unknown): boolean => !!value && typeof value === 'object' && escapedTexts.has(value);

/** True when this value (or, when deep, anything inside it) held a "__proto__" key in the request body. */
export function hasForbiddenKey(value: unknown, deep = true): boolean {
  if (!value || typeof value !== 'object') return false;
  if (poisoned.has(value)) return true;
  if (!deep) return false;
  // A loop, not Object.values(): this runs over every item of every batch, and the arrays it made were garbage.
  for (const key in value) if (Object.hasOwn(value, key) && hasForbiddenKey((value as Record<string, unknown>)[key])) return true;
  return false;
}

/** Drops every own "__proto__" key below `value`, marking its holder. */
function dropForbiddenKeys(value: unknown): void {
  if (!value || typeof value !== 'object') return;
  if (Object.hasOwn(value, FORBIDDEN_KEY)) {
    delete (value as Record<string, unknown>)[FORBIDDEN_KEY];
    poisoned.add(value);
  }
  for (const v of Object.values(value)) dropForbiddenKeys(v);
}

/** Whether JSON text could spell a "__proto__" key (or a NUL or a lone surrogate): it has the word or a \u escape. */
const maySpellForbidden = (text: string) => text.includes(FORBIDDEN_KEY) || text.includes('\\u');

/** JSON.parse, then for text that could spell a forbidden key the walk that drops such keys (see parseJson). */
function parseText(text: string, escaped: boolean): unknown {
  const value: unknown = JSON.parse(text);
  if (escaped) {
    dropForbiddenKeys(value);
    if (value && typeof value === 'object') escapedTexts.add(value);
  }
  return value;
}

/**
 * Plain JSON.parse, then a walk for "__proto__" keys only when the text could spell one: a reviver does the same
 * job 3.7× slower, and a body without the word or any \u escape (nearly all of them) needs no walk at all.
 */
export const parseJson = (text: string): unknown => parseText(text, maySpellForbidden(text));

/** Declares a route group's body limit; readJson enforces it (and a declared Content-Length is refused early). */
export const bodyLimit =
  (limit: number): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    c.set('bodyLimit', limit);
    const declared = Number(requestHeader(c, 'content-length'));
    if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, 'body too large', { limit });
    await next();
  };

/** Used when no bodyLimit middleware ran (a route group that forgot one still gets a bound). */
const FALLBACK_LIMIT = 256 * 1024;

export interface ReadJsonOptions {
  /** Byte limit; default the route group's bodyLimit. */
  limit?: number;
  /** Media types accepted besides application/json (the beacon sends text/plain). */
  alsoAccept?: string[];
  /**
   * What a "__proto__" key does: fail the request with 400 (default), or only mark its holder so
   * the caller can reject just the item holding it (see hasForbiddenKey).
   */
  forbiddenKeys?: 'reject' | 'mark';
  /**
   * A check of the parsed value that, when it passes, proves the value nested at most MAX_JSON_DEPTH deep (a batch
   * whose every item has the response shape is at most 6): the scan of the text for its depth, a tenth of the CPU of
   * reading a batch, is then left out. JSON.parse itself does not recurse, so only the walks after it need the bound;
   * text that could spell a "__proto__" key is still scanned first, as the walk that drops such keys recurses.
   */
  shallow?: (value: unknown) => boolean;
}

const tooDeep = (text: string) => jsonDepth(text) > MAX_JSON_DEPTH;
const deepError = () => new HttpError(400, 'JSON nested too deeply', { maxDepth: MAX_JSON_DEPTH });

/** The one body reader: media type, size, UTF-8, nesting depth and "__proto__" keys, each a 4xx HttpError. */
export async function readJson(c: Context, options: ReadJsonOptions = {}): Promise<unknown> {
  const type = mediaType(requestHeader(c, 'content-type'));
  const accepted = ['application/json', ...(options.alsoAccept ?? [])];
  if (!accepted.includes(type)) throw new HttpError(415, 'unsupported content type', { accepted });
  const limit = options.limit ?? (c.get('bodyLimit') as number | undefined) ?? FALLBACK_LIMIT;
  const bytes = await readLimited(c, limit);
  const text = utf8Text(bytes);
  const escaped = maySpellForbidden(text);
  // Deferred, the depth is still judged before anything else is: a deep body gets the same 400 whatever else is wrong.
  const deferDepth = options.shallow !== undefined && !escaped;
  if (!deferDepth && tooDeep(text)) throw deepError();
  let value: unknown;
  try {
    value = parseText(text, escaped);
  } catch {
    throw deferDepth && tooDeep(text) ? deepError() : new HttpError(400, 'malformed JSON');
  }
  if (deferDepth && !options.shallow!(value) && tooDeep(text)) throw deepError();
  if (options.forbiddenKeys !== 'mark' && hasForbiddenKey(value)) throw new HttpError(400, 'forbidden key "__proto__"');
  return value;
}
