// The OpenAPI document matches the app: every registered route is described, nothing else is, and every example validates.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkJson, parseBatch, parseResponse, parseSurvey, type Issue, type JsonSchema } from '@tellus/schema';
import { createApp } from '../server.js';
import { silentLogger } from '../log.js';
import { openPGliteStorage } from '../storage/pglite.js';
import type { Storage } from '../storage/types.js';
import type { App } from '../http/context.js';
import { openApiDocument, type Paths } from './index.js';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const doc = openApiDocument(VERSION) as { paths: Paths; components: { schemas: Record<string, JsonSchema> } };

/** Hono's `/v1/sites/:siteKey/surveys` and `/widget/*` as OpenAPI spells them. */
const openApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}').replace(/\/\*$/, '/{file}');

/** The schema with every `#/components/schemas/…` reference replaced by what it names. */
const deref = (schema: unknown): JsonSchema => {
  if (Array.isArray(schema)) return schema.map(deref) as unknown as JsonSchema;
  if (!schema || typeof schema !== 'object') return schema as JsonSchema;
  const s = schema as Record<string, unknown>;
  if (typeof s.$ref === 'string') return deref(doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]);
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, deref(v)])) as JsonSchema;
};

interface Example {
  where: string;
  schema: JsonSchema;
  example: unknown;
}
/** Every example in request bodies and responses, with the schema beside it. */
const examples = (paths: Paths): Example[] =>
  Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).flatMap(([method, op]) => {
      const bodies = [['request', op.requestBody], ...Object.entries(op.responses)] as [
        string,
        { content?: Record<string, { schema: JsonSchema; example?: unknown }> } | undefined,
      ][];
      return bodies.flatMap(([status, body]) =>
        Object.values(body?.content ?? {})
          .filter((media) => media.example !== undefined)
          .map((media) => ({ where: `${method.toUpperCase()} ${path} ${status}`, schema: deref(media.schema), example: media.example })),
      );
    }),
  );

const problems = (e: Example) => {
  const issues: Issue[] = [];
  checkJson(e.schema, e.example, [], issues);
  return issues.map((i) => `${e.where}: ${i.path} ${i.message}`);
};

let storage: Storage;
let app: App;
beforeAll(async () => {
  storage = await openPGliteStorage();
  await storage.migrate();
  app = createApp({ storage, logger: silentLogger, adminToken: 'test' });
}, 60_000);
afterAll(() => storage?.close());

describe('OpenAPI document', () => {
  it('describes every route the app registers (CORS preflights aside)', () => {
    const registered = [...new Set(app.routes.filter((r) => r.method !== 'ALL' && r.method !== 'OPTIONS').map((r) => `${r.method} ${openApiPath(r.path)}`))];
    const missing = registered.filter((route) => {
      const [method, path] = route.split(' ') as [string, string];
      return !doc.paths[path]?.[method.toLowerCase()];
    });
    expect(registered.length).toBeGreaterThan(20);
    expect(missing, 'add them to the route group’s file under src/openapi/paths/').toEqual([]);
  });

  it('describes no route the app does not have', () => {
    const registered = new Set(app.routes.map((r) => `${r.method} ${openApiPath(r.path)}`));
    const stale = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`))
      .filter((r) => !registered.has(r));
    expect(stale).toEqual([]);
  });

  it('has examples that validate against their schemas', () => {
    const all = examples(doc.paths);
    expect(all.length).toBeGreaterThanOrEqual(8);
    expect(all.flatMap(problems)).toEqual([]);
  });

  it('reports an example that does not fit its schema (so the check above can fail)', () => {
    const [batch] = examples(doc.paths).filter((e) => e.where === 'POST /v1/responses request');
    const broken = structuredClone(batch!.example) as { responses: { seq: unknown }[] };
    broken.responses[0]!.seq = 'one';
    expect(problems({ ...batch!, example: broken })).not.toEqual([]);
  });

  it('takes its survey and response schemas from @tellus/schema: the examples pass the collector’s own zod parsing', () => {
    const byWhere = Object.fromEntries(examples(doc.paths).map((e) => [e.where, e.example]));
    const batch = parseBatch(byWhere['POST /v1/responses request']);
    for (const item of batch.responses) expect(() => parseResponse(item)).not.toThrow();
    expect(() => parseSurvey((byWhere['PUT /v1/admin/surveys/{id} request'] as { survey: unknown }).survey)).not.toThrow();
    expect(doc.components.schemas.Survey!.properties).toHaveProperty('questions');
    expect(doc.components.schemas.SurveyResponse!.required).toEqual(expect.arrayContaining(['id', 'surveyId', 'seq', 'completed', 'answers']));
  });

  it('is served at /openapi.json as OpenAPI 3.1 with the package version', async () => {
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const served = (await res.json()) as { openapi: string; info: { version: string }; paths: Record<string, unknown> };
    expect(served.openapi).toBe('3.1.0');
    expect(served.info.version).toBe(VERSION);
    expect(Object.keys(served.paths)).toEqual(Object.keys(doc.paths));
  });
});
