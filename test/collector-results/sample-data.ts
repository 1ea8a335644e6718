// Deterministic sample responses over eight weeks, three branches and four agents, for dashboard tests.
import { row } from '../../packages/collector/src/results/test-fixtures.js';
import type { StoredResponse } from '../../packages/collector/src/storage/types.js';

export function sampleRows(count = 160, start = Date.UTC(2026, 2, 2)): StoredResponse[] {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const locations = ['riga', 'tallinn', 'vilnius'];
  const agents = ['anna', 'bruno', 'chen', 'dace'];
  const comments = ['Quick and friendly', 'Waited too long for an answer', 'Solved on the first try', 'Agent did not read my message', 'Ļoti laipni, paldies!'];
  return Array.from({ length: count }, (_, i) => {
    const location = locations[i % 3]!;
    // Vilnius scores lower on purpose, so the comparison table has something to flag.
    const bias = location === 'vilnius' ? -3 : 0;
    const nps = Math.max(0, Math.min(10, Math.round(6 + rand() * 5 + bias)));
    const answers: Record<string, unknown> = {
      nps,
      csat: Math.max(1, Math.min(5, Math.round(nps / 2))),
      effort: 1 + Math.floor(rand() * 7),
      topic: { selected: [['x', 'y', 'z'][i % 3]!] },
      thumb: rand() > 0.3 ? 'up' : 'down',
      grid: { a: 1 + Math.floor(rand() * 5), b: 1 + Math.floor(rand() * 5) },
    };
    if (i % 9 === 0) answers.why = comments[i % comments.length];
    const at = new Date(start + Math.floor((i / count) * 56 * 86_400_000) + 3_600_000 * (i % 7)).toISOString();
    return row(at, answers, { location, agent: agents[i % 4]!, channel: i % 2 ? 'web' : 'email', locale: 'en' }, i % 10 !== 0);
  });
}
