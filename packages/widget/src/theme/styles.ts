// The widget stylesheet: isolated from the host (all:initial on :host, px not rem), light/dark tokens, reduced motion.
// Class names (`tellus-*`) and private custom properties (`--tellus-own-*`) are readable here and shortened in the built files by
// theme/short-names.json (rollup.config.mjs, shortNames). Classes named after a survey's own values stay those values, with no
// lookup table in the markup: the corner (`display.position`: bottom-right, …) and the scale kind (rating `style`, nps, ces, thumbs).

// Light and dark token sets; each falls back to a page-provided (public) --tellus-* property.
const LIGHT =
  '--tellus-own-accent:var(--tellus-accent,#0b57d0);--tellus-own-accent-text:var(--tellus-accent-text,#fff);--tellus-own-background:var(--tellus-bg,#fff);--tellus-own-text:var(--tellus-fg,#1f2328);--tellus-own-muted:var(--tellus-muted,#57606a);--tellus-own-border:var(--tellus-border,#6e7781);--tellus-own-error:#b3261e;--tellus-own-shadow:0 8px 28px #0003';
const DARK =
  '--tellus-own-accent:var(--tellus-accent,#8ab4f8);--tellus-own-accent-text:var(--tellus-accent-text,#0d1117);--tellus-own-background:var(--tellus-bg,#1f242b);--tellus-own-text:var(--tellus-fg,#e6edf3);--tellus-own-muted:var(--tellus-muted,#a8b3bf);--tellus-own-border:var(--tellus-border,#8b949e);--tellus-own-error:#ffb4ab;--tellus-own-shadow:0 8px 28px #0009';

