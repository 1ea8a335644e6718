// A compact checker for the subset of JSON Schema our survey schema exports, with zod's messages and paths.
import { formatPath, type Issue } from './errors.js';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  const?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minProperties?: number;
  pattern?: string;
  format?: string;
  'x-message'?: string;
}

type Path = (string | number)[];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

const typeOk = (type: string, v: unknown): boolean =>
  type === 'integer'
    ? Number.isInteger(v)
    : type === 'number'
      ? typeof v === 'number' && Number.isFinite(v)
      : type === 'object'
        ? isObject(v)
        : type === 'array'
          ? Array.isArray(v)
          : type === 'null'
            ? v === null
            : typeof v === type;

const typeMessage = (type: string) => (type === 'integer' ? 'must be a whole number' : `must be ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`);

/** The branch of a discriminated union whose `const` properties the value matches, if any. */
const discriminated = (branches: JsonSchema[], v: Record<string, unknown>) => {
  const key = Object.keys(branches[0]?.properties ?? {}).find((k) => branches[0]?.properties?.[k]?.const !== undefined);
  if (key === undefined) return undefined;
  return { key, branch: branches.find((b) => b.properties?.[key]?.const === v[key]), values: branches.map((b) => b.properties?.[key]?.const) };
};

/** Appends every problem with `value` under `schema` to `issues`. */
export function checkJson(schema: JsonSchema, value: unknown, path: Path, issues: Issue[]): void {
  const fail = (message: string, p: Path = path) => void issues.push({ path: formatPath(p), message });
  const union = schema.anyOf ?? schema.oneOf;
  if (union) {
    if (value === undefined) return fail('required');
    if (isObject(value)) {
      const d = discriminated(union, value);
      if (d) return d.branch ? checkJson(d.branch, value, path, issues) : fail(`must be one of ${list(d.values)}`, [...path, d.key]);
    }
    const tries = union.map((b) => {
      const found: Issue[] = [];
      checkJson(b, value, path, found);
      return { b, found };
    });
    if (tries.some((t) => t.found.length === 0)) return;
    // Like zod: when exactly one branch has the right type, its own problems are the useful ones.
    const typed = tries.filter((t) => ![t.b.type].flat().every((ty) => ty && !typeOk(ty, value)));
    if (typed.length === 1) return void issues.push(...typed[0]!.found);
    return fail(schema['x-message'] ?? 'does not match any allowed form');
  }
  if (value === undefined) return fail('required');
  const types = schema.type === undefined ? [] : [schema.type].flat();
  if (types.length && !types.some((t) => typeOk(t, value)))
    return fail(types.length === 1 ? typeMessage(types[0]!) : (schema['x-message'] ?? 'does not match any allowed form'));
  if (schema.const !== undefined && value !== schema.const) return fail(`must be ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) return fail(`must be one of ${list(schema.enum)}`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail(`must be at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail(`must be at most ${schema.maximum}`);
  } else if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      fail(schema.minLength === 1 ? 'must not be empty' : `must be at least ${plural(schema.minLength, 'character')}`);
    else if (schema.maxLength !== undefined && value.length > schema.maxLength) fail(`must be at most ${plural(schema.maxLength, 'character')}`);
    else if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) fail(schema['x-message'] ?? 'has an invalid format');
    else if (schema.format === 'date-time' && Number.isNaN(Date.parse(value))) fail(schema['x-message'] ?? 'must be a date');
  } else if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) fail(`must have at least ${plural(schema.minItems, 'item')}`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail(`must have at most ${plural(schema.maxItems, 'item')}`);
    // An index loop, not forEach: holes in a sparse array must be checked (and fail) too.
    if (schema.items) for (let i = 0; i < value.length; i++) checkJson(schema.items, value[i], [...path, i], issues);
  } else if (isObject(value)) {
    const props = schema.properties ?? {};
    for (const key of schema.required ?? []) if (!Object.hasOwn(value, key) || value[key] === undefined) fail('required', [...path, key]);
    for (const [key, v] of Object.entries(value)) {
      const own = Object.hasOwn(props, key) ? props[key] : undefined;
      if (own) {
        // undefined is how JS spells an absent optional field (JSON has no such value)
        if (v !== undefined) checkJson(own, v, [...path, key], issues);
      } else if (schema.additionalProperties === false) fail('unknown field', [...path, key]);
      else {
        if (schema.propertyNames) checkJson(schema.propertyNames, key, [...path, key], issues);
        if (isObject(schema.additionalProperties)) checkJson(schema.additionalProperties, v, [...path, key], issues);
      }
    }
    if (schema.minProperties !== undefined && Object.keys(value).length < schema.minProperties) fail(schema['x-message'] ?? 'is empty');
  }
}
