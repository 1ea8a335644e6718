// URL targeting: glob patterns ("/support/*", "*", "https://shop.test/cart*") against the current page.

/**
 * Whether `text` matches a glob whose only wildcard is `*`, in linear time: the literal pieces between stars are
 * found left to right (the leftmost place of each piece is always a safe choice), where a regular expression
 * built from the glob backtracks exponentially (`/*a*a*a*a*a*a*a*a*b` on a long path took 42 s).
 */
export function globMatches(glob: string, text: string): boolean {
  const parts = glob.split('*');
  const head = parts[0]!;
  if (parts.length === 1) return glob === text;
  const tail = parts[parts.length - 1]!;
  const end = text.length - tail.length;
  if (end < head.length || !text.startsWith(head) || !text.endsWith(tail)) return false;
  let at = head.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = text.indexOf(parts[i]!, at);
    if (found < 0 || found + parts[i]!.length > end) return false;
    at = found + parts[i]!.length;
  }
  return true;
}

/** A pattern with a scheme matches the whole URL (without the hash); others match the path only. */
export function urlMatchesPattern(pattern: string, href: string): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  return globMatches(pattern, pattern.includes('://') ? url.origin + url.pathname + url.search : url.pathname);
}

/** Include patterns (none = every page) minus exclude patterns. */
export function urlAllowed(href: string, urls?: readonly string[], excludeUrls?: readonly string[]): boolean {
  if (urls && urls.length && !urls.some((p) => urlMatchesPattern(p, href))) return false;
  return !excludeUrls?.some((p) => urlMatchesPattern(p, href));
}
