import type { Survey } from '@tellus/schema';
import { describe, expect, it } from 'vitest';
import { firesOn, isEligible } from './eligibility.js';
import { inSample, sampleBucket } from './sample.js';
import { emptyThrottle, record, throttleAllows } from './throttle.js';
import { urlAllowed, urlMatchesPattern } from './url.js';

const DAY = 86_400_000;
const survey = (over: Partial<Survey> = {}): Survey => ({
  id: 's1',
  version: 1,
  questions: [{ id: 'q', type: 'nps', text: 'How likely…?' }],
  ...over,
});

describe('url patterns', () => {
  it.each([
    ['/support/*', 'https://shop.test/support/chat/42', true],
    ['/support/*', 'https://shop.test/support/', true],
    ['/support/*', 'https://shop.test/supporting', false],
    ['/support', 'https://shop.test/support?x=1#top', true],
    ['*', 'https://shop.test/anything', true],
    ['/cart', 'https://shop.test/cart/items', false],
    ['/orders/*/done', 'https://shop.test/orders/9/done', true],
    ['https://shop.test/cart*', 'https://shop.test/cart?step=2', true],
    ['https://other.test/*', 'https://shop.test/cart', false],
    ['/a.b', 'https://shop.test/aXb', false],
  ])('%s against %s is %s', (pattern, href, expected) => {
    expect(urlMatchesPattern(pattern, href)).toBe(expected);
  });

  it('applies excludes after includes, and no includes means every page', () => {
    expect(urlAllowed('https://s.test/x')).toBe(true);
    expect(urlAllowed('https://s.test/support/admin', ['/support/*'], ['/support/admin*'])).toBe(false);
    expect(urlAllowed('https://s.test/support/chat', ['/support/*'], ['/support/admin*'])).toBe(true);
  });
});

describe('sampling', () => {
  it('gives the same visitor the same answer every time', () => {
    const first = sampleBucket('visitor-1', 'post-chat');
    for (let i = 0; i < 10; i++) expect(sampleBucket('visitor-1', 'post-chat')).toBe(first);
  });

  it('samples close to the configured share of visitors, independently per survey', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `anon-${i}`);
    const share = ids.filter((a) => inSample(a, 'post-chat', 0.3)).length / ids.length;
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.32);
    const both = ids.filter((a) => inSample(a, 'post-chat', 0.5) && inSample(a, 'nps', 0.5)).length / ids.length;
    expect(both).toBeGreaterThan(0.23);
    expect(both).toBeLessThan(0.27);
  });

  it('includes everyone at 1 and no one at 0', () => {
    expect(inSample('a', 's', 1)).toBe(true);
    expect(inSample('a', 's', 0)).toBe(false);
    expect(inSample('a', 's', undefined)).toBe(true);
  });
});

describe('throttling', () => {
  it('stops after maxShows', () => {
    const s = survey({ throttle: { maxShows: 2 } });
    let st = emptyThrottle();
    st = record(st, 's1', 0);
    expect(throttleAllows(s, st, 1, 0)).toBe(true);
    st = record(st, 's1', 1);
    expect(throttleAllows(s, st, 2, 0)).toBe(false);
  });

  it('waits recontactDays after the last show', () => {
    const s = survey({ throttle: { recontactDays: 30 } });
    const st = record(emptyThrottle(), 's1', 0);
    expect(throttleAllows(s, st, 29 * DAY, 0)).toBe(false);
    expect(throttleAllows(s, st, 30 * DAY, 0)).toBe(true);
  });

  it('does not ask again once answered or dismissed, unless a recontact period is set', () => {
    const st = record(record(emptyThrottle(), 's1', 0), 's1', 1, 'answered');
    expect(throttleAllows(survey(), st, 365 * DAY, 0)).toBe(false);
    expect(throttleAllows(survey({ throttle: { recontactDays: 90 } }), st, 89 * DAY, 0)).toBe(false);
    expect(throttleAllows(survey({ throttle: { recontactDays: 90 } }), st, 90 * DAY, 0)).toBe(true);
    expect(st.s.s1).toEqual({ n: 1, t: 0, d: 1 });
  });

  it('holds every survey during the global cool-down unless one opts out', () => {
    const st = record(emptyThrottle(), 'other', 0);
    expect(throttleAllows(survey(), st, DAY, 2)).toBe(false);
    expect(throttleAllows(survey({ throttle: { ignoreGlobalCooldown: true } }), st, DAY, 2)).toBe(true);
    expect(throttleAllows(survey(), st, 2 * DAY, 2)).toBe(true);
  });
});

describe('eligibility', () => {
  const ctx = { href: 'https://s.test/support/chat', now: Date.parse('2026-06-01'), anonId: 'a', attrs: {}, throttle: emptyThrottle(), globalCooldownDays: 0 };

  it('respects the active window', () => {
    const s = survey({ trigger: { startsAt: '2026-05-01', endsAt: '2026-07-01' } });
    expect(isEligible(s, ctx)).toBe(true);
    expect(isEligible(s, { ...ctx, now: Date.parse('2026-04-30') })).toBe(false);
    expect(isEligible(s, { ...ctx, now: Date.parse('2026-07-01') })).toBe(false);
  });

  it('matches one or several trigger events', () => {
    expect(firesOn(survey({ trigger: { event: 'chat_closed' } }), 'chat_closed')).toBe(true);
    expect(firesOn(survey({ trigger: { event: ['a', 'b'] } }), 'b')).toBe(true);
    expect(firesOn(survey({ trigger: { event: ['a', 'b'] } }), 'c')).toBe(false);
    expect(firesOn(survey(), 'a')).toBe(false);
  });
});
