// JSON Schema of the survey definition: for editors (`npm run schema`) and for the compact run-time checker.
import * as z from 'zod/mini';
import { jsonMeta, survey } from './survey.js';

export function surveyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(survey, { target: 'draft-2020-12', unrepresentable: 'any', metadata: jsonMeta }),
    $id: 'https://tellus.dev/schema/survey.json',
    title: 'Tellus survey definition',
  };
}
