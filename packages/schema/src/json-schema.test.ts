import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import generated from './generated/survey-json-schema.js';
import { surveyJsonSchema } from './json-schema.js';

describe('surveyJsonSchema', () => {
  it('matches the committed docs/survey.schema.json (run `npm run schema` after changing the schema)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../../docs/survey.schema.json', import.meta.url), 'utf8'));
    expect(surveyJsonSchema()).toEqual(committed);
  });

  it('matches the generated copy the run-time checker uses', () => {
    const { $schema: _s, $id: _i, title: _t, ...rules } = surveyJsonSchema();
    expect(generated).toEqual(rules);
  });

  it('describes every question type for editors', () => {
    const text = JSON.stringify(surveyJsonSchema());
    for (const type of ['rating', 'nps', 'ces', 'text', 'choice', 'matrix', 'thumbs']) expect(text).toContain(`"const":"${type}"`);
  });
});
