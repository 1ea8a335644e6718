// The display half of the SDK: which survey shows when (triggers, targeting, throttle), one at a time, and feedback tabs per page.
import type { Survey } from '@tellus/schema';
import type { Emitter, ShowReason } from './events.js';
import type { Attributes } from './options.js';
import { firesOn, hasInteraction, isEligible, isTab, onPageView, targets, type EligibilityContext } from './triggers/eligibility.js';
import type { InteractionWatcher, WatchInteractions } from './triggers/interactions.js';
import { watchNavigation } from './triggers/navigation.js';
import { emptyThrottle, record, type ThrottleState } from './triggers/throttle.js';

export interface DisplayOptions {
  surveys(): Survey[];
  /** Page, clock and visitor facts that targeting reads (the throttle state is the display's own). */
  context(): Omit<EligibilityContext, 'throttle'>;
  emit: Emitter['emit'];
  /** Applies a throttle change to the stored state, which other tabs may have moved on meanwhile; resolves with what was stored. */
  persist(change: (stored: ThrottleState | undefined) => ThrottleState): Promise<ThrottleState>;
  /** A developer mistake worth a console line (bad selector, unknown survey). */
  report(code: string, message: string): void;
  navigationPollMs: number;
  /**
   * Hands over the interaction watcher (exit intent, scroll, clicks) once this page has a survey that needs it:
   * createTellusCore passes it at once, the script tag when its UI chunk (which such a survey soon needs) has loaded.
   */
  interactions(use: (watch: WatchInteractions) => void): void;
}

export interface Display {
  /** Visitor state and surveys are loaded: take the stored throttle state and show what this page calls for. */
  start(throttle: ThrottleState | undefined): void;
  track(event: string, props?: Attributes): void;
  /** Shows a survey now, skipping targeting and throttling (still one at a time). */
  show(surveyId: string): void;
  /** The survey was answered or dismissed: it leaves the screen and the throttle remembers. */
  close(surveyId: string, how: 'answered' | 'dismissed'): void;
  /** The trigger props of the survey on screen, for its response's meta. */
  props(surveyId: string): Attributes | undefined;
  /** Feedback-tab surveys that target this page and visitor. */
  tabs(): Survey[];
  /** Visitor attributes changed: audiences are evaluated again. */
  refresh(): void;
  stop(): void;
}

interface Active {
  survey: Survey;
  props?: Attributes | undefined;
  timer?: ReturnType<typeof setTimeout>;
  /** False while waiting out trigger.delayMs. */
  shown?: boolean;
}

export function createDisplay(o: DisplayOptions): Display {
  const { emit } = o;
  let throttle: ThrottleState = emptyThrottle();
  let started = false;
  let stopped = false;
  /** The survey on screen (or waiting out its delay): only one at a time. */
  let active: Active | null = null;
  let watcher: InteractionWatcher | undefined;
  let watchAsked = false;
  const closed = new Set<string>();
  const find = (id: string) => o.surveys().find((s) => s.id === id);

  /** Applies a change now, then again on the stored state. */
  const updateThrottle = (change: (s: ThrottleState) => ThrottleState) => {
    const before = throttle;
    throttle = change(before);
    o.persist((stored) => change(stored ?? before)).then((next) => void (throttle = next), () => undefined);
  };

  const activate = (survey: Survey, reason: ShowReason) => {
    if (active) active.shown = true;
    updateThrottle((s) => record(s, survey.id, o.context().now));
    emit('show', { survey, reason });
  };

  const eligible = (survey: Survey) => isEligible(survey, { ...o.context(), throttle });

  const consider = (survey: Survey, reason: ShowReason, props?: Attributes) => {
    if (!started || stopped || active || closed.has(survey.id) || !eligible(survey)) return;
    const entry: Active = { survey, props };
    active = entry;
    entry.timer = setTimeout(() => {
      // The visitor may have navigated away (or changed attributes) during the delay: check targeting again.
      if (active !== entry) return;
      if (stopped || !eligible(survey)) active = null;
      else activate(survey, reason);
    }, survey.trigger?.delayMs ?? 0);
  };

  const tabs = () => (started ? o.surveys().filter((s) => isTab(s) && targets(s, o.context())) : []);

  const pageView = () => {
    if (!started) return;
    for (const s of o.surveys()) if (onPageView(s)) consider(s, 'pageview');
    // Tabs follow the page (navigation) and the visitor (attributes): the UI redraws them.
    emit('tabs', { surveys: tabs() });
    if (!watchAsked && o.surveys().some((s) => hasInteraction(s) && targets(s, o.context()))) {
      watchAsked = true;
      o.interactions((watch) => {
        if (stopped) return;
        watcher = watch(o.surveys, consider, (m) => o.report('trigger', m));
      });
    }
  };

  const nav = watchNavigation(pageView, o.navigationPollMs);

  return {
    start(stored) {
      if (stored) throttle = stored;
      started = true;
      pageView();
    },
    track(event, props) {
      nav.check();
      for (const s of o.surveys()) if (firesOn(s, event, props)) consider(s, 'event', props);
    },
    show(surveyId) {
      nav.check();
      const survey = find(surveyId);
      if (!survey) return o.report('show', `show("${surveyId}"): no such survey; known: ${o.surveys().map((s) => s.id).join(', ') || 'none'}`);
      // A survey on screen keeps it; one still waiting out its delay gives way to the explicit request.
      if (active?.shown) return;
      if (active) clearTimeout(active.timer);
      closed.delete(surveyId);
      active = { survey };
      activate(survey, 'manual');
    },
    close(surveyId, how) {
      closed.add(surveyId);
      updateThrottle((s) => record(s, surveyId, o.context().now, how));
      if (active?.survey.id === surveyId) {
        clearTimeout(active.timer);
        active = null;
      }
    },
    props: (surveyId) => (active?.survey.id === surveyId ? active.props : undefined),
    tabs,
    refresh: pageView,
    stop() {
      stopped = true;
      if (active) clearTimeout(active.timer);
      nav.stop();
      watcher?.stop();
    },
  };
}
