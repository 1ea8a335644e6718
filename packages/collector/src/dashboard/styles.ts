// The dashboard's stylesheet, served as a file so a strict CSP (style-src 'self') holds.
export const dashboardCss = `
:root{--fg:#1a1d21;--muted:#4a5360;--bg:#f6f7f9;--card:#fff;--line:#d5dae1;--accent:#1f5fbf;--good:#1b6b3a;--bad:#a3161a;--bad-bg:#fdecec;--focus:#1f5fbf}
*{box-sizing:border-box}
html{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px 8px;z-index:2}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
header.top{display:flex;align-items:center;gap:12px;padding:10px 16px;background:#14213d;color:#fff}
header.top h1{font-size:1.15rem;margin:0}
header.top a{color:#fff}
header.top form.signout{margin-left:auto}
.layout{display:grid;grid-template-columns:220px 1fr;gap:16px;padding:16px;max-width:1280px;margin:0 auto}
nav.surveys ul{list-style:none;margin:0;padding:0}
nav.surveys li a{display:block;padding:8px 10px;border-radius:6px;text-decoration:none;color:var(--fg)}
nav.surveys li a[aria-current="page"]{background:#dde7f7;font-weight:600}
nav.surveys h2{font-size:.95rem;margin:0 0 8px;color:var(--muted)}
main{min-width:0}
h2{font-size:1.2rem;margin:0 0 12px}
h3{font-size:1rem;margin:0 0 8px}
section.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;margin-bottom:16px}
form.filters{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:flex-end;margin-bottom:16px}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted);gap:2px}
select,input,textarea,button{font:inherit;color:var(--fg)}
select,input{padding:6px 8px;border:1px solid #8a94a3;border-radius:6px;background:#fff}
button{padding:6px 12px;border:1px solid var(--accent);border-radius:6px;background:var(--accent);color:#fff;cursor:pointer}
button.link{background:none;border:0;padding:0;color:var(--accent);text-decoration:underline;font-size:inherit}
button.secondary{background:#fff;color:var(--accent)}
.exports{display:flex;gap:12px;font-size:.9rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;margin-bottom:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.card h3{font-size:.9rem;color:var(--muted);margin:0}
.card .value{font-size:2rem;font-weight:700;margin:2px 0}
.card p{margin:2px 0;font-size:.88rem;color:var(--muted)}
.flag{display:inline-block;margin-top:4px;padding:1px 6px;border-radius:4px;background:#fff4d6;color:#5c4300;font-size:.8rem}
.chart svg{width:100%;height:auto;display:block}
.chart .axis{stroke:#8a94a3}
.chart .grid{stroke:#e3e7ec}
.chart .band{fill:#1f5fbf;fill-opacity:.15}
.chart .line{fill:none;stroke:var(--accent);stroke-width:2.5}
.chart .dot{fill:var(--accent)}
.chart text{fill:var(--muted);font-size:11px}
.chart details{margin-top:8px}
.chart summary{cursor:pointer;color:var(--accent)}
.questions{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:middle}
th[scope="col"]{color:var(--muted);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
td.bar{width:40%}
td.bar svg{width:100%;height:12px;display:block}
td.bar rect.fill{fill:var(--accent)}
td.bar rect.track{fill:#e3e7ec}
td.below{background:var(--bad-bg);color:var(--bad);font-weight:600}
ol.comments{list-style:none;margin:0;padding:0}
ol.comments li{border-bottom:1px solid var(--line);padding:8px 0}
ol.comments blockquote{margin:0 0 4px;white-space:pre-wrap;overflow-wrap:anywhere}
ol.comments p{margin:0;font-size:.82rem;color:var(--muted)}
.muted{color:var(--muted)}
.error{color:var(--bad)}
.login{max-width:420px;margin:10vh auto;background:var(--card);border:1px solid var(--line);border-radius:10px;padding:20px}
.login form{display:flex;flex-direction:column;gap:10px}
.editor{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:16px}
.editor textarea{width:100%;min-height:60vh;font:13px/1.4 ui-monospace,Menlo,Consolas,monospace;padding:8px;border:1px solid #8a94a3;border-radius:6px}
.issues{list-style:none;padding:0;margin:8px 0;font-size:.88rem}
.issues li{color:var(--bad);padding:2px 0}
.issues code{background:var(--bad-bg);padding:0 4px;border-radius:3px}
.switches{display:flex;flex-wrap:wrap;gap:10px;margin-bottom:8px}
.preview{border:1px solid var(--line);border-radius:10px;background:#fff;min-height:420px;overflow:hidden}
.preview iframe{border:0;width:100%;height:520px;display:block;margin:0 auto}
.preview.phone iframe{width:375px;max-width:100%}
.preview-page{margin:0;min-height:100vh;background:#f6f7f9}
.preview-page.dark{background:#15171a}
@media (max-width:760px){
  .layout{grid-template-columns:1fr;padding:10px}
  nav.surveys ul{display:flex;flex-wrap:wrap;gap:6px}
  .card .value{font-size:1.6rem}
  .editor{grid-template-columns:1fr}
  td.bar{width:30%}
}
`;
