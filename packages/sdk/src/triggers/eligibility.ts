// Whether a survey may show now: its active window, URL targeting, audience, sampling and throttling together.
import type { Survey } from '@tellus/schema';
import type { Attributes } from '../options.js';
import { allHold } from './conditions.js';
import { inSample } from './sample.js';
import { throttleAllows, type ThrottleState } from './throttle.js';
import { urlAllowed } from './url.js';

export interface EligibilityContext {
  href: string;
  now: number;
  anonId: string;
  /** The visitor's attributes: `user`, `identify()`, `setMeta()`. */
  attrs: Attributes;
  throttle: ThrottleState;
  globalCooldownDays: number;
}

export function inWindow(survey: Survey, now: number): boolean {
  const t = survey.trigger;
  if (t?.startsAt && now < Date.parse(t.startsAt)) return false;
  return !(t?.endsAt && now >= Date.parse(t.endsAt));
}

/** Who may see the survey on this page, whatever the throttle says (a feedback tab is there for whoever it targets). */
export function targets(survey: Survey, c: Omit<EligibilityContext, 'throttle' | 'globalCooldownDays'>): boolean {
  const t = survey.trigger;
  return inWindow(survey, c.now) && urlAllowed(c.href, t?.urls, t?.excludeUrls) && allHold(t?.audience, 'attr', c.attrs) && inSample(c.anonId, survey.id, t?.sample);
}

export const isEligible = (survey: Survey, c: EligibilityContext): boolean =>
  targets(survey, c) && throttleAllows(survey, c.throttle, c.now, c.globalCooldownDays);

/** Does this tracked event (with these properties) fire the survey? */
export function firesOn(survey: Survey, event: string, props?: Attributes): boolean {
  const e = survey.trigger?.event;
  return (e === undefined ? false : typeof e === 'string' ? e === event : e.includes(event)) && allHold(survey.trigger?.eventProps, 'prop', props);
}

/**
 * Surveys without a trigger of their own (event, exit intent, scroll, click) show on page view.
 * Feedback-tab surveys wait for the visitor to open the tab (the UI calls `show`), so they never pop up by themselves.
 */
export const onPageView = (survey: Survey) => survey.trigger?.event === undefined && !hasInteraction(survey) && !isTab(survey);

export const isTab = (survey: Survey) => survey.display?.mode === 'tab';

/** Does the survey wait for exit intent, a scroll depth or a click? */
export const hasInteraction = (survey: Survey) => {
  const t = survey.trigger;
  return !!(t?.exitIntent || t?.scrollPercent || t?.clickSelector);
};
