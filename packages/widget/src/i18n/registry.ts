// Where the script tag's locale files (tellus-ui-<tag>.js) leave their strings for the UI chunk, in whichever order the two arrive.
import type { Strings } from './strings';

/** The strings registered so far, by locale tag (one object on a private global, shared by every file of one page). */
export const registered = (): Record<string, Strings> =>
  ((globalThis as unknown as Record<symbol, Record<string, Strings>>)[Symbol.for('tellus.locales')] ||= {});
