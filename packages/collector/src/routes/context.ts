// What the results-side routes need from the server: storage, the admin token and somewhere to log.
import type { Storage } from '../storage/types.js';

export interface ResultsLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface ResultsRouteContext {
  storage: Storage;
  adminToken: string | undefined;
  logger?: ResultsLogger | undefined;
}
