// Types for short-names.mjs.
export declare const SHORT_NAMES: Record<string, string>;
export declare const shortenNames: (text: string) => string;
