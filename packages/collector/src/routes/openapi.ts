// GET /openapi.json: the OpenAPI 3.1 document of every route (built once, on the first request).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import type { AppEnv, RouteGroup } from '../http/context.js';
import { openApiDocument } from '../openapi/index.js';

/** @tellus/collector's version: package.json is one level up from dist/, two from src/routes/. */
function packageVersion(): string {
  const file = ['../package.json', '../../package.json'].map((p) => fileURLToPath(new URL(p, import.meta.url))).find(existsSync);
  return file ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : '0.0.0';
}

export const openApiRoutes: RouteGroup = () => {
  const app = new Hono<AppEnv>();
  let body: string | undefined;
  app.get('/openapi.json', (c) => {
    body ??= JSON.stringify(openApiDocument(packageVersion()));
    c.header('Content-Type', 'application/json; charset=utf-8');
    c.header('Access-Control-Allow-Origin', '*'); // a public description, readable by API tools in any origin
    return c.body(body);
  });
  return app;
};
