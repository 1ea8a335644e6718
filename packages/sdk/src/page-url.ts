// The page URL a response carries, apart from meta.ts so the SDK first load needs only this line of it.

/** The page URL without query or hash: queries often carry tokens and e-mail addresses. */
export const pageUrl = (href: string) => href.split(/[?#]/)[0]!;
