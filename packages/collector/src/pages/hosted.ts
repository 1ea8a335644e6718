// The hosted link survey page (/s/:surveyId): one survey full-page through the real script-tag widget.
import type { Survey } from '@tellus/schema';
import { escapeHtml } from '../dashboard/html.js';

export const HOSTED_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; object-src 'none'";

export interface HostedConfig {
  siteKey: string;
  endpoint: string;
  surveyId: string;
  survey: Survey;
  meta: Record<string, string>;
  locale?: string;
}

/**
 * The survey as the page shows it: inline in the page's own box, shown at once to everyone
 * (no trigger, sampling or throttle: the link itself is the invitation).
 */
export function hostedSurvey(s: Survey): Survey {
  const { trigger: _t, throttle: _th, ...rest } = s;
  return { ...rest, throttle: { ignoreGlobalCooldown: true }, display: { ...s.display, mode: 'inline', selector: '#tellus-survey' } };
}

/** JSON that is safe inside a <script type="application/json"> block: no "</script>" or "<!--" breakout. */
const jsonForHtml = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

export function hostedPage(config: HostedConfig, title: string, widgetReady: boolean): string {
  return `<!doctype html>
<html lang="${escapeHtml(config.locale ?? config.survey.defaultLocale ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/s/assets/hosted.css">
<script type="application/json" id="tellus-config">${jsonForHtml(config)}</script>
<script src="/s/assets/hosted.js"></script>
${widgetReady ? '<script src="/widget/tellus.js" async></script>' : ''}
</head>
<body>
<main class="hosted">
<h1 class="sr-only">${escapeHtml(title)}</h1>
<div id="tellus-survey"></div>
${widgetReady ? '<noscript><p>This survey needs JavaScript.</p></noscript>' : '<p class="muted">The survey widget is not built yet (packages/widget/dist/tellus.js). Run <code>npm run build</code>.</p>'}
</main>
</body>
</html>`;
}

/** Queues init and show before tellus.js loads; config comes from the JSON block, so no inline script is needed. */
export const hostedJs = `(function(){try{var c=JSON.parse(document.getElementById('tellus-config').textContent);
var t=window.tellus=window.tellus||function(){(t.q=t.q||[]).push(arguments)};
var o={siteKey:c.siteKey,endpoint:c.endpoint,surveys:[c.survey],meta:c.meta,globalCooldownDays:0};if(c.locale)o.locale=c.locale;
t('init',o);t('show',c.surveyId);}catch(e){console.error('[tellus] hosted survey failed',e)}})();
`;

export const hostedCss = `
html{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f6f7f9;color:#1a1d21}
body{margin:0}
main.hosted{max-width:640px;margin:0 auto;padding:6vh 16px}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.muted{color:#4a5360}
`;

/** Meta from the link's query: ?channel=email&location=riga … (bounded, simple attribute names only). */
export function linkMeta(query: Record<string, string>): Record<string, string> {
  const meta: Record<string, string> = { channel: 'link' };
  let n = 0;
  for (const [k, v] of Object.entries(query)) {
    if (k === 'lang' || k === 'locale' || !/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(k) || ++n > 20) continue;
    meta[k] = v.slice(0, 200);
  }
  return meta;
}
