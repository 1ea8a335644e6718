// Reads a request body as JSON within a byte limit, turning every client mistake into a 4xx HttpError.
import type { Context } from 'hono';
import { HttpError } from './errors.js';

/** Deeper than any valid batch or survey needs; stops pathological nesting before JSON.parse. */
export const MAX_JSON_DEPTH = 32;

const mediaType = (header: string | undefined) => (header ?? '').split(';')[0]!.trim().toLowerCase();

async function readLimited(c: Context, limit: number): Promise<Uint8Array> {
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new HttpError(413, 'body too large', { limit });
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

/** Nesting depth of JSON text, counted without parsing; brackets inside strings do not count. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92 /* \ */) i++;
      else if (ch === 34 /* " */) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 91 || ch === 123 /* [ { */) max = Math.max(max, ++depth);
    else if (ch === 93 || ch === 125 /* ] } */) depth--;
  }
  return max;
}

export interface ReadJsonOptions {
  limit: number;
  /** Media types accepted besides application/json (the beacon sends text/plain). */
  alsoAccept?: string[];
}

export async function readJson(c: Context, options: ReadJsonOptions): Promise<unknown> {
  const type = mediaType(c.req.header('content-type'));
  const accepted = ['application/json', ...(options.alsoAccept ?? [])];
  if (!accepted.includes(type)) throw new HttpError(415, 'unsupported content type', { accepted });
  const bytes = await readLimited(c, options.limit);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new HttpError(400, 'body is not valid UTF-8');
  }
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new HttpError(400, 'JSON nested too deeply', { maxDepth: MAX_JSON_DEPTH });
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'malformed JSON');
  }
}
