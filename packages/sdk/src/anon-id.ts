// The anonymous visitor id, apart from uuid.ts so the SDK first load does not carry uuid v7 (only answers need it).

/** 32 random hex digits: the anonymous visitor id (no clock in it, and fewer bytes in the first load than uuidv7). */
export const randomId = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join('');
