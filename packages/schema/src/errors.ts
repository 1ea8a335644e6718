// Validation errors that carry every problem with the path of the field it is about.

export interface Issue {
  /** Where the problem is, e.g. `questions[2].scale` or `answers.nps`; empty for the whole value. */
  path: string;
  message: string;
}

/** A message listing every problem, one per line: `Invalid survey definition:\n  questions[2].scale: must be at most 10`. */
export const formatIssues = (what: string, issues: readonly Issue[]): string =>
  `${what}:\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`;

export class ValidationError extends Error {
  // Declared, not a class field: assigned in the constructor, so bundlers targeting ES2020 emit no field helper.
  declare readonly issues: Issue[];
  constructor(what: string, issues: Issue[]) {
    super(formatIssues(what, issues));
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** A survey definition that does not match the schema; thrown at load time, never later. */
export class SurveyConfigError extends ValidationError {
  constructor(issues: Issue[]) {
    super('Invalid survey definition', issues);
    this.name = 'SurveyConfigError';
  }
}

/** Formats a path of keys and indexes as `questions[2].scale`. */
export const formatPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');

interface ZodLikeIssue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  keys?: readonly string[];
}

/** Turns zod issues into ours: one per unknown key, a readable message for each. */
export const fromZodIssues = (issues: readonly ZodLikeIssue[]): Issue[] =>
  issues.flatMap((issue) => {
    const base = issue.path;
    if (issue.code === 'unrecognized_keys' && issue.keys) return issue.keys.map((key) => ({ path: formatPath([...base, key]), message: 'unknown field' }));
    return [{ path: formatPath(base), message: issue.message }];
  });

const sizeUnit = (origin: unknown, n: unknown) =>
  (origin === 'string' ? ' character' : origin === 'array' ? ' item' : '') + (origin !== 'string' && origin !== 'array' ? '' : n === 1 ? '' : 's');
const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

/**
 * Plain-English messages for zod/mini, which ships none; passed per parse so we never touch
 * the global zod config of a host app that uses zod too.
 */
export const errorMessage = (issue: { code?: string; input?: unknown } & Record<string, unknown>): string => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'required';
      if (issue.expected === 'int') return 'must be a whole number';
      return `must be ${/^[aeiou]/.test(String(issue.expected)) ? 'an' : 'a'} ${String(issue.expected)}`;
    case 'too_big':
      return `must ${issue.origin === 'array' ? 'have' : 'be'} at most ${String(issue.maximum)}${sizeUnit(issue.origin, issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'string' && issue.minimum === 1
        ? 'must not be empty'
        : `must ${issue.origin === 'array' ? 'have' : 'be'} at least ${String(issue.minimum)}${sizeUnit(issue.origin, issue.minimum)}`;
    case 'invalid_value':
      return `must be one of ${list((issue.values as unknown[]) ?? [])}`;
    case 'invalid_union':
      return Array.isArray(issue.options) && issue.options.length ? `must be one of ${list(issue.options)}` : 'does not match any allowed form';
    case 'not_multiple_of':
      return 'must be a whole number';
    default:
      return 'is invalid';
  }
};
