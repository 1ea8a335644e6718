// The widget stylesheet: isolated from the host (all:initial on :host, px not rem), light/dark tokens, reduced motion.

// Light and dark token sets; each falls back to a page-provided --tellus-* property.
const LIGHT =
  '--a:var(--tellus-accent,#0b57d0);--af:var(--tellus-accent-text,#fff);--bg:var(--tellus-bg,#fff);--fg:var(--tellus-fg,#1f2328);--m:var(--tellus-muted,#57606a);--b:var(--tellus-border,#6e7781);--er:#b3261e;--sh:0 8px 28px #0003';
const DARK =
  '--a:var(--tellus-accent,#8ab4f8);--af:var(--tellus-accent-text,#0d1117);--bg:var(--tellus-bg,#1f242b);--fg:var(--tellus-fg,#e6edf3);--m:var(--tellus-muted,#a8b3bf);--b:var(--tellus-border,#8b949e);--er:#ffb4ab;--sh:0 8px 28px #0009';

export const CSS = `
:host{all:initial!important;display:block!important}
:host([data-float]){display:contents!important}
.t{${LIGHT};all:initial;display:block;box-sizing:border-box;position:relative;background:var(--bg);color:var(--fg);font:15px/1.45 var(--tellus-font,system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif);text-align:start;border:1px solid var(--b);border-radius:var(--tellus-radius,12px);padding:16px;width:400px;max-width:calc(100vw - 32px);-webkit-font-smoothing:antialiased}
:host([data-theme=dark]) .t,:host([data-theme=dark]) .tab{${DARK}}
@media (prefers-color-scheme:dark){:host([data-theme=auto]) .t,:host([data-theme=auto]) .tab{${DARK}}}
.t *,.t *::before,.t *::after{box-sizing:border-box}
.pop{position:fixed;z-index:var(--tellus-z,2147483000);box-shadow:var(--sh);animation:in .2s ease-out}
.bottom-right,.bottom-left{bottom:16px}.top-right,.top-left{top:16px}
.bottom-right,.top-right{inset-inline-end:16px}.bottom-left,.top-left{inset-inline-start:16px}
.inl{width:100%;max-width:480px}
@keyframes in{from{opacity:0;transform:translateY(8px)}}
@media (max-width:480px){.pop{inset:auto 0 0 0;width:100%;max-width:none;border-radius:var(--tellus-radius,12px) var(--tellus-radius,12px) 0 0;border-width:1px 0 0}}
@media (prefers-reduced-motion:reduce){.t,.t *{animation:none!important;transition:none!important}}
p{margin:0}
button,input,textarea{font:inherit;color:inherit;margin:0}
button{cursor:pointer;background:none;border:0;padding:0}
:focus-visible{outline:2px solid var(--a);outline-offset:2px}
.x{position:absolute;top:8px;inset-inline-end:8px;width:32px;height:32px;border-radius:8px;font-size:22px;line-height:1;color:var(--m)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.x:hover{background:color-mix(in srgb,var(--fg) 10%,transparent)}
.pg{font-size:13px;color:var(--m);margin:0 0 4px;margin-inline-end:40px}
.bar{height:4px;border-radius:2px;background:color-mix(in srgb,var(--b) 40%,transparent);margin-bottom:12px;overflow:hidden}
.bar i{display:block;height:100%;background:var(--a);transition:width .2s}
.q{font-size:16px;font-weight:600;margin:0 0 4px;margin-inline-end:40px;overflow-wrap:anywhere}
.d{color:var(--m);font-size:14px;margin-bottom:8px;overflow-wrap:anywhere}
.body{margin-top:10px}.x+.body{margin-top:36px}
.sc{display:flex;gap:4px}
.o{flex:1 1 0;min-width:0;height:40px;border:1px solid var(--b);border-radius:8px;display:flex;align-items:center;justify-content:center;font-size:15px;font-variant-numeric:tabular-nums}
.o:hover{border-color:var(--a)}
.o[aria-checked=true]{background:var(--a);border-color:var(--a);color:var(--af)}
.nps{gap:2px}.nps .o{height:40px;font-size:14px}
.sc svg{width:26px;height:26px;fill:none;stroke:currentColor;stroke-width:1.5}
.stars .o,.emoji .o,.thumbs .o{border:0;height:44px;color:var(--m)}
.stars{gap:0;justify-content:space-between}.stars .o{flex:0 1 44px;min-width:24px}
.stars .o svg{width:32px;height:32px;stroke-linejoin:round}
.stars .o[aria-checked=true],.emoji .o[aria-checked=true],.thumbs .o[aria-checked=true]{background:none;color:var(--a)}
.stars .o.f svg,.emoji .o[aria-checked=true] svg{fill:color-mix(in srgb,var(--a) 25%,transparent);stroke:var(--a)}
.stars .o.f{color:var(--a)}
@media (hover:hover){.stars .o:hover svg,.stars .o:has(~ .o:hover) svg{fill:color-mix(in srgb,var(--a) 25%,transparent);stroke:var(--a)}.stars .o:hover~.o svg{fill:none;stroke:var(--m)}}
.emoji .o svg{width:36px;height:36px}.emoji .e{fill:currentColor;stroke:none}.emoji .m{stroke-linecap:round;stroke-width:1.75}
.thumbs{gap:12px;justify-content:flex-start}.thumbs .o{flex:0 0 64px;border:1px solid var(--b)}
.thumbs .o[aria-checked=true]{border-color:var(--a)}
.thumbs svg{stroke-linejoin:round;stroke-linecap:round}.thumbs .o[aria-checked=true] svg{fill:color-mix(in srgb,var(--a) 25%,transparent)}
.flip{transform:rotate(180deg)}
.ends{display:flex;justify-content:space-between;gap:12px;font-size:12px;color:var(--m);margin-top:6px}
.ends span:last-child{text-align:end}
.tx{display:block;width:100%;border:1px solid var(--b);border-radius:8px;padding:8px 10px;background:var(--bg);resize:vertical;min-height:40px}
textarea.tx{min-height:80px}
.tx::placeholder{color:var(--m);opacity:1}
.cnt{font-size:12px;color:var(--m);text-align:end;margin-top:4px}
.ch{display:flex;flex-direction:column;gap:6px}
.co{display:flex;gap:10px;align-items:center;padding:8px 10px;border:1px solid var(--b);border-radius:8px;cursor:pointer}
.co:has(:checked){border-color:var(--a);background:color-mix(in srgb,var(--a) 10%,transparent)}
.co input{accent-color:var(--a);width:18px;height:18px;margin:0;flex:none}
.ct{display:flex;flex-direction:column;gap:10px}.cl{display:block;font-size:14px;margin-bottom:4px}.tx[aria-invalid=true]{border-color:var(--er)}
.mx{display:flex;flex-direction:column;gap:10px}
.mr{display:flex;flex-direction:column;gap:4px}
.ml{font-size:14px}
.mr .o{height:32px}
.err{color:var(--er);font-size:13px;margin-top:8px}
.nav{display:flex;gap:8px;justify-content:flex-end;margin-top:14px}
.btn{border-radius:8px;padding:8px 16px;min-height:40px;font-weight:600;border:1px solid var(--a);background:var(--a);color:var(--af)}
.lk{display:inline-flex;align-items:center;text-decoration:none;font:inherit;font-weight:600}
.btn.s{background:none;color:var(--fg);border-color:var(--b);margin-inline-end:auto}
.ty{font-size:16px;font-weight:600;padding:12px 0;margin-inline-end:40px;outline:none}
.ty:empty{display:none}
.tab{${LIGHT};all:initial;position:fixed;z-index:var(--tellus-z,2147483000);top:50%;right:0;transform:translateY(-50%) rotate(180deg);writing-mode:vertical-rl;background:var(--a);color:var(--af);font:600 14px/1 var(--tellus-font,system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif);padding:16px 10px;border-radius:0 8px 8px 0;cursor:pointer}
.tab:focus-visible{outline:2px solid var(--fg);outline-offset:2px}
.tab:dir(rtl){right:auto;left:0;border-radius:8px 0 0 8px}
.pop.tb{margin-inline-end:40px}
@media (pointer:coarse){.o,.btn,.co,.tx,.tab{min-height:44px}.nps .o,.mr .o{height:44px}.x{width:44px;height:44px;top:4px;inset-inline-end:4px}}
`;