export const CSS: string = `
:host{all:initial!important;display:block!important}
:host([data-float]){display:contents!important}
.tellus-panel{${LIGHT};all:initial;display:block;box-sizing:border-box;position:relative;background:var(--tellus-own-background);color:var(--tellus-own-text);font:15px/1.45 var(--tellus-font,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif);text-align:start;border:1px solid var(--tellus-own-border);border-radius:var(--tellus-radius,12px);padding:16px;width:400px;max-width:calc(100vw - 32px);-webkit-font-smoothing:antialiased}
:host([data-theme=dark]) .tellus-panel,:host([data-theme=dark]) .tellus-tab{${DARK}}
@media (prefers-color-scheme:dark){:host([data-theme=auto]) .tellus-panel,:host([data-theme=auto]) .tellus-tab{${DARK}}}
.tellus-panel *,.tellus-panel *::before,.tellus-panel *::after{box-sizing:border-box}
.tellus-popover{position:fixed;z-index:var(--tellus-z,2147483000);box-shadow:var(--tellus-own-shadow);animation:in .2s ease-out}
.bottom-right,.bottom-left{bottom:16px}.top-right,.top-left{top:16px}
.bottom-right,.top-right{inset-inline-end:16px}.bottom-left,.top-left{inset-inline-start:16px}
.tellus-inline{width:100%;max-width:480px}
@keyframes in{from{opacity:0;transform:translateY(8px)}}
@media (max-width:480px){.tellus-popover{inset:auto 0 0 0;width:100%;max-width:none;border-radius:var(--tellus-radius,12px) var(--tellus-radius,12px) 0 0;border-width:1px 0 0}}
@media (prefers-reduced-motion:reduce){.tellus-panel,.tellus-panel *{animation:none!important;transition:none!important}}
p{margin:0}
button,input,textarea{font:inherit;color:inherit;margin:0}
button{cursor:pointer;background:none;border:0;padding:0}
:focus-visible{outline:2px solid var(--tellus-own-accent);outline-offset:2px}
.tellus-close{position:absolute;top:8px;inset-inline-end:8px;width:32px;height:32px;border-radius:8px;font-size:22px;line-height:1;color:var(--tellus-own-muted)}
.tellus-visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.tellus-close:hover{background:color-mix(in srgb,var(--tellus-own-text) 10%,transparent)}
.tellus-progress-text{font-size:13px;color:var(--tellus-own-muted);margin:0 0 4px;margin-inline-end:40px}
.tellus-progress{height:4px;border-radius:2px;background:color-mix(in srgb,var(--tellus-own-border) 40%,transparent);margin-bottom:12px;overflow:hidden}
.tellus-progress i{display:block;height:100%;background:var(--tellus-own-accent);transition:width .2s}
.tellus-question{font-size:16px;font-weight:600;margin:0 0 4px;margin-inline-end:40px;overflow-wrap:anywhere}
.tellus-description{color:var(--tellus-own-muted);font-size:14px;margin-bottom:8px;overflow-wrap:anywhere}
.tellus-body{margin-top:10px}.tellus-close+.tellus-body{margin-top:36px}
.tellus-scale{display:flex;gap:4px}
.tellus-option{flex:1 1 0;min-width:0;height:40px;border:1px solid var(--tellus-own-border);border-radius:8px;display:flex;align-items:center;justify-content:center;font-size:15px;font-variant-numeric:tabular-nums}
.tellus-option:hover{border-color:var(--tellus-own-accent)}
.tellus-option[aria-checked=true]{background:var(--tellus-own-accent);border-color:var(--tellus-own-accent);color:var(--tellus-own-accent-text)}
.nps{gap:2px}.nps .tellus-option{height:40px;font-size:14px}
.tellus-scale svg{width:26px;height:26px;fill:none;stroke:currentColor;stroke-width:1.5}
.stars .tellus-option,.emoji .tellus-option,.thumbs .tellus-option{border:0;height:44px;color:var(--tellus-own-muted)}
.stars{gap:0;justify-content:space-between}.stars .tellus-option{flex:0 1 44px;min-width:24px}
.stars .tellus-option svg{width:32px;height:32px;stroke-linejoin:round}
.stars .tellus-option[aria-checked=true],.emoji .tellus-option[aria-checked=true],.thumbs .tellus-option[aria-checked=true]{background:none;color:var(--tellus-own-accent)}
.stars .tellus-option.tellus-filled svg,.emoji .tellus-option[aria-checked=true] svg{fill:color-mix(in srgb,var(--tellus-own-accent) 25%,transparent);stroke:var(--tellus-own-accent)}
.stars .tellus-option.tellus-filled{color:var(--tellus-own-accent)}
@media (hover:hover){.stars .tellus-option:hover svg,.stars .tellus-option:has(~ .tellus-option:hover) svg{fill:color-mix(in srgb,var(--tellus-own-accent) 25%,transparent);stroke:var(--tellus-own-accent)}.stars .tellus-option:hover~.tellus-option svg{fill:none;stroke:var(--tellus-own-muted)}}
.emoji .tellus-option svg{width:36px;height:36px}.emoji .tellus-eye{fill:currentColor;stroke:none}.emoji .tellus-mouth{stroke-linecap:round;stroke-width:1.75}
.thumbs{gap:12px;justify-content:flex-start}.thumbs .tellus-option{flex:0 0 64px;border:1px solid var(--tellus-own-border)}
.thumbs .tellus-option[aria-checked=true]{border-color:var(--tellus-own-accent)}
.thumbs svg{stroke-linejoin:round;stroke-linecap:round}.thumbs .tellus-option[aria-checked=true] svg{fill:color-mix(in srgb,var(--tellus-own-accent) 25%,transparent)}
.tellus-flipped{transform:rotate(180deg)}
.tellus-ends{display:flex;justify-content:space-between;gap:12px;font-size:12px;color:var(--tellus-own-muted);margin-top:6px}
.tellus-ends span:last-child{text-align:end}
.tellus-field{display:block;width:100%;border:1px solid var(--tellus-own-border);border-radius:8px;padding:8px 10px;background:var(--tellus-own-background);resize:vertical;min-height:40px}
textarea.tellus-field{min-height:80px}
.tellus-field::placeholder{color:var(--tellus-own-muted);opacity:1}
.tellus-counter{font-size:12px;color:var(--tellus-own-muted);text-align:end;margin-top:4px}
.tellus-choices{display:flex;flex-direction:column;gap:6px}
.tellus-choice{display:flex;gap:10px;align-items:center;padding:8px 10px;border:1px solid var(--tellus-own-border);border-radius:8px;cursor:pointer}
.tellus-choice:has(:checked){border-color:var(--tellus-own-accent);background:color-mix(in srgb,var(--tellus-own-accent) 10%,transparent)}
.tellus-choice input{accent-color:var(--tellus-own-accent);width:18px;height:18px;margin:0;flex:none}
.tellus-contact{display:flex;flex-direction:column;gap:10px}.tellus-label{display:block;font-size:14px;margin-bottom:4px}.tellus-field[aria-invalid=true]{border-color:var(--tellus-own-error)}
.tellus-matrix{display:flex;flex-direction:column;gap:10px}
.tellus-matrix-row{display:flex;flex-direction:column;gap:4px}
.tellus-matrix-label{font-size:14px}
.tellus-matrix-row .tellus-option{height:32px}
.tellus-error{color:var(--tellus-own-error);font-size:13px;margin-top:8px}
.tellus-nav{display:flex;gap:8px;justify-content:flex-end;margin-top:14px}
.tellus-button{border-radius:8px;padding:8px 16px;min-height:40px;font-weight:600;border:1px solid var(--tellus-own-accent);background:var(--tellus-own-accent);color:var(--tellus-own-accent-text)}
.tellus-link{display:inline-flex;align-items:center;text-decoration:none;font:inherit;font-weight:600}
.tellus-button.tellus-secondary{background:none;color:var(--tellus-own-text);border-color:var(--tellus-own-border);margin-inline-end:auto}
.tellus-thanks{font-size:16px;font-weight:600;padding:12px 0;margin-inline-end:40px;outline:none}
.tellus-thanks:empty{display:none}
.tellus-tab{${LIGHT};all:initial;position:fixed;z-index:var(--tellus-z,2147483000);top:50%;right:0;transform:translateY(-50%) rotate(180deg);writing-mode:vertical-rl;background:var(--tellus-own-accent);color:var(--tellus-own-accent-text);font:600 14px/1 var(--tellus-font,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif);padding:16px 10px;border-radius:0 8px 8px 0;cursor:pointer}
.tellus-tab:focus-visible{outline:2px solid var(--tellus-own-text);outline-offset:2px}
.tellus-tab:dir(rtl){right:auto;left:0;border-radius:8px 0 0 8px}
.tellus-popover.tellus-beside-tab{margin-inline-end:40px}
@media (pointer:coarse){.tellus-option,.tellus-button,.tellus-choice,.tellus-field,.tellus-tab{min-height:44px}.nps .tellus-option,.tellus-matrix-row .tellus-option{height:44px}.tellus-close{width:44px;height:44px;top:4px;inset-inline-end:4px}}
`;
