// JSON Schema of the survey definition (for editors, `npm run schema`, and the compact run-time checker) and of responses (for the collector's OpenAPI).
import * as z from 'zod/mini';
import { surveyResponse } from './response.js';
import { jsonMeta, survey } from './survey.js';

export function surveyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(survey, { target: 'draft-2020-12', unrepresentable: 'any', metadata: jsonMeta }),
    $id: 'https://tellus.dev/schema/survey.json',
    title: 'Tellus survey definition',
  };
}

/** JSON Schema of one response (what `POST /v1/responses` carries in `responses[]`), for the collector's OpenAPI document. */
export function responseJsonSchema(): Record<string, unknown> {
  const { $schema, ...schema } = z.toJSONSchema(surveyResponse, { target: 'draft-2020-12', unrepresentable: 'any' });
  return schema;
}
