// The rule form's model: which fields and operators a survey offers, rules to form rows and back, and server issue paths to the control they name.
import type { Condition, Destination, Rule } from '../alerts/rules.js';
import type { QuestionResult } from '../results/types.js';

export type Operator = 'eq' | 'in' | 'notIn' | 'gte' | 'lte' | 'exists' | 'contains';
/** What a field holds, which decides its operators and its value input. */
export type FieldKind = 'number' | 'choice' | 'thumbs' | 'text' | 'attribute' | 'presence';

export interface Field {
  /** "question:nps" or "attribute:location". */
  key: string;
  label: string;
  kind: FieldKind;
  /** The values a choice or thumbs question can take, with their labels. */
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
}

export const OPERATORS: Record<FieldKind, Operator[]> = {
  number: ['lte', 'gte', 'eq', 'in', 'notIn', 'exists'],
  choice: ['in', 'notIn', 'eq', 'exists'],
  thumbs: ['eq', 'exists'],
  text: ['contains', 'eq', 'exists'],
  attribute: ['eq', 'in', 'notIn', 'contains', 'exists'],
  presence: ['exists'],
};

export const OPERATOR_LABELS: Record<Operator, string> = {
  lte: 'at most (≤)',
  gte: 'at least (≥)',
  eq: 'is',
  in: 'is one of',
  notIn: 'is none of',
  contains: 'contains',
  exists: 'is given',
};

type QuestionLike = Pick<QuestionResult, 'id' | 'type' | 'text'> & { scale?: number; options?: { id: string; text: string }[] };

/**
 * The survey's questions, then the site's attributes (the declared dimensions first), as fields a
 * condition can test. Fields only the saved rules name (a renamed attribute) are added at the end.
 */
export function fieldsOf(questions: readonly QuestionLike[], attributes: readonly string[], rules: readonly Rule[] = []): Field[] {
  const fields: Field[] = [];
  for (const q of questions) {
    const label = `${q.id}: ${q.text}`;
    const key = `question:${q.id}`;
    if (q.type === 'nps') fields.push({ key, label, kind: 'number', min: 0, max: 10 });
    else if (q.type === 'rating') fields.push({ key, label, kind: 'number', min: 1, max: q.scale ?? 10 });
    else if (q.type === 'ces') fields.push({ key, label, kind: 'number', min: 1, max: 7 });
    else if (q.type === 'choice') fields.push({ key, label, kind: 'choice', options: (q.options ?? []).map((o) => ({ value: o.id, label: o.text })) });
    else if (q.type === 'thumbs')
      fields.push({
        key,
        label,
        kind: 'thumbs',
        options: [
          { value: 'up', label: 'Thumbs up' },
          { value: 'down', label: 'Thumbs down' },
        ],
      });
    else if (q.type === 'text') fields.push({ key, label, kind: 'text' });
    else fields.push({ key, label, kind: 'presence' });
  }
  const named = rules.flatMap((r) => r.when.map((c) => c.attribute).filter((a): a is string => !!a));
  for (const a of new Set([...attributes, ...named])) fields.push({ key: `attribute:${a}`, label: `${a} (attribute)`, kind: 'attribute' });
  const asked = new Set(fields.map((f) => f.key));
  for (const r of rules)
    for (const c of r.when)
      if (c.question !== undefined && !asked.has(`question:${c.question}`)) {
        asked.add(`question:${c.question}`);
        fields.push({ key: `question:${c.question}`, label: `${c.question} (not in this survey)`, kind: 'presence' });
      }
  return fields;
}

/** One form row: one field, one operator, its value as typed (a list as comma-separated text, or a choice's selected ids). */
export interface ConditionRow {
  field: string;
  op: Operator;
  value: string;
  values: string[];
  exists: boolean;
}

export type DestinationType = Destination['type'];
export interface DestinationRow {
  type: DestinationType;
  url: string;
  /** E-mail recipients, comma-separated. */
  to: string;
  /** A new webhook secret; empty keeps the stored one. */
  secret: string;
  secretSet: boolean;
  title: string;
  text: string;
}

export interface RuleRow {
  /** Stable across edits and reorders, for Preact's keys. */
  key: number;
  id: string;
  name: string;
  enabled: boolean;
  includePersonalData: boolean;
  when: ConditionRow[];
  destinations: DestinationRow[];
}

let nextKey = 1;
export const emptyCondition = (): ConditionRow => ({ field: '', op: 'eq', value: '', values: [], exists: true });
export const emptyDestination = (type: DestinationType = 'email'): DestinationRow => ({
  type,
  url: '',
  to: '',
  secret: '',
  secretSet: false,
  title: '',
  text: '',
});
export const emptyRule = (): RuleRow => ({
  key: nextKey++,
  id: '',
  name: '',
  enabled: true,
  includePersonalData: false,
  when: [emptyCondition()],
  destinations: [emptyDestination()],
});

const OPS: Operator[] = ['eq', 'in', 'notIn', 'gte', 'lte', 'exists', 'contains'];

