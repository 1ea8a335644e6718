// UUID v7 ids for responses: time-ordered (monotonic within a millisecond), so the queue's key order is its send order.
const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');
let lastMs = -1;
let counter = 0;

/** A fresh RFC 9562 version 7 UUID: 48 bits of Unix milliseconds, a 12-bit counter (method 1), then random bits. */
export function uuidv7(nowMs: number = Date.now()): string {
  const r = new Uint8Array(8);
  if (typeof crypto !== 'undefined' && crypto.getRandomValues) crypto.getRandomValues(r);
  else for (let i = 0; i < 8; i++) r[i] = (Math.random() * 256) | 0;
  let ms = Math.max(Math.floor(nowMs), lastMs);
  // Same millisecond: count up from a random start so ids still sort in creation order.
  if (ms === lastMs && counter < 0xfff) counter++;
  else {
    if (ms === lastMs) ms++;
    counter = ((r[0]! << 8) | r[1]!) & 0x7ff;
  }
  lastMs = ms;
  const b = Array.from(r.subarray(2), (x) => hex(x, 2)).join('');
  const t = hex(ms, 12);
  const variant = hex((r[2]! & 0x3) | 0x8, 1); // variant bits 10
  return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(counter, 3)}-${variant}${b.slice(1, 4)}-${b.slice(4, 12)}${hex(r[1]!, 2)}${hex(r[0]!, 2)}`;
}
