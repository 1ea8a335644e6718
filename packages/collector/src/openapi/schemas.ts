// The document's shared schemas: survey and response from @tellus/schema's zod schemas, the rest beside the routes that answer them.
import { responseJsonSchema, surveyJsonSchema } from '@tellus/schema';
import { ref, type JsonSchema } from './build.js';

const issue: JsonSchema = { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] };

export function componentSchemas(): Record<string, JsonSchema> {
  const { $schema, $id, ...survey } = surveyJsonSchema();
  return {
    Survey: { ...survey, title: 'Survey definition' },
    SurveyResponse: responseJsonSchema(),
    Batch: {
      type: 'object',
      description: 'What the SDK sends; each item is checked on its own, so one bad item never sinks the batch.',
      properties: {
        siteKey: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
        responses: { type: 'array', minItems: 1, maxItems: 50, items: ref('SurveyResponse') },
      },
      required: ['siteKey', 'responses'],
      additionalProperties: false,
    },
    Ack: {
      type: 'object',
      properties: {
        accepted: { type: 'array', items: { type: 'string' } },
        duplicates: { type: 'array', items: { type: 'string' } },
        rejected: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, error: { type: 'string' } }, required: ['id', 'error'] } },
      },
      required: ['accepted', 'duplicates', 'rejected'],
    },
    Error: { type: 'object', properties: { error: { type: 'string' }, issues: { type: 'array', items: issue } }, required: ['error'] },
    Site: {
      type: 'object',
      properties: {
        key: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
        name: { type: 'string', maxLength: 200 },
        origins: { type: 'array', maxItems: 100, items: { type: 'string' } },
        dimensions: {
          type: 'array',
          maxItems: 10,
          items: { type: 'string' },
          description: 'Meta attributes counted into the roll-ups at ingestion (default location, agent, channel, locale); groupBy on others scans',
        },
      },
      required: ['key', 'origins'],
    },
    StoredSurvey: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        version: { type: 'integer' },
        siteKey: { type: 'string' },
        definition: ref('Survey'),
        createdAt: { type: 'string' },
      },
    },
    SurveySettings: {
      type: 'object',
      properties: {
        webhookUrl: { type: ['string', 'null'], description: 'http(s) URL that receives each completed response' },
        webhookSecret: { type: ['string', 'null'], description: 'HMAC-SHA256 key for X-Tellus-Signature (write only)' },
        retentionDays: { type: ['integer', 'null'], minimum: 1, description: 'responses older than this are deleted' },
      },
      additionalProperties: false,
    },
  };
}
