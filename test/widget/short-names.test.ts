// The build shortens the widget's readable class names and private custom properties by one table (theme/short-names.json):
// every built file has none of the long names left, and the stylesheet and the markup of tellus-ui.js agree on the short ones.
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIST, ensureBuilt } from './build';
import SHORT_NAMES from '../../packages/widget/src/theme/short-names.json';
import { CSS } from '../../packages/widget/src/theme/styles';

beforeAll(() => ensureBuilt(), 300_000);

const table = Object.entries(SHORT_NAMES as Record<string, string>);
const classes = table.filter(([long]) => !long.startsWith('--'));
/** A class in the markup on purpose without a rule: a hook for tests and host pages (as in theme/classes.test.tsx). */
const HOOKS = ['tellus-contact-field'];
/** Classes named after a survey's own values (display.position, the scale kind): neither prefixed nor shortened. */
const VALUE_CLASSES = ['bottom-right', 'bottom-left', 'top-right', 'top-left', 'stars', 'numbers', 'emoji', 'thumbs', 'nps', 'ces'];

/** Every built JavaScript file of the widget: the script-tag files, the locale files and the npm build's modules. */
const builtFiles = (dir = DIST): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? builtFiles(`${dir}${e.name}/`) : e.name.endsWith('.js') ? [`${dir}${e.name}`] : [],
  );

/** Names (`[\w-]+` runs) that stand alone in a text: not part of a longer name, not a custom property's tail. */
const tokens = (text: string) => new Set([...text.matchAll(/(?<![\w$-])-{0,2}[a-zA-Z_][\w-]*/g)].map((m) => m[0]));

/** The class names a stylesheet styles, font names in quotes aside. */
const styled = (css: string) => new Set([...css.replace(/"[^"]*"/g, '').matchAll(/\.(-?[a-zA-Z_][\w-]*)/g)].map((m) => m[1]!));

describe('short class names', () => {
  it('has one short name per long name, each long name prefixed and no short name a value class', () => {
    const shorts = table.map(([, short]) => short);
    expect(new Set(shorts).size).toBe(shorts.length);
    for (const [long, short] of table) {
      expect(long).toMatch(/^(tellus-[a-z][a-z-]*|--tellus-own-[a-z-]+)$/);
      expect(short.startsWith('--')).toBe(long.startsWith('--'));
      expect(VALUE_CLASSES).not.toContain(short);
    }
  });

  it('names every prefixed class and private property the source stylesheet uses, and nothing it does not (hooks aside)', () => {
    const used = [...styled(CSS)].filter((c) => c.startsWith('tellus-'));
    const properties = [...new Set(CSS.match(/--tellus-own-[\w-]+/g))];
    expect([...used, ...properties].filter((name) => !(name in SHORT_NAMES))).toEqual([]);
    const inSource = new Set([...used, ...properties]);
    expect(table.map(([long]) => long).filter((long) => !inSource.has(long) && !HOOKS.includes(long))).toEqual([]);
  });

  it('leaves no long name in any built widget file', () => {
    const files = builtFiles();
    expect(files.map((f) => f.slice(DIST.length))).toEqual(expect.arrayContaining(['tellus.js', 'tellus-ui.js', 'tellus-interactions.js', 'index.js']));
    const left = files.flatMap((f) => {
      const found = tokens(readFileSync(f, 'utf8'));
      return table.filter(([long]) => found.has(long)).map(([long]) => `${f.slice(DIST.length)}: ${long}`);
    });
    expect(left).toEqual([]);
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toContain('--tellus-own-');
  });

  it('styles in tellus-ui.js only short classes its markup strings render, and renders the ones it styles', () => {
    const code = readFileSync(`${DIST}tellus-ui.js`, 'utf8');
    const start = code.indexOf(':host{all:initial');
    expect(start).toBeGreaterThan(0);
    const quote = code[start - 1]!;
    const end = code.indexOf(quote, start);
    const css = code.slice(start, end);
    const markup = code.slice(0, start - 1) + code.slice(end + 1);
    // Every string literal outside the stylesheet, split into its names: `"o f"`, `class:"x"`, `kind==="stars"`.
    const strings = [...markup.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
    const rendered = new Set(strings.flatMap((s) => s.split(/\s+/)));
    const shortClasses = classes.map(([, short]) => short);
    const styledShort = [...styled(css)].filter((c) => !VALUE_CLASSES.includes(c));
    // A class the build left unmapped, or a markup string it did not rewrite, shows up here.
    expect(styledShort.filter((c) => !shortClasses.includes(c))).toEqual([]);
    expect(styledShort.filter((c) => !rendered.has(c))).toEqual([]);
    expect(
      shortClasses.filter((c) => rendered.has(c) && !styled(css).has(c) && !HOOKS.some((hook) => SHORT_NAMES[hook as keyof typeof SHORT_NAMES] === c)),
    ).toEqual([]);
    for (const [long, short] of table.filter(([name]) => name.startsWith('--'))) expect(css, long).toContain(`var(${short})`);
  });
});
