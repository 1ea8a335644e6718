// The responses half of the SDK: one draft per survey, answer checks, and every saved version of a response (same id, next seq).
import type { Survey, SurveyResponse } from '@tellus/schema';
import { ValidationError } from '@tellus/schema/answer-checks';
import type { Emitter } from './events.js';
import { buildMeta } from './meta.js';
import type { Attributes } from './options.js';
import { enqueue, type Enqueue } from './queue/enqueue.js';
import { uuidv7 } from './uuid.js';
import type { AnswersChecker, VisibleQuestions } from './validators.js';

/** What the responses half needs from the rest of the SDK. */
export interface ResponseContext {
  now(): number;
  emit: Emitter['emit'];
  /** Resolves once surveys and visitor state are loaded. */
  ready: Promise<void>;
  find(surveyId: string): Survey | undefined;
  /** The visitor's anonymous id, and the meta sources of a new response in order (later ones win). */
  visitor(survey: Survey): { anonId: string; meta: (Attributes | undefined)[] };
  /**
   * Queues one version of a response with `enqueue`, the queue's write, which this half brings (a page view that
   * never answers never loads it); resolves once it is stored.
   */
  store(r: SurveyResponse, enqueue: Enqueue): Promise<void>;
  /** The survey was completed. */
  completed(surveyId: string): void;
  stopped(): boolean;
}

export interface Responses {
  answer(surveyId: string, questionId: string, value: unknown): Promise<void>;
  submit(surveyId: string, answers?: Record<string, unknown>): Promise<void>;
  /** Forgets a dismissed survey's draft. */
  discard(surveyId: string): void;
}

/** Builds the responses half; the script tag receives it with its UI chunk, the only place answers come from. */
export type ResponsesFactory = (context: ResponseContext) => Responses;

export interface ResponseChecks {
  answers?: AnswersChecker | undefined;
  visible?: VisibleQuestions | undefined;
}

/** The responses half with the given checks (none: answers are trusted). */
export const createResponses =
  (checks: ResponseChecks = {}): ResponsesFactory =>
  (c) => {
    const drafts = new Map<string, SurveyResponse>();
    let persistAsked = false;

    const draftFor = (survey: Survey): SurveyResponse => {
      const known = drafts.get(survey.id);
      if (known) return known;
      const t = new Date(c.now()).toISOString();
      const { anonId, meta } = c.visitor(survey);
      return {
        id: uuidv7(c.now()),
        surveyId: survey.id,
        surveyVersion: survey.version,
        seq: -1,
        completed: false,
        answers: {},
        meta: buildMeta(...meta),
        anonId,
        createdAt: t,
        updatedAt: t,
      };
    };

    /** Checks and stores the next version of a survey's response. */
    const save = async (surveyId: string, answers: Record<string, unknown>, completed: boolean): Promise<{ survey: Survey; response: SurveyResponse }> => {
      if (c.stopped()) throw new Error('destroyed');
      await c.ready;
      const survey = c.find(surveyId);
      if (!survey) throw new Error(`unknown survey ${surveyId}`);
      const draft = draftFor(survey);
      let merged: Record<string, unknown> = { ...draft.answers, ...answers };
      // A follow-up answered and then hidden by a changed earlier answer must not reach the collector.
      if (completed && checks.visible) {
        const shown = checks.visible(survey, merged).map((q) => q.id);
        merged = Object.fromEntries(Object.entries(merged).filter(([id]) => shown.includes(id)));
      }
      const issues = checks.answers?.(survey, merged, completed) ?? [];
      if (issues.length) {
        c.emit('error', { code: 'invalid_answer', message: issues.map((i) => `${i.path}: ${i.message}`).join('; ') });
        throw new ValidationError('Invalid answer', issues);
      }
      const response: SurveyResponse = {
        ...draft,
        seq: draft.seq + 1,
        completed,
        answers: merged as SurveyResponse['answers'],
        updatedAt: new Date(c.now()).toISOString(),
      };
      // The draft advances before the write, so quick successive answers get increasing seqs.
      if (completed) drafts.delete(surveyId);
      else drafts.set(surveyId, response);
      if (!persistAsked) {
        persistAsked = true;
        // Asked at the first answer, not at load: some browsers prompt, and by now the visitor has engaged.
        if (typeof navigator !== 'undefined') navigator.storage?.persist?.().catch(() => undefined);
      }
      await c.store(response, enqueue);
      return { survey, response };
    };

    return {
      async answer(surveyId, questionId, value) {
        const { response } = await save(surveyId, { [questionId]: value }, false);
        c.emit('answer', { surveyId, questionId, value, response });
      },
      async submit(surveyId, answers = {}) {
        const { survey, response } = await save(surveyId, answers, true);
        c.completed(surveyId);
        c.emit('submit', { survey, response });
      },
      discard: (surveyId) => void drafts.delete(surveyId),
    };
  };
