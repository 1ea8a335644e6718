// The script tag's built-in strings (rollup.config.mjs puts this module in place of ./locales in tellus-ui.js): English,
// plus the locale files this page loaded, which tellus.js fetches beside the UI chunk so the first paint is in the page's language.
import type { Strings } from './strings';
import { en } from './en';
import { registered } from './registry';

/** Live: a locale file that runs after the UI chunk still lands here before tellus.js mounts the UI. */
export const LOCALES: Record<string, Strings> = Object.assign(registered(), { en });
