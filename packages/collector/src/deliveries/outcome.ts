// The result of one delivery attempt, as every sender reports it.

export type Outcome =
  | { kind: 'delivered' }
  /** Worth trying again later (network error, timeout, 408, 429, 5xx, SMTP 4xx). */
  | { kind: 'retry'; error: string; retryAfterMs?: number | undefined }
  /** The receiver refused it for good (other 4xx, SMTP 5xx): sending it again will not help. */
  | { kind: 'refused'; error: string };

export const describeError = (err: unknown) => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));