/** A stored condition with several operators becomes one row per operator: all must hold either way. */
function conditionRows(c: Condition): ConditionRow[] {
  const field = c.question !== undefined ? `question:${c.question}` : c.attribute !== undefined ? `attribute:${c.attribute}` : '';
  return OPS.filter((op) => c[op] !== undefined).map((op) => {
    const v = c[op];
    return {
      ...emptyCondition(),
      field,
      op,
      ...(op === 'exists' ? { exists: v === true } : {}),
      ...(Array.isArray(v) ? { value: v.join(', '), values: v.map(String) } : op === 'exists' ? {} : { value: String(v), values: [String(v)] }),
    };
  });
}

/** Rules as the admin API returns them (webhook secrets replaced by `secretSet`) → form rows. */
export function toRows(rules: readonly unknown[]): RuleRow[] {
  return (rules as Rule[]).map((r) => ({
    key: nextKey++,
    id: r.id ?? '',
    name: r.name ?? '',
    enabled: r.enabled !== false,
    includePersonalData: r.includePersonalData === true,
    when: (r.when ?? []).flatMap(conditionRows),
    destinations: (r.destinations ?? []).map((d) => ({
      ...emptyDestination(d.type),
      ...('url' in d ? { url: d.url } : {}),
      ...('to' in d ? { to: d.to.join(', ') } : {}),
      secretSet: d.type === 'webhook' && (d as { secretSet?: boolean }).secretSet === true,
      title: d.template?.title ?? '',
      text: d.template?.text ?? '',
    })),
  }));
}

/** A number when the text is one; otherwise the text itself, for the server to refuse with its path. */
const numberOrText = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);
const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function conditionOf(row: ConditionRow, field: Field | undefined): Record<string, unknown> {
  const [source, ...rest] = row.field.split(':');
  const name = rest.join(':');
  const target = source === 'question' ? { question: name } : source === 'attribute' ? { attribute: name } : {};
  const kind = field?.kind ?? 'attribute';
  const numeric = kind === 'number';
  let value: unknown;
  if (row.op === 'exists') value = row.exists;
  else if (row.op === 'in' || row.op === 'notIn') value = kind === 'choice' ? row.values : numeric ? list(row.value).map(numberOrText) : list(row.value);
  else if (row.op === 'gte' || row.op === 'lte' || (row.op === 'eq' && numeric)) value = numberOrText(row.value);
  else value = row.value;
  return { ...target, [row.op]: value };
}

function destinationOf(row: DestinationRow): Record<string, unknown> {
  const template = row.title || row.text ? { template: { ...(row.title && { title: row.title }), ...(row.text && { text: row.text }) } } : {};
  if (row.type === 'email') return { type: 'email', to: list(row.to), ...template };
  return { type: row.type, url: row.url.trim(), ...(row.type === 'webhook' && row.secret ? { secret: row.secret } : {}), ...template };
}

/** Form rows → the rules body of PUT /v1/admin/surveys/:id/rules (one condition per row, so issue paths name rows). */
export function fromRows(rows: readonly RuleRow[], fields: readonly Field[]): unknown[] {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  return rows.map((r) => ({
    id: r.id.trim(),
    ...(r.name.trim() && { name: r.name.trim() }),
    ...(r.enabled ? {} : { enabled: false }),
    when: r.when.map((c) => conditionOf(c, byKey.get(c.field))),
    destinations: r.destinations.map(destinationOf),
    ...(r.includePersonalData && { includePersonalData: true }),
  }));
}

/** The id of rule `rule`'s control named `part`: "rule-0-id", "rule-0-c1-value", "rule-0-d0-url". */
export const controlId = (rule: number, part: string) => `rule-${rule}-${part}`;

const DESTINATION_PARTS: Record<string, string> = { url: 'url', to: 'to', secret: 'secret', type: 'type' };

/**
 * The control a server issue path points at (`[0].when[1].lte` → the value of rule 0's second
 * condition), or null for an issue about the whole list.
 */
export function controlFor(path: string): string | null {
  const tokens = [...path.matchAll(/\[(\d+)\]|\.?([A-Za-z_$][\w$]*)/g)].map((m) => (m[1] !== undefined ? Number(m[1]) : m[2]!));
  const [rule, section, index, part, sub] = tokens;
  if (typeof rule !== 'number') return null;
  if (section === undefined) return controlId(rule, 'id');
  if (section === 'when') {
    if (typeof index !== 'number') return controlId(rule, 'add-condition');
    if (part === undefined || part === 'question' || part === 'attribute') return controlId(rule, `c${index}-field`);
    return controlId(rule, `c${index}-value`);
  }
  if (section === 'destinations') {
    if (typeof index !== 'number') return controlId(rule, 'add-destination');
    if (part === 'template') return controlId(rule, `d${index}-${sub === 'text' ? 'text' : 'title'}`);
    return controlId(rule, `d${index}-${DESTINATION_PARTS[String(part)] ?? 'type'}`);
  }
  if (section === 'id' || section === 'name' || section === 'enabled' || section === 'includePersonalData') return controlId(rule, section);
  return controlId(rule, 'id');
}
