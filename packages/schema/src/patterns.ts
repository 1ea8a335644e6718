// The validation patterns both sides share (ids, site keys, attribute names, locales, anonymous ids); zod-free so first-load code can import them.

/** Survey, question, option and answer ids: start with a letter or digit, so `__proto__` can never become an own key. */
export const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
/** A collector site key. */
export const SITE_KEY = /^[A-Za-z0-9_-]{1,64}$/;
/** Response meta keys and visitor attribute names (`location`, `order.id`, …). */
export const META_KEY = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
/** A BCP 47 language tag such as `en` or `pt-BR`. */
export const LOCALE = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** The SDK's anonymous visitor id (a uuid v7, or whatever a host set before). */
export const ANON_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** A response id. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
