// JSON nesting depth is counted without parsing, ignoring brackets inside strings.
import { describe, expect, it } from 'vitest';
import { hasForbiddenKey, jsonDepth } from './body.js';

describe('jsonDepth', () => {
  it('counts nested arrays and objects', () => {
    expect(jsonDepth('1')).toBe(0);
    expect(jsonDepth('{"a":[1,{"b":[]}]}')).toBe(4);
    expect(jsonDepth('['.repeat(1000) + ']'.repeat(1000))).toBe(1000);
  });

  it('ignores brackets and escaped quotes inside strings', () => {
    expect(jsonDepth('{"a":"[[[[{{{{","b":"\\"[[["}')).toBe(1);
  });
});

describe('hasForbiddenKey', () => {
  it('is false for plain parsed JSON, including own keys named like prototype members', () => {
    expect(hasForbiddenKey(JSON.parse('{"constructor":1,"a":[{"toString":2}]}'))).toBe(false);
    expect(hasForbiddenKey(null)).toBe(false);
  });
});
