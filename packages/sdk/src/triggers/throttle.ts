// How often a visitor may see surveys: per-survey recontact period and max shows, and a global cool-down.
import type { Survey } from '@tellus/schema';

/** Persisted per visitor: `g` = last time any survey showed (absent: never); `s[id]` = shows count and last show. */
export interface ThrottleState {
  g?: number;
  s: Record<string, { n: number; t: number }>;
}

const DAY = 86_400_000;

export const emptyThrottle = (): ThrottleState => ({ s: {} });

export function throttleAllows(survey: Survey, state: ThrottleState, now: number, globalCooldownDays: number): boolean {
  const seen = state.s[survey.id];
  const t = survey.throttle;
  if (seen && t?.maxShows !== undefined && seen.n >= t.maxShows) return false;
  if (seen && t?.recontactDays !== undefined && now - seen.t < t.recontactDays * DAY) return false;
  if (globalCooldownDays > 0 && !t?.ignoreGlobalCooldown && state.g !== undefined && now - state.g < globalCooldownDays * DAY) return false;
  return true;
}

export function recordShow(state: ThrottleState, surveyId: string, now: number): ThrottleState {
  const seen = state.s[surveyId];
  return { g: now, s: { ...state.s, [surveyId]: { n: (seen?.n ?? 0) + 1, t: now } } };
}
