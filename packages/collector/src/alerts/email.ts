// The alert e-mail: subject, plain text and an HTML part with every answer escaped, as typed.
import type { MailMessage } from '../deliveries/types.js';
import { escapeHtml } from '../dashboard/html.js';
import type { AlertFacts } from './facts.js';
import type { Template } from './rules.js';
import { fill } from './template.js';

export function alertEmail(facts: AlertFacts, template?: Template): MailMessage {
  const subject = (template?.title ? fill(template.title, facts) : [facts.title, facts.score].filter(Boolean).join(' · ')).replace(/[\r\n]+/g, ' ');
  const details = [
    ['Score', facts.score],
    ['Branch', facts.location],
    ['Agent', facts.agent],
    ['Channel', facts.channel],
  ].filter(([, v]) => v) as [string, string][];
  const intro = template?.text ? fill(template.text, facts) : '';
  const text = [
    facts.survey,
    intro,
    details.map(([k, v]) => `${k}: ${v}`).join('\n'),
    facts.answers.map((a) => `${a.question}\n  ${a.answer}`).join('\n'),
    facts.link && `Open in Tellus: ${facts.link}`,
  ]
    .filter(Boolean)
    .join('\n\n');
  const rows = (list: [string, string][]) =>
    list
      .map(
        ([k, v]) =>
          `<tr><th align="left" style="padding:4px 12px 4px 0">${escapeHtml(k)}</th><td style="padding:4px 0;white-space:pre-wrap">${escapeHtml(v)}</td></tr>`,
      )
      .join('');
  const html = `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#1b1f24">
<h1 style="font-size:18px">${escapeHtml(subject)}</h1>
<p style="color:#57606a">${escapeHtml(facts.survey)}</p>
${intro ? `<p style="white-space:pre-wrap">${escapeHtml(intro)}</p>` : ''}
<table>${rows(details)}</table>
<table style="margin-top:12px">${rows(facts.answers.map((a) => [a.question, a.answer]))}</table>
${facts.link ? `<p><a href="${escapeHtml(facts.link)}">Open in Tellus</a></p>` : ''}
</body></html>`;
  return { subject, text, html };
}
