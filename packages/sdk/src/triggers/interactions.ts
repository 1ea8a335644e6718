// Exit intent, scroll depth and click triggers: one listener of each kind for every survey, added only where a survey needs it.
import type { Survey } from '@tellus/schema';
import { listen } from '../listen.js';

export type InteractionReason = 'exit' | 'scroll' | 'click';
export interface InteractionWatcher {
  stop(): void;
}
export type WatchInteractions = typeof watchInteractions;

/**
 * Calls `fire` for each survey whose interaction trigger the visitor just met; `report` hears of a
 * clickSelector this browser cannot parse (that survey's clicks are then ignored).
 */
export function watchInteractions(
  surveys: () => Survey[],
  fire: (survey: Survey, reason: InteractionReason) => void,
  report: (message: string) => void,
): InteractionWatcher {
  const offs: (() => void)[] = [];
  const bad = new Set<string>();
  const each = (reason: InteractionReason, hit: (s: Survey) => boolean) => {
    for (const s of surveys()) if (hit(s)) fire(s, reason);
  };
  const t = (s: Survey) => s.trigger ?? {};
  const all = surveys();
  if (all.some((s) => t(s).exitIntent))
    // Desktop exit intent: the pointer leaves the document through the top edge (towards the tabs and the back button).
    offs.push(
      listen(document, 'mouseout', (e) => {
        const m = e as MouseEvent;
        if (!m.relatedTarget && m.clientY <= 0) each('exit', (s) => !!t(s).exitIntent);
      }),
    );
  if (all.some((s) => t(s).scrollPercent))
    offs.push(
      listen(
        window,
        'scroll',
        () => {
          // Share of the page that has been in view: the bottom of the viewport over the page height.
          const seen = ((scrollY + innerHeight) / Math.max(1, document.documentElement.scrollHeight)) * 100;
          each('scroll', (s) => seen >= (t(s).scrollPercent ?? Infinity));
        },
        { passive: true },
      ),
    );
  for (const s of all) {
    const selector = t(s).clickSelector;
    if (selector)
      try {
        document.querySelector(selector); // throws on a selector this browser cannot parse
      } catch {
        bad.add(selector);
        report(`survey "${s.id}": trigger.clickSelector "${selector}" is not a valid CSS selector`);
      }
  }
  if (all.some((s) => t(s).clickSelector))
    // One delegated listener in the capture phase: no per-element work, and a host handler that stops propagation cannot hide the click.
    offs.push(
      listen(
        document,
        'click',
        (e) =>
          each('click', (s) => {
            const selector = t(s).clickSelector;
            return !!selector && !bad.has(selector) && !!(e.target as Element | null)?.closest?.(selector);
          }),
        true,
      ),
    );
  return { stop: () => offs.forEach((off) => off()) };
}
