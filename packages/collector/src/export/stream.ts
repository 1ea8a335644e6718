// Streams a survey's responses as CSV or NDJSON, page by page from storage, to HTTP or to a Node stream.
import type { Survey } from '@tellus/schema';
import type { Storage } from '../storage/types.js';
import { exportColumns, followUpColumns } from './columns.js';
import { BOM, csvRow } from './csv.js';

export type ExportFormat = 'csv' | 'ndjson';

export interface ExportOptions {
  surveyId: string;
  format: ExportFormat;
  /** Inclusive lower bound on createdAt. */
  from?: Date | undefined;
  /** Exclusive upper bound on createdAt. */
  to?: Date | undefined;
  /** Start a CSV with a UTF-8 byte order mark (for Excel). */
  bom?: boolean | undefined;
  /** Only responses marked completed. */
  completedOnly?: boolean | undefined;
  /** Stops reading once aborted (the HTTP client went away). */
  signal?: AbortSignal | undefined;
}

export class UnknownSurveyError extends Error {
  constructor(readonly surveyId: string) {
    super(`unknown survey "${surveyId}"`);
    this.name = 'UnknownSurveyError';
  }
}

export const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** Cap on distinct meta attributes turned into columns; the rest stay in the NDJSON export. */
const MAX_META_COLUMNS = 200;

/** Fails before the first byte when the survey does not exist, so the route can still answer 404. */
export async function prepareExport(storage: Storage, options: ExportOptions): Promise<AsyncGenerator<string>> {
  const latest = await storage.getSurvey(options.surveyId);
  if (!latest) throw new UnknownSurveyError(options.surveyId);
  const filter = {
    surveyId: options.surveyId,
    ...(options.from && { from: options.from }),
    ...(options.to && { to: options.to }),
    ...(options.completedOnly && { completedOnly: true }),
    ...(options.signal && { signal: options.signal }),
  };

  if (options.format === 'ndjson')
    return (async function* () {
      for await (const r of storage.iterateResponses(filter)) yield JSON.stringify(r) + '\n';
    })();

  return (async function* () {
    // A first pass learns the meta attributes and versions present, so the header is complete
    // without holding the rows themselves in memory.
    const metaKeys = new Set<string>();
    const versions = new Set<number>();
    let followUps = false;
    for await (const r of storage.iterateResponses(filter)) {
      versions.add(r.surveyVersion);
      followUps ||= !!r.followUp;
      if (r.meta && typeof r.meta === 'object') for (const k of Object.keys(r.meta)) if (metaKeys.size < MAX_META_COLUMNS) metaKeys.add(k);
    }
    const definitions: Survey[] = [latest.definition];
    for (const v of [...versions].sort((a, b) => b - a)) {
      if (v === latest.version) continue;
      const older = await storage.getSurvey(options.surveyId, v);
      if (older) definitions.push(older.definition);
    }
    const columns = [...exportColumns(definitions, [...metaKeys].sort()), ...(followUps ? followUpColumns : [])];
    yield (options.bom ? BOM : '') + csvRow(columns.map((c) => c.header));
    for await (const r of storage.iterateResponses(filter)) yield csvRow(columns.map((c) => c.cell(r)));
  })();
}

/**
 * The last line of an export that failed after its first byte (the 200 is already sent): a reader
 * sees the file is incomplete instead of taking a truncated file for the whole.
 */
export const INCOMPLETE_MARKERS: Record<ExportFormat, string> = {
  csv: '"#ERROR: the export failed before the end; this file is incomplete"\r\n',
  ndjson: '{"error":"the export failed before the end; this file is incomplete"}\n',
};

/**
 * A byte stream for an HTTP response; pulling drives the storage pages, so slow clients apply
 * backpressure. The first chunk is read before it returns, so a failure there is still an error
 * response; a later failure goes to `onError` (never to stdout with its SQL) and ends the stream
 * with the format's marker.
 */
export async function toReadableStream(
  chunks: AsyncGenerator<string>,
  format: ExportFormat,
  onError: (err: unknown) => void,
): Promise<ReadableStream<Uint8Array>> {
  const encoder = new TextEncoder();
  const first = await chunks.next();
  let pending = first.done ? '' : first.value;
  let finished = !!first.done;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Batch small rows into one chunk so a big export is not millions of tiny writes.
      let text = pending;
      pending = '';
      try {
        while (!finished && text.length < 64 * 1024) {
          const next = await chunks.next();
          if (next.done) finished = true;
          else text += next.value;
        }
      } catch (err) {
        onError(err);
        finished = true;
        text += INCOMPLETE_MARKERS[format];
      }
      if (text) controller.enqueue(encoder.encode(text));
      if (finished) controller.close();
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** What `tellus export` calls: writes the export to a Node stream (a file or stdout), honouring backpressure. */
export async function exportResponses(storage: Storage, options: ExportOptions, writable: NodeJS.WritableStream): Promise<{ rows: number }> {
  const chunks = await prepareExport(storage, options);
  let rows = 0;
  let header = options.format === 'csv';
  for await (const chunk of chunks) {
    if (header) header = false;
    else rows++;
    if (!writable.write(chunk)) await new Promise<void>((ok) => writable.once('drain', () => ok()));
  }
  return { rows };
}
