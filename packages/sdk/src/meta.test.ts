import { describe, expect, it } from 'vitest';
import { buildMeta } from './meta.js';
import { pageUrl } from './page-url.js';

describe('response meta', () => {
  it('drops the query and hash from the page URL', () => {
    expect(pageUrl('https://shop.test/cart?email=a@b.c#pay')).toBe('https://shop.test/cart');
  });

  it('lets later sources overwrite values and drops what the collector would reject', () => {
    const meta = buildMeta({ channel: 'web', url: 'u' }, { channel: 'app', 'bad key': 1, __proto__x: 2, n: Number.NaN, ok: true, none: null }, {
      long: 'x'.repeat(3000),
    } as Record<string, string>);
    expect(meta).toEqual({ channel: 'app', url: 'u', ok: true, none: null, long: 'x'.repeat(2000) });
  });

  it('keeps the keys seen first when there are more than 50', () => {
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i]));
    const meta = buildMeta({ url: 'u' }, many);
    expect(Object.keys(meta)).toHaveLength(50);
    expect(meta.url).toBe('u');
    expect(meta.k49).toBeUndefined();
  });
});
