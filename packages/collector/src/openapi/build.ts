// Small builders for OpenAPI 3.1 operations, so each route group's description reads like its routes.
export type JsonSchema = Record<string, unknown>;

export interface Operation {
  summary: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: Record<string, unknown>[];
  requestBody?: Record<string, unknown>;
  responses: Record<string, Record<string, unknown>>;
  [extension: `x-${string}`]: unknown;
}
/** OpenAPI path (with `{param}`) → lower-case method → operation. */
export type Paths = Record<string, Record<string, Operation>>;

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

/** A JSON body or response, with an example that the OpenAPI test validates against `schema`. */
export const json = (schema: JsonSchema, example?: unknown) => ({ content: { 'application/json': { schema, ...(example !== undefined && { example }) } } });

/** A response with a JSON body. */
export const reply = (description: string, schema: JsonSchema = ref('Error'), example?: unknown) => ({ description, ...json(schema, example) });
/** A response whose body is not JSON (HTML pages, scripts, CSV). */
export const file = (description: string, type: string) => ({ description, content: { [type]: { schema: { type: 'string' } } } });

export const pathParam = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema,
});
export const queryParam = (name: string, description: string, schema: JsonSchema = { type: 'string' }) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

/** The admin token as `Authorization: Bearer …` (the dashboard's pages also take its session cookie). */
export const admin: Operation['security'] = [{ bearer: [] }];
export const adminOrCookie: Operation['security'] = [{ bearer: [] }, { session: [] }];

/** The JSON errors every route group shares (never a 500 for a client's mistake). */
export const errors = {
  400: reply('Invalid input: `error`, and `issues` with the path of each bad field where there are fields'),
  401: reply('Admin token missing or wrong'),
  404: reply('Unknown survey, site or path'),
  413: reply('Body larger than TELLUS_MAX_BODY'),
  415: reply('Content type not accepted'),
  429: reply('Rate limited; see the Retry-After header'),
};
export const pick = <K extends keyof typeof errors>(...codes: K[]) => Object.fromEntries(codes.map((c) => [c, errors[c]]));
