// A service-quality survey whose key driver, matrix means and comment themes are known by construction, for insights tests.
import type { Survey } from '@tellus/schema';
import { row } from '../../packages/collector/src/results/test-fixtures.js';
import type { StoredResponse } from '../../packages/collector/src/storage/types.js';

export const qualitySurvey: Survey = {
  id: 'post-chat',
  version: 2,
  name: 'Service quality',
  questions: [
    { id: 'nps', type: 'nps', text: 'Recommend us?' },
    {
      id: 'quality',
      type: 'matrix',
      scale: 5,
      text: 'Rate our service',
      rows: ['reliability', 'flexibility', 'trust', 'empathy', 'aesthetics'].map((id) => ({ id, text: id[0]!.toUpperCase() + id.slice(1) })),
    },
    { id: 'why', type: 'text', text: 'Why?' },
  ],
};

/**
 * 240 responses, Riga and Tehran alternating. NPS follows trust (2·trust + 1 + a little noise) and nothing
 * else; trust is rated lowest, lower still in Tehran (1–4 against 1–5). Tehran writes in Persian: detractors
 * about delay (spelled three ways), promoters about excellent support; Riga in English: promoters praise
 * friendliness, detractors the wait.
 */
export function qualityRows(count = 240, start = Date.UTC(2026, 2, 2)): StoredResponse[] {
  return Array.from({ length: count }, (_, i) => {
    const tehran = i % 2 === 1;
    const j = Math.floor(i / 2); // the respondent's number within the branch
    const trust = tehran ? 1 + (j % 4) : 1 + (j % 5);
    const noise = [0, 1, -1, 0, 1, 0, -1][i % 7]!;
    const nps = Math.max(0, Math.min(10, 2 * trust + 1 + noise));
    const other = (k: number) => 3 + (Math.floor(j / k) % 3); // 3–5, unrelated to NPS
    const answers: Record<string, unknown> = {
      nps,
      quality: { reliability: other(2), flexibility: other(3), trust, empathy: other(5), aesthetics: other(7) },
    };
    const say = (texts: string[]) => (answers.why = texts[j % texts.length]);
    if (tehran && nps <= 6) say(['تأخیر زیاد در ارسال', 'تاخير در ارسال بسته', 'ارسال با تاخیر بود']);
    if (tehran && nps >= 9) say(['پشتیبانی عالی بود', 'عالي و سريع', 'کیفیت عالی']);
    if (!tehran && nps >= 9) say(['Friendly and quick', 'Very friendly staff', 'Quick answer, friendly']);
    if (!tehran && nps <= 6) say(['The wait was awful', 'Awful wait for an answer']);
    const at = new Date(start + i * 3_600_000).toISOString();
    return row(at, answers, { location: tehran ? 'tehran' : 'riga', locale: tehran ? 'fa-IR' : 'en-US' });
  });
}
