// The CSV columns of an export: response fields, one per question (matrix: one per row), then meta attributes.
import type { Question, Survey } from '@tellus/schema';
import type { StoredResponse } from '../storage/types.js';
import type { CellValue } from './csv.js';

export interface Column {
  header: string;
  cell(r: StoredResponse): CellValue;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const own = (o: object, k: string) => Object.hasOwn(o, k);
const answerOf = (r: StoredResponse, id: string): unknown => (isRecord(r.answers) && own(r.answers, id) ? r.answers[id] : undefined);

/** A value that does not fit its column's type still shows (as JSON) rather than vanishing. */
function plain(v: unknown): CellValue {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

function questionColumns(q: Question): Column[] {
  if (q.type === 'matrix')
    return q.rows.map((row) => ({
      header: `${q.id}.${row.id}`,
      cell: (r) => {
        const a = answerOf(r, q.id);
        return isRecord(a) && own(a, row.id) ? plain(a[row.id]) : '';
      },
    }));
  if (q.type === 'choice') {
    const selected: Column = {
      header: q.id,
      cell: (r) => {
        const a = answerOf(r, q.id);
        return isRecord(a) && Array.isArray(a.selected) ? a.selected.map(String).join(';') : plain(a);
      },
    };
    if (!q.other) return [selected];
    return [
      selected,
      {
        header: `${q.id}.other`,
        cell: (r) => {
          const a = answerOf(r, q.id);
          return isRecord(a) && typeof a.other === 'string' ? a.other : '';
        },
      },
    ];
  }
  return [{ header: q.id, cell: (r) => plain(answerOf(r, q.id)) }];
}

/**
 * Columns for the given definitions (newest first): the newest version's questions in order,
 * then questions only older versions had, so no answer in the export lacks a column.
 */
export function exportColumns(definitions: readonly Survey[], metaKeys: readonly string[]): Column[] {
  const seen = new Set<string>();
  const questions: Question[] = [];
  for (const d of definitions)
    for (const q of d.questions)
      if (!seen.has(q.id)) {
        seen.add(q.id);
        questions.push(q);
      }
  return [
    { header: 'id', cell: (r) => r.id },
    { header: 'surveyVersion', cell: (r) => r.surveyVersion },
    { header: 'createdAt', cell: (r) => r.createdAt },
    { header: 'updatedAt', cell: (r) => r.updatedAt },
    { header: 'completed', cell: (r) => r.completed },
    ...questions.flatMap(questionColumns),
    ...metaKeys.map((k): Column => ({ header: `meta.${k}`, cell: (r) => (isRecord(r.meta) && own(r.meta, k) ? plain(r.meta[k]) : '') })),
  ];
}

/** Where the survey has alerts: each alerted response's follow-up status, who set it and when. */
export const followUpColumns: Column[] = [
  { header: 'followUp.status', cell: (r) => r.followUp?.status ?? '' },
  { header: 'followUp.by', cell: (r) => r.followUp?.by ?? '' },
  { header: 'followUp.at', cell: (r) => r.followUp?.at ?? '' },
  { header: 'followUp.alertedAt', cell: (r) => r.followUp?.alertedAt ?? '' },
];
