// Audience and event-property conditions (`{ attr: "plan", in: ["pro"] }`): every condition must hold over the given values.
import type { AudienceCondition } from '@tellus/schema';
import type { Attributes, MetaValue } from '../options.js';

export type Condition = Omit<AudienceCondition, 'attr'>;

/** Numbers compare as numbers; a numeric string (attributes often arrive as text) compares as its number. */
const numeric = (v: MetaValue) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

/** Whether one value meets every operator of a condition; an absent (or null) value meets only `exists: false`. */
export function conditionHolds(c: Condition, value: MetaValue | undefined): boolean {
  if (value === undefined || value === null) return c.exists === false;
  const n = numeric(value);
  return (
    c.exists !== false &&
    (c.eq === undefined || c.eq === value) &&
    (c.in === undefined || c.in.includes(value)) &&
    (c.notIn === undefined || !c.notIn.includes(value)) &&
    (c.gte === undefined || n >= c.gte) &&
    (c.lte === undefined || n <= c.lte)
  );
}

/** Whether every condition holds; `key` names the field holding the attribute name (`attr` or `prop`). */
export function allHold<K extends string>(conditions: readonly (Condition & Record<K, string>)[] | undefined, key: K, values: Attributes | undefined): boolean {
  return !conditions || conditions.every((c) => conditionHolds(c, values && Object.prototype.hasOwnProperty.call(values, c[key]) ? values[c[key]] : undefined));
}
