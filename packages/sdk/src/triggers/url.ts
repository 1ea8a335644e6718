// URL targeting: glob patterns ("/support/*", "*", "https://shop.test/cart*") against the current page.
// Compiled on each check: a handful of patterns per track() or navigation costs less than a cache's bytes.
const toRegExp = (glob: string) => new RegExp(`^${glob.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);

/** A pattern with a scheme matches the whole URL (without the hash); others match the path only. */
export function urlMatchesPattern(pattern: string, href: string): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  const target = pattern.includes('://') ? url.origin + url.pathname + url.search : url.pathname;
  return toRegExp(pattern).test(target);
}

/** Include patterns (none = every page) minus exclude patterns. */
export function urlAllowed(href: string, urls?: readonly string[], excludeUrls?: readonly string[]): boolean {
  if (urls && urls.length && !urls.some((p) => urlMatchesPattern(p, href))) return false;
  return !excludeUrls?.some((p) => urlMatchesPattern(p, href));
}
