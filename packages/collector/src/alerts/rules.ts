// Alert rules: the zod schema a survey's rules are validated with (paths in every issue), and their types.
import * as z from 'zod';
import { errorMessage, fromZodIssues, type Issue, type Survey } from '@tellus/schema';

const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const id = () => z.string().regex(ID, 'must be 1–64 letters, digits, "_" or "-", starting with a letter or digit');
const scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

const httpUrl = () =>
  z
    .string()
    .max(2000)
    .refine((u) => {
      try {
        return ['http:', 'https:'].includes(new URL(u).protocol);
      } catch {
        return false;
      }
    }, 'must be an http(s) URL');

/**
 * One test on an answer (`question`) or a meta attribute (`attribute`): the operators of `showIf`
 * (eq, in, lte, gte) plus notIn, exists and contains (case-insensitive, for text). All given must hold.
 */
export const condition = z
  .strictObject({
    question: z.optional(id()),
    attribute: z.optional(z.string().min(1).max(64)),
    eq: z.optional(scalar),
    in: z.optional(z.array(scalar).min(1).max(100)),
    notIn: z.optional(z.array(scalar).min(1).max(100)),
    gte: z.optional(z.number()),
    lte: z.optional(z.number()),
    exists: z.optional(z.boolean()),
    contains: z.optional(z.string().min(1).max(200)),
  })
  .check((ctx) => {
    const c = ctx.value;
    if ((c.question === undefined) === (c.attribute === undefined))
      ctx.issues.push({ code: 'custom', input: c, path: [], message: 'needs exactly one of question or attribute' });
    const ops = ['eq', 'in', 'notIn', 'gte', 'lte', 'exists', 'contains'] as const;
    if (!ops.some((op) => c[op] !== undefined)) ctx.issues.push({ code: 'custom', input: c, path: [], message: `needs one of ${ops.join(', ')}` });
  });

/** Text with `{{placeholders}}` (see template.ts); a destination without one gets the built-in message. */
export const template = z.strictObject({
  title: z.optional(z.string().min(1).max(300)),
  text: z.optional(z.string().min(1).max(3000)),
});

export const destination = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('webhook'), url: httpUrl(), secret: z.optional(z.string().min(16).max(256)), template: z.optional(template) }),
  z.strictObject({ type: z.literal('slack'), url: httpUrl(), template: z.optional(template) }),
  z.strictObject({ type: z.literal('teams'), url: httpUrl(), template: z.optional(template) }),
  z.strictObject({
    type: z.literal('email'),
    to: z.array(z.email('must be an e-mail address').max(254)).min(1).max(20),
    template: z.optional(template),
  }),
]);

export const rule = z.strictObject({
  id: id(),
  name: z.optional(z.string().min(1).max(200)),
  enabled: z.optional(z.boolean()),
  /** Every condition must hold; an empty list matches every completed response. */
  when: z.array(condition).max(20),
  destinations: z.array(destination).min(1).max(10),
  /** Answers to `contact` questions leave the collector only when this is true. */
  includePersonalData: z.optional(z.boolean()),
});

export const rules = z
  .array(rule)
  .max(50)
  .check((ctx) => {
    const seen = new Set<string>();
    ctx.value.forEach((r, i) => {
      if (seen.has(r.id)) ctx.issues.push({ code: 'custom', input: r.id, path: [i, 'id'], message: `rule id "${r.id}" is used twice` });
      seen.add(r.id);
    });
  });

export type Condition = z.infer<typeof condition>;
export type Template = z.infer<typeof template>;
export type Destination = z.infer<typeof destination>;
export type Rule = z.infer<typeof rule>;

export type RulesCheck = { ok: true; rules: Rule[] } | { ok: false; issues: Issue[] };

/** Validates a survey's rules; issue paths read like `[0].destinations[1].url`. */
export function checkRules(input: unknown): RulesCheck {
  const r = rules.safeParse(input, { error: errorMessage });
  return r.success ? { ok: true, rules: r.data } : { ok: false, issues: fromZodIssues(r.error.issues) };
}

/** Conditions on questions the survey does not ask would never hold: one issue each, with its path. */
export function unaskedQuestions(rules: readonly Rule[], survey: Survey): Issue[] {
  const asked = new Set(survey.questions.map((q) => q.id));
  return rules.flatMap((r, i) =>
    r.when.flatMap((c, j) =>
      c.question !== undefined && !asked.has(c.question)
        ? [{ path: `[${i}].when[${j}].question`, message: `survey "${survey.id}" has no question "${c.question}"` }]
        : [],
    ),
  );
}
