// JSON nesting depth is counted without parsing, ignoring brackets inside strings.
import { describe, expect, it } from 'vitest';
import { hasForbiddenKey, jsonDepth, parseJson } from './body.js';

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

describe('parseJson', () => {
  it('drops "__proto__" keys, however they are spelled, and marks the objects that held them', () => {
    const plain = parseJson('{"__proto__":{"admin":true},"a":1}') as Record<string, unknown>;
    expect(Object.keys(plain)).toEqual(['a']);
    expect(hasForbiddenKey(plain)).toBe(true);
    const escaped = parseJson('{"items":[{"ok":1},{"\\u005f_proto__":{"x":1}}]}') as { items: object[] };
    expect(hasForbiddenKey(escaped.items[0], false)).toBe(false);
    expect(hasForbiddenKey(escaped.items[1], false)).toBe(true);
    expect(hasForbiddenKey(escaped)).toBe(true);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('leaves ordinary JSON as JSON.parse gives it', () => {
    const text = '{"a":[1,"two",{"b":null}],"ä":"\\u00e4"}';
    expect(parseJson(text)).toEqual(JSON.parse(text));
    expect(hasForbiddenKey(parseJson(text))).toBe(false);
  });
});
