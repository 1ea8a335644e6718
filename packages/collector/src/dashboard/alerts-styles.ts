// Styles of the dashboard's alert panels, appended to the dashboard stylesheet.
export const alertsCss = `
.pill{display:inline-block;padding:2px 8px;border-radius:999px;background:var(--track);color:var(--fg);font-size:.85rem}
.pill.good{background:var(--good-bg);color:var(--good)}
.pill.bad{background:var(--bad-bg);color:var(--bad);font-weight:600}
label.inline{display:inline-flex;gap:6px;align-items:center;margin:8px 0;font-size:.9rem}
#rules-form fieldset{border:1px solid var(--line);border-radius:8px;padding:8px 12px 12px;margin:0 0 12px;min-width:0}
#rules-form fieldset.rule{background:var(--bg)}
#rules-form fieldset fieldset{background:var(--card)}
#rules-form legend{font-weight:600;padding:0 4px}
#rules-form .control{display:flex;flex-direction:column;gap:2px;min-width:0}
#rules-form .control>label{font-size:.85rem;color:var(--muted)}
#rules-form .control>input,#rules-form .control>select{min-width:0;max-width:100%}
#rules-form label.check{display:inline-flex;align-items:center;gap:6px;font-size:.9rem}
#rules-form ol{list-style:none;padding:0;margin:0 0 8px}
.rule-head,.condition,.destination-main{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end}
.rule-head{margin-bottom:8px}
.condition,.destination{padding:6px 0;border-bottom:1px solid var(--line)}
.condition>.control{flex:1 1 150px}
.destination-main>.control{flex:1 1 160px}
.destination-main>.control.wide{flex:3 1 240px}
.rule-head>.control{flex:1 1 180px}
.destination .template{margin-top:6px}
.destination .template summary{cursor:pointer;color:var(--accent);font-size:.88rem}
.destination .template .control{margin-top:4px}
.rule-actions{display:flex;flex-wrap:wrap;gap:8px}
#rules-form button:disabled{opacity:.5;cursor:default}
.field-error{color:var(--bad);font-size:.85rem}
[aria-invalid="true"]{border-color:var(--bad);box-shadow:0 0 0 1px var(--bad)}
textarea.rules{width:100%;min-height:14rem;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;padding:8px;border:1px solid var(--line);border-radius:6px;background:var(--field)}
`;
