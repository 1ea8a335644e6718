// The one request shape both the fetch send and the beacon use.
export const TEXT_PLAIN = 'text/plain;charset=UTF-8';

/** A POST of JSON as text/plain: a "simple" request (no CORS preflight), the same body a beacon sends. */
export const textPost = (body: string, keepalive = false): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': TEXT_PLAIN },
  body,
  keepalive,
  credentials: 'omit',
});
