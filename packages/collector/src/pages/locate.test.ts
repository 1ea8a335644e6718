import { describe, expect, it } from 'vitest';
import { lineOfPath, lineOfSyntaxError } from './locate.js';

const text = JSON.stringify(
  {
    id: 's',
    version: 1,
    questions: [
      { id: 'a', type: 'nps', text: 'A' },
      { id: 'b', type: 'rating', scale: 50, text: { en: 'B', 'pt-BR': 'B' } },
    ],
  },
  null,
  2,
);
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('lineOfPath', () => {
  it('finds object members and array items', () => {
    expect(lineOfPath(text, 'questions[1].scale')).toBe(lineOf('"scale": 50'));
    expect(lineOfPath(text, 'questions[1].text.pt-BR')).toBe(lineOf('"pt-BR"'));
    expect(lineOfPath(text, 'version')).toBe(lineOf('"version"'));
  });

  it('falls back to the nearest parent for a missing field', () => {
    expect(lineOfPath(text, 'questions[0].options')).toBe(lineOf('"id": "a"') - 1);
    expect(lineOfPath(text, 'trigger.urls[0]')).toBeNull();
  });
});

describe('lineOfSyntaxError', () => {
  it('reads V8 positions and line numbers', () => {
    expect(lineOfSyntaxError('{\n  "a": 1,\n}', 'Expected double-quoted property name in JSON at position 12 (line 3 column 1)')).toBe(3);
    expect(lineOfSyntaxError('{\n"a" 1}', 'Unexpected number in JSON at position 6')).toBe(2);
    expect(lineOfSyntaxError('x', 'nothing useful')).toBeNull();
  });
});
