// JSON Schema of the survey definition, for editor autocompletion (`npm run schema`).
import * as z from 'zod/mini';
import { survey } from './survey.js';

export function surveyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(survey, { target: 'draft-2020-12', unrepresentable: 'any' }),
    $id: 'https://tellus.dev/schema/survey.json',
    title: 'Tellus survey definition',
  };
}
