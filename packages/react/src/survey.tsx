// <TellusSurvey>: shows one survey inline, inside the element it renders, through the widget's inline display.
/** @jsxImportSource react */
import { useEffect, useId, useRef } from 'react';
import { useBinding } from './context.js';

export interface TellusSurveyProps {
  /** The id of a survey the provider's Tellus instance has (from `options.surveys` or the collector). */
  surveyId: string;
  className?: string;
}

/**
 * Renders a survey in place (like `display: { mode: 'inline' }`), once the provider's surveys are
 * loaded. The widget shows one survey at a time, so a popover already open keeps the stage.
 *
 * ```tsx
 * <TellusSurvey surveyId="post-purchase" className="feedback" />
 * ```
 */
export function TellusSurvey({ surveyId, className }: TellusSurveyProps) {
  const binding = useBinding('<TellusSurvey>');
  const ref = useRef<HTMLDivElement>(null);
  const elementId = 'tellus-' + useId().replace(/[^A-Za-z0-9_-]/g, '');

  useEffect(() => {
    if (!binding) return;
    const { tellus, widget } = binding;
    let live = true;
    void tellus.ready.then(() => {
      if (!live) return;
      const survey = tellus.getSurveys().find((s) => s.id === surveyId);
      if (!survey) return console.error(`[tellus] <TellusSurvey>: no survey "${surveyId}" (known: ${tellus.getSurveys().map((s) => s.id).join(', ') || 'none'})`);
      widget.open({ ...survey, display: { ...survey.display, mode: 'inline', selector: `#${elementId}` } });
    });
    return () => {
      live = false;
      // Close only our own survey: the widget's close() would also close a popover shown elsewhere.
      if (ref.current?.querySelector('tellus-widget')) widget.close();
    };
  }, [binding, surveyId, elementId]);

  return <div id={elementId} ref={ref} className={className} />;
}
