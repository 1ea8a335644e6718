// UUID v7 ids for responses: time-ordered (monotonic within a millisecond), so the queue's key order is its send order.
let lastMs = -1;
let counter = 0;
const hex = (n: number, len: number) => n.toString(16).padStart(len, '0');

/** A fresh RFC 9562 version 7 UUID: 48 bits of Unix milliseconds, a 12-bit counter (method 1), then random bits. */
export function uuidv7(nowMs: number = Date.now()): string {
  // getRandomValues, unlike randomUUID, also works on plain-http pages.
  const r = crypto.getRandomValues(new Uint8Array(16));
  let ms = Math.max(Math.floor(nowMs), lastMs);
  // Same millisecond: count up from a random start so ids still sort in creation order.
  if (ms === lastMs && counter < 0xfff) counter++;
  else {
    if (ms === lastMs) ms++;
    counter = ((r[6]! << 8) | r[7]!) & 0x7ff;
  }
  lastMs = ms;
  const t = hex(ms, 12);
  const b = Array.from(r, (x) => hex(x, 2)).join('');
  return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(counter, 3)}-${hex(8 | (r[8]! & 3), 1)}${b.slice(17, 20)}-${b.slice(20)}`;
}

/** 32 random hex digits: the anonymous visitor id (no clock in it, and fewer bytes in the first load than uuidv7). */
export const randomId = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join('');
