// The survey definition schema (zod/mini, so browsers pay little) and the types inferred from it.
import * as z from 'zod/mini';
import { ID, LOCALE, META_KEY } from './patterns.js';

/**
 * Extra JSON Schema keywords for what zod's refinements check: the exported JSON Schema carries them,
 * so the compact checker that validates surveys at run time (json-check.ts) enforces them too.
 */
interface JsonMeta {
  'x-message'?: string;
  format?: string;
  minProperties?: number;
}
export const jsonMeta = z.registry<JsonMeta>();
const explained = <T extends z.ZodMiniType>(schema: T, message: string, extra: JsonMeta = {}): T => {
  jsonMeta.add(schema, { 'x-message': message, ...extra });
  return schema;
};

const ID_MESSAGE = 'must be 1–64 letters, digits, "_" or "-", starting with a letter or digit';
const LOCALE_MESSAGE = 'must be a language tag such as "en" or "pt-BR"';
const id = () => explained(z.string().check(z.regex(ID, ID_MESSAGE)), ID_MESSAGE);
const locale = () => explained(z.string().check(z.regex(LOCALE, LOCALE_MESSAGE)), LOCALE_MESSAGE);
const short = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/** A plain string is used for every locale; an object maps language tags to text. */
const TEXT_MESSAGE = 'must be text, or an object mapping language tags to text';
export const localizedText = explained(
  z.union(
    [
      short(2000),
      explained(
        z.record(locale(), z.string().check(z.maxLength(2000))).check(z.refine((v) => Object.keys(v).length > 0, 'needs at least one locale')),
        'needs at least one locale',
        { minProperties: 1 },
      ),
    ],
    { error: (issue) => (issue.input === undefined ? 'required' : TEXT_MESSAGE) },
  ),
  TEXT_MESSAGE,
);

const scale = () => z.int().check(z.gte(2), z.lte(10));
const labels = { lowLabel: z.optional(localizedText), highLabel: z.optional(localizedText) };

const showIf = z.strictObject({
  question: id(),
  eq: z.optional(z.union([z.string(), z.number(), z.boolean()])),
  in: z.optional(z.array(z.union([z.string(), z.number()])).check(z.minLength(1))),
  lte: z.optional(z.number()),
  gte: z.optional(z.number()),
});

const base = {
  id: id(),
  text: localizedText,
  description: z.optional(localizedText),
  required: z.optional(z.boolean()),
  showIf: z.optional(showIf),
};

const option = z.strictObject({ id: id(), text: localizedText });

export const ratingQuestion = z.strictObject({
  ...base,
  ...labels,
  type: z.literal('rating'),
  scale: scale(),
  style: z.optional(z.enum(['stars', 'numbers', 'emoji'])),
});
export const npsQuestion = z.strictObject({ ...base, ...labels, type: z.literal('nps') });
export const cesQuestion = z.strictObject({ ...base, ...labels, type: z.literal('ces') });
export const textQuestion = z.strictObject({
  ...base,
  type: z.literal('text'),
  maxLength: z.optional(z.int().check(z.gte(1), z.lte(5000))),
  placeholder: z.optional(localizedText),
  multiline: z.optional(z.boolean()),
});
export const choiceQuestion = z.strictObject({
  ...base,
  type: z.literal('choice'),
  multiple: z.optional(z.boolean()),
  options: z.array(option).check(z.minLength(1), z.maxLength(20)),
  other: z.optional(z.boolean()),
});
export const matrixQuestion = z.strictObject({
  ...base,
  ...labels,
  type: z.literal('matrix'),
  scale: scale(),
  rows: z.array(option).check(z.minLength(1), z.maxLength(20)),
});
export const thumbsQuestion = z.strictObject({ ...base, type: z.literal('thumbs') });

export const question = z.discriminatedUnion('type', [
  ratingQuestion,
  npsQuestion,
  cesQuestion,
  textQuestion,
  choiceQuestion,
  matrixQuestion,
  thumbsQuestion,
]);

