// Regenerates docs/widget.png: the built script tag showing an NPS survey on a small shop page (run after `npm run build`).
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const survey = {
  id: 'nps',
  version: 1,
  trigger: { event: 'order_placed' },
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend Tellus Shop to a friend?' },
    { id: 'why', type: 'text', text: 'What is the main reason for your score?' },
    { id: 'easy', type: 'thumbs', text: 'Was checkout easy?' },
  ],
};
const page = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tellus Shop</title></head>
<body style="margin:0;font-family:sans-serif;background:#f3f4f6">
<header style="background:#1f2937;color:#fff;padding:14px 24px;font-weight:700">Tellus Shop</header>
<main style="padding:24px;color:#111827"><h1 style="margin:0 0 8px">Thanks for your order!</h1><p>Order #10482 is confirmed. We will email you when it ships.</p></main>
<script>window.tellus=function(){(tellus.q=tellus.q||[]).push(arguments)};
tellus('init',{siteKey:'demo',endpoint:'http://127.0.0.1:9',storage:'memory',surveys:[${JSON.stringify(survey)}]});
tellus('track','order_placed')</script><script async src="/tellus.js"></script></body></html>`;

const server = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path.endsWith('.js')) {
    res.writeHead(200, { 'content-type': 'text/javascript' });
    return res.end(readFileSync(root + 'packages/widget/dist' + path));
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(page);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
});
try {
  const context = await browser.newContext({ viewport: { width: 760, height: 440 }, reducedMotion: 'reduce' });
  const p = await context.newPage();
  await p.goto(`http://127.0.0.1:${server.address().port}/`);
  await p.locator('tellus-widget >> [role=radio] >> nth=9').focus();
  await p.keyboard.press('ArrowRight');
  await p.keyboard.press('ArrowLeft'); // 9 selected, keyboard focus ring visible
  await p.screenshot({ path: root + 'docs/widget.png' });
  console.log('wrote docs/widget.png');
} finally {
  await browser.close();
  server.close();
}
