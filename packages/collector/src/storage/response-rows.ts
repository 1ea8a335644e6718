// The responses as ingestion's statements read them: the checked items themselves as one JSON text, their times
// spelled as PostgreSQL always reads them, and the record type jsonb_to_recordset gives those rows.
import type { SurveyResponse } from '@tellus/schema';

/**
 * Text that toISOString would give back unchanged: the days up to the 28th only, since Date rolls 2026-02-30 over into
 * March (later days take the round trip).
 */
const CANONICAL_ISO = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|1\d|2[0-8])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** A time as toISOString spells it (a Date, or a text Date.parse reads), kept as it is when already so. */
export const iso = (v: unknown): string =>
  typeof v === 'string' && CANONICAL_ISO.test(v) ? v : v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();

/** The response with its times spelled canonically: itself when they are (the usual), else a copy. */
export function withCanonicalTimes(r: SurveyResponse): SurveyResponse {
  if (CANONICAL_ISO.test(r.createdAt) && CANONICAL_ISO.test(r.updatedAt)) return r;
  return { ...r, createdAt: iso(r.createdAt), updatedAt: iso(r.updatedAt) };
}

/**
 * The rows of `AS ${RESPONSE_RECORD}` over `jsonb_to_recordset`: the items as they are, in one native JSON.stringify
 * (the schema's checks leave only its own keys on an item, so nothing else goes in). Times must be canonical
 * (withCanonicalTimes): Date.parse reads spellings PostgreSQL does not.
 */
export const responseRows = (rs: readonly SurveyResponse[]): string => JSON.stringify(rs);

/** The record type of responseRows' rows, named x: a missing anonId reads as NULL. */
export const RESPONSE_RECORD = `x(
  id uuid, "surveyId" text, "surveyVersion" int, seq int, completed bool,
  answers jsonb, meta jsonb, "anonId" text, "createdAt" timestamptz, "updatedAt" timestamptz)`;
