// <TellusSurvey>: shows one survey inline, inside the element it renders, through the widget's inline display.
/** @jsxImportSource react */
import { useEffect, useRef } from 'react';
import { useBinding } from './context.js';

export interface TellusSurveyProps {
  /** The id of a survey the provider's Tellus instance has (from `options.surveys` or the collector). */
  surveyId: string;
  className?: string;
}

/**
 * Renders a survey in place (like `display: { mode: 'inline' }`), once the provider's surveys are
 * loaded. The widget shows one survey at a time, so a popover already open keeps the stage. Give a
 * survey meant only for this spot a `trigger.event`, or it also opens by itself at page load; a
 * definition may target the element too: `display: { mode: 'inline', selector: '[data-tellus-survey="post-purchase"]' }`.
 *
 * ```tsx
 * <TellusSurvey surveyId="post-purchase" className="feedback" />
 * ```
 */
export function TellusSurvey({ surveyId, className }: TellusSurveyProps) {
  const binding = useBinding('<TellusSurvey>');
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!binding) return;
    const { tellus, widget } = binding;
    let live = true;
    void tellus.ready.then(() => {
      if (!live) return;
      const survey = tellus.getSurveys().find((s) => s.id === surveyId);
      if (!survey)
        return console.error(
          `[tellus] <TellusSurvey>: no survey "${surveyId}" (known: ${
            tellus
              .getSurveys()
              .map((s) => s.id)
              .join(', ') || 'none'
          })`,
        );
      widget.open({ ...survey, display: { ...survey.display, mode: 'inline', selector: `[data-tellus-survey="${surveyId}"]` } });
    });
    return () => {
      live = false;
      // Close only our own survey: the widget's close() would also close a popover shown elsewhere.
      if (ref.current?.querySelector('tellus-widget')) widget.close();
    };
  }, [binding, surveyId]);

  return <div data-tellus-survey={surveyId} ref={ref} className={className} />;
}
