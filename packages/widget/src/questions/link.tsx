// A link styled as a button, for CTA questions and endings: http(s) only, a new tab, rel=noopener.
import type { LinkButton as Button, LocalizedText } from '@tellus/schema';

/** Refuses anything but http(s) again here: the script tag's core trusts the collector's surveys unchecked. */
const safe = (url: string) => (/^https?:\/\//i.test(url) ? url : undefined);

export function LinkButton(p: { button: Button; tx(text: LocalizedText): string; onClick?(): void }) {
  return (
    <a class="tellus-button tellus-link" href={safe(p.button.url)} target="_blank" rel="noopener noreferrer" onClick={p.onClick}>
      {p.tx(p.button.text)}
    </a>
  );
}
