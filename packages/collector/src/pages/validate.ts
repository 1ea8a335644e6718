// Editor validation: JSON syntax, then @tellus/schema, as a list of { path, message } for inline display.
import { parseSurvey, ValidationError, type Issue, type Survey } from '@tellus/schema';
import { lineOfPath, lineOfSyntaxError, pathOffsets } from './locate.js';

/** An issue with the 1-based line it points at in the text, when it can be found. */
export type EditorIssue = Issue & { line: number | null };
export type EditorCheck = { survey: Survey; issues: [] } | { survey: null; issues: EditorIssue[] };

export function checkSurveyText(text: string, expectedId?: string): EditorCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : 'not valid JSON';
    return { survey: null, issues: [{ path: '(JSON)', message, line: lineOfSyntaxError(text, message) }] };
  }
  let survey: Survey;
  try {
    survey = parseSurvey(json);
  } catch (err) {
    if (!(err instanceof ValidationError)) return { survey: null, issues: [{ path: '', message: String(err), line: null }] };
    const offsets = pathOffsets(text);
    return { survey: null, issues: err.issues.map((i) => ({ ...i, line: lineOfPath(text, i.path, offsets) })) };
  }
  if (expectedId !== undefined && survey.id !== expectedId)
    return { survey: null, issues: [{ path: 'id', message: `must stay "${expectedId}" (this page edits that survey)`, line: lineOfPath(text, 'id') }] };
  return { survey, issues: [] };
}

/** Locales a survey has text in, for the preview's locale switch. */
export function surveyLocales(survey: Survey): string[] {
  const found = new Set<string>([survey.defaultLocale ?? 'en']);
  const visit = (v: unknown, key?: string) => {
    if (!v || typeof v !== 'object') return;
    if (!Array.isArray(v) && key && /^(text|description|lowLabel|highLabel|placeholder|thankYou|tabLabel)$/.test(key))
      for (const k of Object.keys(v)) found.add(k);
    for (const [k, child] of Object.entries(v)) visit(child, Array.isArray(v) ? key : k);
  };
  visit(survey);
  return [...found].sort();
}
