// @tellus/collector: the ingestion + config server, its storage backends and the pieces to extend it.
export {
  createApp,
  createAppContext,
  serve,
  routeGroups,
  DEFAULT_SOCKET_LIMITS,
  type CreateAppOptions,
  type ServeOptions,
  type RunningServer,
  type SocketLimits,
} from './server.js';
export type { AppContext, AppEnv, App, Limits, RouteGroup } from './http/context.js';
export { DEFAULT_LIMITS } from './http/context.js';
export { requireAdmin, isAdminToken, bearerToken, MIN_ADMIN_TOKEN_LENGTH } from './http/admin.js';
export { HttpError } from './http/errors.js';
export { readJson, bodyLimit } from './http/body.js';
export { noStore } from './http/headers.js';
export { createLogger, silentLogger, type Logger, type LogFields } from './log.js';
export { openStorage, storageOptionsFromEnv, type OpenStorageOptions } from './storage/open.js';
export { openPGliteStorage } from './storage/pglite.js';
export { dataDirOwner, lockDataDir, DataDirBusyError, type LockHolder, type DataDirLock } from './storage/data-dir-lock.js';
export { openPostgresStorage } from './storage/postgres.js';
export { StorageInputError } from './storage/errors.js';
export type { Storage, Site, StoredSurvey, StoredResponse, SurveySettings, ResponseFilter, IngestResult } from './storage/types.js';
export { computeResults, type ResultsOptions } from './results/index.js';
export { rebuildRollups, verifyRollups, type VerifyReport, type RollupDifference } from './rollups/maintain.js';
export { exportResponses, type ExportFormat, type ExportOptions } from './export/index.js';
export { verifySignature, signBody, SIGNATURE_HEADER, TIMESTAMP_HEADER, EVENT_ID_HEADER, type VerifyOptions } from './deliveries/sign.js';
export { createDeliveryWorker, type DeliveryWorker, type DeliveryWorkerOptions } from './deliveries/worker.js';
export type { Delivery, DeliveryView, DeliveryKind, DeliveryStatus, ResponseEvent } from './deliveries/types.js';
export { checkRules, type Rule, type Destination, type Condition } from './alerts/rules.js';
export { applyRetention } from './privacy/index.js';
