// The shape of one locale's built-in UI strings; `{n}`/`{max}` are filled by `fill`.
export interface Strings {
  /** Accessible name of the survey dialog when the survey has no name. */
  survey: string;
  close: string;
  back: string;
  next: string;
  submit: string;
  thanks: string;
  required: string;
  /** "Question {n} of {max}" */
  progress: string;
  /** "{n} characters left" */
  left: string;
  other: string;
  otherText: string;
  /** Default end labels, per scale. */
  npsLow: string;
  npsHigh: string;
  cesLow: string;
  cesHigh: string;
  up: string;
  down: string;
  /** Default feedback-tab label. */
  tab: string;
  /** Contact field labels, and the message under a value that is not a valid address or number. */
  email: string;
  phone: string;
  invalid: string;
}

/** Replaces `{name}` placeholders; unknown names are left as they are. */
export const fill = (s: string, vars: Record<string, string | number>): string => s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
