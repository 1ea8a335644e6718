// The typed event emitter behind `tellus.on(...)`; a throwing listener never breaks the SDK or the page.
import type { Survey, SurveyResponse } from '@tellus/schema';

export type ShowReason = 'event' | 'pageview' | 'manual' | 'exit' | 'scroll' | 'click';

export interface TellusEvents {
  show: { survey: Survey; reason: ShowReason };
  answer: { surveyId: string; questionId: string; value: unknown; response: SurveyResponse };
  submit: { survey: Survey; response: SurveyResponse };
  dismiss: { surveyId: string };
  /** The feedback-tab surveys for this page and visitor, after each page view and attribute change: the UI redraws its tabs. */
  tabs: { surveys: Survey[] };
  sent: { ids: string[] };
  error: { code: string; message: string; ids?: string[] };
  queueFallback: { reason: string };
  evicted: { ids: string[]; reason: 'count' | 'age' };
}

export type Listener<K extends keyof TellusEvents> = (payload: TellusEvents[K]) => void;

export interface Emitter {
  on<K extends keyof TellusEvents>(event: K, fn: Listener<K>): () => void;
  emit<K extends keyof TellusEvents>(event: K, payload: TellusEvents[K]): void;
  clear(): void;
}

export function createEmitter(debug = false): Emitter {
  const map = new Map<string, Set<(p: never) => void>>();
  return {
    on(event, fn) {
      let set = map.get(event);
      if (!set) map.set(event, (set = new Set()));
      set.add(fn as (p: never) => void);
      return () => void set.delete(fn as (p: never) => void);
    },
    emit(event, payload) {
      if (debug) console.debug('[tellus]', event, payload);
      map.get(event)?.forEach((fn) => {
        try {
          (fn as (p: typeof payload) => void)(payload);
        } catch (e) {
          // A host listener's bug must not stop delivery; surface it in debug only.
          if (debug) console.error('[tellus] listener failed', e);
        }
      });
    },
    clear: () => map.clear(),
  };
}