const isoDate = () =>
  explained(z.string().check(z.refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date')), 'must be an ISO 8601 date', { format: 'date-time' });
const urlPattern = () => short(500);

/** Operators of an audience or event-property condition; all given must hold, an absent value holds only `exists: false`. */
const ATTR_MESSAGE = 'must be an attribute name: a letter, then letters, digits, "_", "." or "-"';
const scalar = () => z.union([z.string(), z.number(), z.boolean()]);
const operators = {
  eq: z.optional(scalar()),
  in: z.optional(z.array(scalar()).check(z.minLength(1), z.maxLength(100))),
  notIn: z.optional(z.array(scalar()).check(z.minLength(1), z.maxLength(100))),
  gte: z.optional(z.number()),
  lte: z.optional(z.number()),
  exists: z.optional(z.boolean()),
};
const attrName = () => explained(z.string().check(z.regex(META_KEY, ATTR_MESSAGE)), ATTR_MESSAGE);
/** Over the visitor's attributes (`user`, `identify()`, `setMeta()`), e.g. `{ "attr": "plan", "in": ["pro", "team"] }`. */
export const audienceCondition = z.strictObject({ attr: attrName(), ...operators });
/** Over the properties of the tracked event, e.g. `{ "prop": "total", "gte": 100 }`. */
export const eventPropCondition = z.strictObject({ prop: attrName(), ...operators });

export const trigger = z.strictObject({
  event: z.optional(z.union([short(100), z.array(short(100)).check(z.minLength(1))])),
  urls: z.optional(z.array(urlPattern())),
  excludeUrls: z.optional(z.array(urlPattern())),
  delayMs: z.optional(z.int().check(z.gte(0), z.lte(600_000))),
  sample: z.optional(z.number().check(z.gte(0), z.lte(1))),
  startsAt: z.optional(isoDate()),
  endsAt: z.optional(isoDate()),
  audience: z.optional(z.array(audienceCondition).check(z.minLength(1), z.maxLength(20))),
  eventProps: z.optional(z.array(eventPropCondition).check(z.minLength(1), z.maxLength(20))),
  /** Shows when the pointer leaves the page through the top of the viewport (desktop). */
  exitIntent: z.optional(z.literal(true)),
  /** Shows once the visitor has scrolled so far that this share of the page has been in view. */
  scrollPercent: z.optional(z.int().check(z.gte(1), z.lte(100))),
  /** Shows when the visitor clicks an element matching this CSS selector (one delegated listener). */
  clickSelector: z.optional(short(200)),
});

export const throttle = z.strictObject({
  recontactDays: z.optional(z.number().check(z.gte(0), z.lte(3650))),
  maxShows: z.optional(z.int().check(z.gte(1))),
  ignoreGlobalCooldown: z.optional(z.boolean()),
  /** A visitor who answered is asked again this many days after the answer (recurring NPS). */
  repeatEveryDays: z.optional(z.number().check(z.gte(1), z.lte(3650))),
  /** A visitor who dismissed it may see it again this many hours after the dismissal. */
  dismissedCooldownHours: z.optional(z.number().check(z.gte(1), z.lte(87_600))),
});

export const display = z.strictObject({
  mode: z.optional(z.enum(['popover', 'inline', 'tab'])),
  position: z.optional(z.enum(['bottom-right', 'bottom-left', 'top-right', 'top-left'])),
  selector: z.optional(short(200)),
  tabLabel: z.optional(localizedText),
});

export const survey = z.strictObject({
  /** Lets survey files name their JSON Schema for editors. */
  $schema: z.optional(z.string().check(z.maxLength(500))),
  id: id(),
  version: z.int().check(z.gte(1)),
  name: z.optional(short(200)),
  defaultLocale: z.optional(locale()),
  trigger: z.optional(trigger),
  throttle: z.optional(throttle),
  display: z.optional(display),
  questions: z.array(question).check(z.minLength(1), z.maxLength(30)),
  thankYou: z.optional(localizedText),
});

export type LocalizedText = z.infer<typeof localizedText>;
export type Survey = z.infer<typeof survey>;
export type Question = z.infer<typeof question>;
export type QuestionType = Question['type'];
export type Trigger = z.infer<typeof trigger>;
export type Throttle = z.infer<typeof throttle>;
export type Display = z.infer<typeof display>;
export type ShowIf = z.infer<typeof showIf>;
export type AudienceCondition = z.infer<typeof audienceCondition>;
export type EventPropCondition = z.infer<typeof eventPropCondition>;
