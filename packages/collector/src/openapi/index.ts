// The collector's OpenAPI 3.1 document (served at /openapi.json): one paths file per route group, schemas from @tellus/schema.
import { SESSION_COOKIE } from '../http/admin.js';
import { componentSchemas } from './schemas.js';
import type { Paths } from './build.js';
import { alertsPaths } from './paths/alerts.js';
import { configPaths } from './paths/config.js';
import { ingestPaths } from './paths/ingest.js';
import { pagesPaths } from './paths/pages.js';
import { resultsPaths } from './paths/results.js';

export type { Operation, Paths } from './build.js';

/** Every route group's paths; a new route group adds its file here (test/collector/openapi.test.ts finds the ones missing). */
export const API_PATHS: Paths[] = [ingestPaths, configPaths, resultsPaths, alertsPaths, pagesPaths];

/** The OpenAPI document; `version` is @tellus/collector's package version. */
export function openApiDocument(version: string, extra: Paths[] = []): Record<string, unknown> {
  const paths: Paths = {};
  for (const group of [...API_PATHS, ...extra]) for (const [path, methods] of Object.entries(group)) paths[path] = { ...paths[path], ...methods };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Tellus collector',
      version,
      description: 'Ingestion of survey responses, survey configuration, results and exports. Errors are JSON: `{ error, issues? }`.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: componentSchemas(),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'TELLUS_ADMIN_TOKEN' },
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Set by POST /dashboard/login' },
      },
    },
  };
}
