// The dashboard's stylesheet, served as a file so a strict CSP (style-src 'self') holds.
export const dashboardCss = `
:root{color-scheme:light dark;--fg:#1a1d21;--muted:#4a5360;--bg:#f6f7f9;--card:#fff;--line:#d5dae1;--accent:#1f5fbf;--good:#1b6b3a;--good-bg:#e5f4ea;--bad:#a3161a;--bad-bg:#fdecec;--focus:#1f5fbf;--track:#e3e7ec;--field:#fff;--nav-current:#dde7f7;--detractor:#c0392b;--passive:#8a94a3;--promoter:#1b7f46;--flag-bg:#fff4d6;--flag-fg:#5c4300;--zone:#fdecec;--on-accent:#fff}
@media (prefers-color-scheme:dark){:root{--fg:#e6e8eb;--muted:#a9b1bc;--bg:#14171b;--card:#1d2126;--line:#353b43;--accent:#7fb0ff;--good:#6fd39a;--good-bg:#17321f;--bad:#ff8a8a;--bad-bg:#3a1c1e;--focus:#7fb0ff;--track:#2c3239;--field:#15181c;--nav-current:#23344f;--detractor:#ff7b6b;--passive:#8f99a6;--promoter:#5fd08f;--flag-bg:#3b3214;--flag-fg:#f3dc94;--zone:#3a1c1e;--on-accent:#0d1117}}
*{box-sizing:border-box}
html{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
body{margin:0}
a{color:var(--accent)}
:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:var(--card);padding:4px 8px;z-index:2}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
header.top{display:flex;align-items:center;gap:12px;padding:10px 16px;background:#14213d;color:#fff}
header.top h1{font-size:1.15rem;margin:0}
header.top a{color:#fff}
header.top form.signout{margin-left:auto}
.layout{display:grid;grid-template-columns:220px 1fr;gap:16px;padding:16px;max-width:1280px;margin:0 auto}
nav.surveys ul{list-style:none;margin:0;padding:0}
nav.surveys li a{display:block;padding:8px 10px;border-radius:6px;text-decoration:none;color:var(--fg)}
nav.surveys li a[aria-current="page"]{background:var(--nav-current);font-weight:600}
nav.surveys h2{font-size:.95rem;margin:0 0 8px;color:var(--muted)}
main{min-width:0}
h2{font-size:1.2rem;margin:0 0 12px}
h3{font-size:1rem;margin:0 0 8px}
section.panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;margin-bottom:16px}
form.filters{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:flex-end;margin-bottom:16px}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;color:var(--muted);gap:2px}
select,input,textarea,button{font:inherit;color:var(--fg)}
select,input{padding:6px 8px;border:1px solid #8a94a3;border-radius:6px;background:var(--field)}
button{padding:6px 12px;border:1px solid var(--accent);border-radius:6px;background:var(--accent);color:var(--on-accent);cursor:pointer}
button.link{background:none;border:0;padding:0;color:var(--accent);text-decoration:underline;font-size:inherit}
button.secondary{background:var(--card);color:var(--accent)}
.exports{display:flex;gap:12px;font-size:.9rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;margin-bottom:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:12px 14px}
.card h3{font-size:.9rem;color:var(--muted);margin:0}
.card .value{font-size:2rem;font-weight:700;margin:2px 0}
.card p{margin:2px 0;font-size:.88rem;color:var(--muted)}
.flag{display:inline-block;margin-top:4px;padding:1px 6px;border-radius:4px;background:var(--flag-bg);color:var(--flag-fg);font-size:.8rem}
.chart svg{width:100%;height:auto;display:block}
.chart .axis{stroke:#8a94a3}
.chart .grid{stroke:var(--track)}
.chart .grid.zero{stroke:#8a94a3;stroke-dasharray:4 3}
.chart .line{fill:none;stroke:var(--accent);stroke-width:1.5;stroke-opacity:.6}
.chart .dot{fill:var(--accent)}
.chart .whisker{stroke:var(--accent);stroke-width:1.5}
.chart .point.small .dot{fill:var(--card);stroke:var(--accent);stroke-width:2}
.chart .axis-title{font-size:11px}
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
td.bar rect.track{fill:var(--track)}
td.bar rect.fill.detractor{fill:var(--detractor)}
td.bar rect.fill.passive{fill:var(--passive)}
td.bar rect.fill.promoter{fill:var(--promoter)}
.kind{font-size:.78rem;font-weight:400}
.kind.detractor{color:var(--detractor)}.kind.passive{color:var(--muted)}.kind.promoter{color:var(--promoter)}
td.bar rect.step.s0{fill:#a3161a}td.bar rect.step.s1{fill:#d9783a}td.bar rect.step.s2{fill:#9aa3ae}td.bar rect.step.s3{fill:#5b9bd5}td.bar rect.step.s4{fill:#1f5fbf}
table.matrix td.bar{width:32%}
.score{display:block;font-weight:600}
.ci{display:block;font-size:.78rem;color:var(--muted);font-weight:400}
td.verdict .badge{display:inline-block;margin-top:2px;padding:0 6px;border-radius:4px;font-size:.78rem}
td.verdict.better .badge{background:var(--good-bg);color:var(--good);font-weight:600}
td.verdict.worse .badge{background:var(--bad-bg);color:var(--bad);font-weight:600}
td.verdict.no-difference .badge{color:var(--muted)}
td.verdict.too-few{color:var(--muted)}
td.verdict.too-few .score{font-weight:400}
td.verdict.too-few .badge{font-style:italic;color:var(--muted)}
td.small{color:var(--muted)}
tr.all th,tr.all td{background:var(--bg)}
.note{font-size:.82rem;margin:8px 0 0}
h4{font-size:.92rem;margin:12px 0 6px}
label.inline{display:inline-flex;gap:6px;align-items:center;font-size:.88rem;color:var(--muted);margin-bottom:8px}
.quadrants{max-width:560px}
.quadrants .fix-zone{fill:var(--zone)}
.quadrants .zone-label{font-weight:600}
.driver.fix-first .dot{fill:var(--bad)}
.driver .whisker{stroke:var(--muted);stroke-width:1.5}
.quadrant{font-size:.82rem;padding:0 6px;border-radius:4px}
.quadrant.fix-first{background:var(--bad-bg);color:var(--bad);font-weight:600}
.quadrant.strength{background:var(--good-bg);color:var(--good)}
.theme-sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:12px}
ul.themes{list-style:none;margin:0;padding:0}
ul.themes li{padding:2px 0}
button.theme{background:none;border:1px solid var(--line);color:var(--fg);padding:2px 8px;border-radius:12px;text-align:start}
button.theme[aria-expanded="true"]{border-color:var(--accent)}
ul.themes ol.comments{margin:4px 0 8px 12px}
table.overview .spark{display:block}
.spark path{fill:none;stroke:var(--accent);stroke-width:1.5}
.spark circle{fill:var(--accent)}
.change.up{color:var(--good);font-weight:600}
.change.down{color:var(--bad);font-weight:600}
.change.no-clear-change,.change.too-few{color:var(--muted)}
p.live{font-size:.82rem;margin:0 0 8px}
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
