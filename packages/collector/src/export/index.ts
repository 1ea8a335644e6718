// Export: responses as streamed CSV (RFC 4180, formula-safe) or NDJSON.
export { exportResponses, prepareExport, toReadableStream, contentTypes, UnknownSurveyError, type ExportFormat, type ExportOptions } from './stream.js';
export { csvCell, csvRow, BOM } from './csv.js';
export { exportColumns, type Column } from './columns.js';
