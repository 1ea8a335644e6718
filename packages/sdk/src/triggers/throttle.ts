// How often a visitor may see surveys: per-survey recontact period, max shows, return after an answer or a dismissal, global cool-down.
import type { Survey } from '@tellus/schema';

/**
 * Persisted per visitor: `g` = last time any survey showed (absent: never);
 * `s[id]` = shows count `n`, last show `t`, `d` = when it was last answered or dismissed, and
 * `x` = that last one was a dismissal (absent in state written before dismissals were told apart: an answer).
 */
export interface ThrottleState {
  g?: number;
  s: Record<string, { n: number; t: number; d?: number; x?: boolean }>;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const emptyThrottle = (): ThrottleState => ({ s: {} });

export function throttleAllows(survey: Survey, state: ThrottleState, now: number, globalCooldownDays: number): boolean {
  const seen = state.s[survey.id];
  const t = survey.throttle;
  if (seen && t?.maxShows !== undefined && seen.n >= t.maxShows) return false;
  if (seen?.d !== undefined) {
    // Someone who answered or closed a survey is not asked again, unless it says when it may return.
    const returnAfter = seen.x
      ? t?.dismissedCooldownHours !== undefined && t.dismissedCooldownHours * HOUR
      : t?.repeatEveryDays !== undefined && t.repeatEveryDays * DAY;
    if (returnAfter === false ? t?.recontactDays === undefined : now - seen.d < returnAfter) return false;
  }
  if (seen && t?.recontactDays !== undefined && now - seen.t < t.recontactDays * DAY) return false;
  if (globalCooldownDays > 0 && !t?.ignoreGlobalCooldown && state.g !== undefined && now - state.g < globalCooldownDays * DAY) return false;
  return true;
}

/** Records a show, or that the survey was answered or dismissed. */
export function record(state: ThrottleState, surveyId: string, now: number, done?: 'answered' | 'dismissed'): ThrottleState {
  const seen = state.s[surveyId] ?? { n: 0, t: now };
  return {
    g: done ? state.g : now,
    s: { ...state.s, [surveyId]: done ? { n: seen.n, t: seen.t, d: now, ...(done === 'dismissed' ? { x: true } : {}) } : { ...seen, n: seen.n + 1, t: now } },
  };
}
