// Whether a survey may show now: its active window, URL targeting, sampling and throttling together.
import type { Survey } from '@tellus/schema';
import { inSample } from './sample.js';
import { throttleAllows, type ThrottleState } from './throttle.js';
import { urlAllowed } from './url.js';

export interface EligibilityContext {
  href: string;
  now: number;
  anonId: string;
  throttle: ThrottleState;
  globalCooldownDays: number;
}

export function inWindow(survey: Survey, now: number): boolean {
  const t = survey.trigger;
  if (t?.startsAt && now < Date.parse(t.startsAt)) return false;
  return !(t?.endsAt && now >= Date.parse(t.endsAt));
}

export function isEligible(survey: Survey, c: EligibilityContext): boolean {
  const t = survey.trigger;
  return (
    inWindow(survey, c.now) &&
    urlAllowed(c.href, t?.urls, t?.excludeUrls) &&
    inSample(c.anonId, survey.id, t?.sample) &&
    throttleAllows(survey, c.throttle, c.now, c.globalCooldownDays)
  );
}

/** Does this tracked event fire the survey? Surveys without an event trigger show on page view instead. */
export function firesOn(survey: Survey, event: string): boolean {
  const e = survey.trigger?.event;
  return e === undefined ? false : typeof e === 'string' ? e === event : e.includes(event);
}

/** Feedback-tab surveys wait for the visitor to open the tab (the UI calls `show`), so they never pop up by themselves. */
export const onPageView = (survey: Survey) => survey.trigger?.event === undefined && survey.display?.mode !== 'tab';
