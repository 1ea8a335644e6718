// Results straight from storage: counts from the roll-ups (or a sliced scan where they cannot answer), and only the
// newest responses with text are read, for the comments. A database that cannot judge text the way JavaScript does
// (PostgreSQL not in UTF8) has every response read instead.
import type { Survey } from '@tellus/schema';
import type { Queryable } from '../storage/db.js';
import type { Storage } from '../storage/types.js';
import { commentCounter, countsFromRows, countsFromTotals, headlineIds, type ResultsOptions, type Row, type Totals } from './counts.js';
import { daysToRecount } from '../rollups/rebuild.js';
import { scoreCounts } from './score.js';
import { onDayBounds, rollupGroups, rollupTotals, scanGroups, scanTotals, type TotalsRequest } from './totals.js';
import type { Counted, Results } from './types.js';

const utf8 = new WeakMap<Queryable, Promise<boolean>>();
const isUtf8 = (db: Queryable) => {
  let known = utf8.get(db);
  if (!known) utf8.set(db, (known = db.query<{ server_encoding: string }>('SHOW server_encoding').then((r) => r[0]?.server_encoding === 'UTF8')));
  return known;
};

export interface FromStorageOptions extends ResultsOptions {
  completedOnly?: boolean;
  /** Aborted when the client has gone: the counting stops instead of running to the end. */
  signal?: AbortSignal;
}

export async function resultsFromStorage(
  storage: Pick<Storage, 'db' | 'iterateResponses' | 'getSite' | 'getSurvey'>,
  survey: Survey,
  options: FromStorageOptions = {},
): Promise<Results> {
  const { from, to, completedOnly, groupBy, signal } = options;
  const filter = { surveyId: survey.id, ...(from && { from }), ...(to && { to }), ...(completedOnly && { completedOnly }), ...(signal && { signal }) };
  const db = storage.db;

  if (!(await isUtf8(db))) {
    const rows = storage.iterateResponses(filter);
    const counted: Counted = { by: 'rows', groupsBy: groupBy ? 'rows' : null, note: 'this database is not UTF8, so every response was read' };
    return { ...scoreCounts(survey, await countsFromRows(survey, rows, options), options), counted };
  }

  const request: TotalsRequest = {
    filter,
    headline: headlineIds(survey),
    groupBy,
    groupLimit: options.groupLimit,
    localeGrouping: options.localeGrouping,
    signal,
  };
  const dayBounds = onDayBounds(filter);
  const overall = dayBounds ? await rollupTotals(db, request) : await scanTotals(db, request);
  let groups: Pick<Totals, 'groups' | 'groupAnswers'> = { groups: [], groupAnswers: [] };
  let groupsBy: Counted['groupsBy'] = null;
  let note: string | undefined;
  if (groupBy) {
    const site = await siteOf(storage, survey.id);
    const declared = site?.dimensions.includes(groupBy) ?? false;
    // Only a dimension added lately waits for days to be recounted (rollups/rebuild.ts); the other counts are exact.
    const recounting = declared && dayBounds ? await daysToRecount(db, survey.id, groupBy) : 0;
    groupsBy = declared && dayBounds && !recounting ? 'rollups' : 'scan';
    if (groupsBy === 'scan')
      note = !declared
        ? `"${groupBy}" is not a declared dimension of this site, so the responses were scanned (declare it to count it at ingestion)`
        : recounting
          ? `the site's dimensions changed and ${recounting} day(s) of this survey are still being recounted, so the groups were scanned`
          : 'from or to falls inside a day, so the responses were scanned';
    groups = groupsBy === 'rollups' ? await rollupGroups(db, { ...request, groupBy }) : await scanGroups(db, { ...request, groupBy });
  } else if (!dayBounds) note = 'from or to falls inside a day, so the responses were scanned';

  // Read texts only if some text answer counts (a scan for texts that are not there would read everything).
  const comments = hasText(overall.answers) ? await newestWithText(storage, survey, filter, options.commentLimit ?? 20) : [];
  const counts = countsFromTotals(survey, { ...overall, ...groups, comments }, options);
  const counted: Counted = { by: dayBounds ? 'rollups' : 'scan', groupsBy, ...(note && { note }) };
  return { ...scoreCounts(survey, counts, options), counted };
}

async function siteOf(storage: Pick<Storage, 'getSite' | 'getSurvey'>, surveyId: string) {
  const survey = await storage.getSurvey(surveyId);
  return survey ? storage.getSite(survey.siteKey) : null;
}

const hasText = (answers: Totals['answers']) =>
  answers.some((a) => {
    const f = a.facet as { $text?: { blank?: boolean } } | null;
    return !!f && typeof f === 'object' && !!f.$text && f.$text.blank === false;
  });

/** The newest responses with non-blank text, until they give `limit` comments. */
async function newestWithText(
  storage: Pick<Storage, 'iterateResponses'>,
  survey: Survey,
  filter: Parameters<Storage['iterateResponses']>[0],
  limit: number,
): Promise<Row[]> {
  const texts = survey.questions.filter((q) => q.type === 'text').map((q) => q.id);
  if (!texts.length) return [];
  const count = commentCounter(survey);
  const rows: Row[] = [];
  let found = 0;
  for await (const row of storage.iterateResponses({ ...filter, newestFirst: true, withTextIn: texts })) {
    rows.push(row);
    found += count(row);
    if (found >= limit) break;
  }
  return rows;
}
