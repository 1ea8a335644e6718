// Reads a request header without the web Headers object @hono/node-server would build from every header of the request.
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

// Headers.get strips these (HTTP whitespace) from each value's ends.
const isWhitespace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;
const trimmed = (value: string) =>
  value.length && (isWhitespace(value.charCodeAt(0)) || isWhitespace(value.charCodeAt(value.length - 1)))
    ? value.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '')
    : value;

/**
 * A request header as `c.req.header(name)` reads it (every value of the name joined with ", "; undefined when absent),
 * found in Node's raw header list when served by @hono/node-server. `name` is lower case.
 *
 * @example const origin = requestHeader(c, 'origin');
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const raw = (c.env as Partial<HttpBindings> | undefined)?.incoming?.rawHeaders;
  if (!raw) return c.req.header(name);
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    const v = trimmed(raw[i + 1] ?? '');
    value = value === undefined ? v : `${value}, ${v}`;
  }
  return value;
}
