// Theme options → the CSS custom properties the stylesheet reads (`--tellus-*`), set on the shadow host.
export interface Theme {
  /**
   * 'page' (default) follows the host page's declared `color-scheme` (meta tag or CSS on :root): dark only
   * where the page is dark, the visitor's preference where it offers both, else light. 'auto' always follows
   * prefers-color-scheme.
   */
  mode?: 'page' | 'auto' | 'light' | 'dark';
  accent?: string;
  accentText?: string;
  background?: string;
  text?: string;
  muted?: string;
  border?: string;
  radius?: string;
  font?: string;
  zIndex?: number;
}

const VARS: Record<Exclude<keyof Theme, 'mode'>, string> = {
  accent: '--tellus-accent',
  accentText: '--tellus-accent-text',
  background: '--tellus-bg',
  text: '--tellus-fg',
  muted: '--tellus-muted',
  border: '--tellus-border',
  radius: '--tellus-radius',
  font: '--tellus-font',
  zIndex: '--tellus-z',
};

/** What the host page says it supports: light only (the default of the web), dark only, or both ('auto'). */
export function pageScheme(): 'light' | 'dark' | 'auto' {
  const meta = document.querySelector('meta[name="color-scheme"]')?.getAttribute('content') ?? '';
  const css = getComputedStyle(document.documentElement).colorScheme || '';
  const words = `${meta} ${css}`.split(/\s+/);
  const dark = words.includes('dark');
  return dark && words.includes('light') ? 'auto' : dark ? 'dark' : 'light';
}

/** Writes the theme onto the host through CSSOM (allowed under a strict style-src CSP). */
export function applyTheme(host: HTMLElement, theme: Theme = {}): void {
  const mode = theme.mode ?? 'page';
  host.setAttribute('data-theme', mode === 'page' ? pageScheme() : mode);
  for (const [k, name] of Object.entries(VARS)) {
    const v = theme[k as keyof typeof VARS];
    if (v !== undefined) host.style.setProperty(name, String(v));
  }
}
