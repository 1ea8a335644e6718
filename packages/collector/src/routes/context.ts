// What the results-side routes need from the server: storage, the admin token and somewhere to log.
import type { Logger } from '../log.js';
import type { Storage } from '../storage/types.js';

export type ResultsLogger = Logger;

export interface ResultsRouteContext {
  storage: Storage;
  adminToken: string | undefined;
  logger?: Logger | undefined;
}
