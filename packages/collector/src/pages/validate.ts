// Editor validation: JSON syntax, then @tellus/schema, as a list of { path, message } for inline display.
import { parseSurvey, ValidationError, type Issue, type Survey } from '@tellus/schema';

export type EditorCheck = { survey: Survey; issues: [] } | { survey: null; issues: Issue[] };

export function checkSurveyText(text: string, expectedId?: string): EditorCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { survey: null, issues: [{ path: '(JSON)', message: err instanceof Error ? err.message : 'not valid JSON' }] };
  }
  let survey: Survey;
  try {
    survey = parseSurvey(json);
  } catch (err) {
    if (err instanceof ValidationError) return { survey: null, issues: err.issues };
    return { survey: null, issues: [{ path: '', message: String(err) }] };
  }
  if (expectedId !== undefined && survey.id !== expectedId)
    return { survey: null, issues: [{ path: 'id', message: `must stay "${expectedId}" (this page edits that survey)` }] };
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
