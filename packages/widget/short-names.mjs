// Shortens the widget's readable class names and private custom properties by one table (src/theme/short-names.json):
// the build runs it over every widget file (rollup.config.mjs), the browser tests over the selectors they send to built files.
import { readFileSync } from 'node:fs';

/** Readable name → built name: `tellus-option` → `o`, `--tellus-own-accent` → `--a`. */
export const SHORT_NAMES = JSON.parse(readFileSync(new URL('./src/theme/short-names.json', import.meta.url), 'utf8'));

/**
 * Rewrites every exact listed token in `text`: a `tellus-` name (or `--tellus-own-` property) bounded by characters that cannot
 * continue a name. Unlisted ones (`tellus-widget`, `tellus-ui.js`, the public `--tellus-*` properties) are left as they are.
 * @example shortenNames('tellus-widget >> .tellus-nav .tellus-button') // 'tellus-widget >> .nav .btn'
 */
export const shortenNames = (text) =>
  text.replace(/(?<![\w$-])(?:--)?tellus-[a-z][\w-]*(?![\w$-])/g, (name) => (Object.hasOwn(SHORT_NAMES, name) ? SHORT_NAMES[name] : name));
