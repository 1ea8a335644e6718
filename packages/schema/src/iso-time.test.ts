import { describe, expect, it } from 'vitest';
import { isoTime } from './iso-time.js';

/** mulberry32, seeded, so a failing text can be rebuilt. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('isoTime', () => {
  it('reads toISOString() of any instant of years 0 to 9999 as Date.parse does', () => {
    const next = rng(7);
    const first = Date.parse('0000-01-01T00:00:00.000Z');
    const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    for (let i = 0; i < 20_000; i++) {
      const ms = Math.floor(first + next() * (last - first));
      const text = new Date(ms).toISOString();
      expect(isoTime(text), text).toBe(ms);
    }
    for (const text of ['1970-01-01T00:00:00.000Z', '2000-02-29T12:00:00.000Z', '1900-02-28T23:59:59.999Z', '0000-02-29T00:00:00.000Z'])
      expect(isoTime(text), text).toBe(Date.parse(text));
  });

  it('gives what Date.parse gives for every near miss of that spelling, NaN included', () => {
    const next = rng(11);
    const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
    const CHARS = '0123456789-T:.Zz +x';
    for (let i = 0; i < 20_000; i++) {
      // Fields often out of range (month 13, day 31 of a short month, hour 24, minute 60), and now and then a character changed.
      let text = `${pad(int(0, 9999), 4)}-${pad(int(0, 13), 2)}-${pad(int(0, 32), 2)}T${pad(int(0, 25), 2)}:${pad(int(0, 61), 2)}:${pad(int(0, 61), 2)}.${pad(int(0, 999), 3)}Z`;
      if (next() < 0.3) {
        const at = int(0, text.length - 1);
        text = text.slice(0, at) + CHARS[int(0, CHARS.length - 1)] + text.slice(at + 1);
      }
      if (next() < 0.05) text = next() < 0.5 ? text.slice(1) : `${text}0`;
      expect(Object.is(isoTime(text), Date.parse(text)), text).toBe(true);
    }
    for (const text of ['', '2026-03-01', '2026-03-01T10:00:00Z', '2026-03-01T10:00:00.000+00:00', '+002026-03-01T10:00:00.000Z', 'March 1, 2026'])
      expect(Object.is(isoTime(text), Date.parse(text)), text).toBe(true);
  });
});
