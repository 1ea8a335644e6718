// The JSON shape of GET /v1/surveys/:id/results, shared by the route, the dashboard and the tests.
import type { MeanScore, NpsScore, ShareScore } from '@tellus/schema';
import type { Interval } from './buckets.js';

export type { Interval };

/** The survey's headline scores: its first NPS, first rating (as CSAT) and first CES question. */
export interface HeadlineScores {
  nps: NpsScore | null;
  csat: ShareScore | null;
  ces: MeanScore | null;
}

export interface Headline {
  nps: { questionId: string } | null;
  csat: { questionId: string; scale: number } | null;
  ces: { questionId: string } | null;
}

interface QuestionBase {
  id: string;
  text: string;
  /** Respondents who gave this question a valid answer. */
  n: number;
}

export type QuestionResult =
  | (QuestionBase & { type: 'nps'; distribution: Record<string, number>; nps: NpsScore })
  | (QuestionBase & { type: 'rating'; scale: number; distribution: Record<string, number>; csat: ShareScore; mean: MeanScore })
  | (QuestionBase & { type: 'ces'; distribution: Record<string, number>; ces: MeanScore })
  | (QuestionBase & {
      type: 'choice';
      multiple: boolean;
      options: { id: string; text: string; count: number }[];
      /** Respondents who wrote an "other" answer. */
      other: number;
    })
  | (QuestionBase & { type: 'thumbs'; up: number; down: number })
  | (QuestionBase & {
      type: 'matrix';
      scale: number;
      rows: { id: string; text: string; n: number; distribution: Record<string, number>; mean: MeanScore }[];
    })
  | (QuestionBase & { type: 'text' })
  /** Answered count only (contact details never reach results). */
  | (QuestionBase & { type: 'contact' | 'consent' | 'cta' });

export interface SeriesPoint {
  /** First day of the UTC bucket, YYYY-MM-DD. */
  start: string;
  n: number;
  scores: HeadlineScores;
}

/** A group's headline score against everyone else in the results (see compare.ts). */
export interface GroupComparison {
  /** "too-few": the group or the rest has under 30 answers, so it is not tested (and never coloured). */
  verdict: 'better' | 'worse' | 'no-difference' | 'too-few';
  /** Group minus rest, in the score's points (NPS, CSAT %) or answer units (CES). */
  difference: number | null;
  /** The two-sample z statistic (null when not tested, or infinite because neither side varies). */
  statistic: number | null;
  /** Two-sided p-value before and after Holm's correction across the groups tested. */
  p: number | null;
  pAdjusted: number | null;
}

export interface GroupResult {
  /** The attribute's value as text; "(none)" when a response lacks it. For locale, the language unless asked otherwise. */
  value: string;
  n: number;
  scores: HeadlineScores;
  /** Per headline score present in the survey. */
  vsRest: { nps?: GroupComparison; csat?: GroupComparison; ces?: GroupComparison };
}

export interface Comment {
  responseId: string;
  questionId: string;
  text: string;
  createdAt: string;
  /** The response's answer to the headline score question (NPS, else CSAT, else CES), when it has one. */
  score: number | null;
  meta: Record<string, string | number | boolean | null>;
}

export interface Results {
  surveyId: string;
  surveyVersion: number;
  name: string | null;
  range: { from: string | null; to: string | null };
  interval: Interval;
  groupBy: string | null;
  /** Meta attributes present in the responses: what groupBy can compare. */
  attributes: string[];
  n: number;
  completed: number;
  headline: Headline;
  scores: HeadlineScores;
  questions: QuestionResult[];
  series: SeriesPoint[];
  /** Largest groups first, at most 100. */
  groups: GroupResult[];
  /** Smaller groups left out of `groups`. */
  groupsOmitted: number;
  comments: Comment[];
  /** How the counts were made (results from storage only): roll-ups kept at ingestion, a scan of the responses, or every response read. */
  counted?: Counted;
}

export interface Counted {
  by: 'rollups' | 'scan' | 'rows';
  /** How the groups were counted; null without groupBy. */
  groupsBy: 'rollups' | 'scan' | 'rows' | null;
  /** Why something was scanned or read. */
  note?: string;
}
