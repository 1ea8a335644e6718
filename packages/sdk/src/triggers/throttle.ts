// How often a visitor may see surveys: per-survey recontact period and max shows, answered/dismissed memory, global cool-down.
import type { Survey } from '@tellus/schema';

/**
 * Persisted per visitor: `g` = last time any survey showed (absent: never);
 * `s[id]` = shows count `n`, last show `t`, and `d` = when it was last answered or dismissed.
 */
export interface ThrottleState {
  g?: number;
  s: Record<string, { n: number; t: number; d?: number }>;
}

const DAY = 86_400_000;

export const emptyThrottle = (): ThrottleState => ({ s: {} });

export function throttleAllows(survey: Survey, state: ThrottleState, now: number, globalCooldownDays: number): boolean {
  const seen = state.s[survey.id];
  const t = survey.throttle;
  if (seen && t?.maxShows !== undefined && seen.n >= t.maxShows) return false;
  // Someone who answered or closed a survey is not asked again, unless it sets a recontact period.
  if (seen?.d !== undefined && t?.recontactDays === undefined) return false;
  if (seen && t?.recontactDays !== undefined && now - seen.t < t.recontactDays * DAY) return false;
  if (globalCooldownDays > 0 && !t?.ignoreGlobalCooldown && state.g !== undefined && now - state.g < globalCooldownDays * DAY) return false;
  return true;
}

/** Records a show, or with `done` that the survey was answered or dismissed. */
export function record(state: ThrottleState, surveyId: string, now: number, done?: boolean): ThrottleState {
  const seen = state.s[surveyId] ?? { n: 0, t: now };
  return {
    g: done ? state.g : now,
    s: { ...state.s, [surveyId]: done ? { ...seen, d: now } : { ...seen, n: seen.n + 1, t: now } },
  };
}
