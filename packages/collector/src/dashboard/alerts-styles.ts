// Styles of the dashboard's alert panels, appended to the dashboard stylesheet.
export const alertsCss = `
.pill{display:inline-block;padding:2px 8px;border-radius:999px;background:var(--track);color:var(--fg);font-size:.85rem}
.pill.good{background:var(--good-bg);color:var(--good)}
.pill.bad{background:var(--bad-bg);color:var(--bad);font-weight:600}
label.inline{display:inline-flex;gap:6px;align-items:center;margin:8px 0;font-size:.9rem}
textarea.rules{width:100%;min-height:14rem;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;padding:8px;border:1px solid var(--line);border-radius:6px;background:var(--field)}
`;
