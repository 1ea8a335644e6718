// Piping: `{{answer.<questionId>}}` and `{{attr.<name>|fallback}}` in survey text, replaced by plain text (never HTML).
const PIPE = /\{\{\s*(answer|attr)\.([A-Za-z0-9_.-]{1,64})\s*(?:\|([^}]*))?\}\}/g;

/** What a placeholder reads: an answer (already formatted for reading) or a visitor attribute; '' when there is none. */
export type PipeLookup = (kind: 'answer' | 'attr', name: string) => string;

/** Replaces every placeholder by its value, or by its fallback (after `|`) when the value is empty. */
export const pipe = (text: string, lookup: PipeLookup): string =>
  text.includes('{{') ? text.replace(PIPE, (_m, kind: 'answer' | 'attr', name: string, fallback = '') => lookup(kind, name) || fallback.trim()) : text;
