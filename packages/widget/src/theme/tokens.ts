// Theme options → the CSS custom properties the stylesheet reads (`--tellus-*`), set on the shadow host.
export interface Theme {
  /** 'auto' follows prefers-color-scheme (default). */
  mode?: 'auto' | 'light' | 'dark';
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

/** Writes the theme onto the host through CSSOM (allowed under a strict style-src CSP). */
export function applyTheme(host: HTMLElement, theme: Theme = {}): void {
  if (theme.mode && theme.mode !== 'auto') host.setAttribute('data-theme', theme.mode);
  for (const [k, name] of Object.entries(VARS)) {
    const v = theme[k as keyof typeof VARS];
    if (v !== undefined) host.style.setProperty(name, String(v));
  }
}
