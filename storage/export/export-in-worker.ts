/**
 * Exports in a dedicated worker (export-worker.ts): the page posts what to export and gets progress and
 * the finished file back; reading the rows and building the file both happen off the main thread. One
 * worker is kept between exports, one export at a time; an export started while another runs gets a
 * worker of its own.
 * Measured in Chromium at 100k rows (bench/lists-chromium.ts): Excel built in the page blocks it for
 * seconds at a time while exceljs packs the file; in the worker the page never stops answering.
 */
import type { ExportFile, ExportFormat, ExportOptions, ExportScope } from './export-rows.ts';
// Vite bundles the worker with its imports (exceljs included) as a chunk of its own.
import ExportWorker from './export-worker.ts?worker';
import type { ExportProgress } from './yield.ts';

/** What the page asks of the worker (everything structured-cloneable: no callbacks, no signal). */
export interface ExportRequest {
  scope: ExportScope;
  format: ExportFormat;
  options: Pick<ExportOptions, 'name' | 'now' | 'chunkRows'>;
}

export type ExportWorkerMessage =
  | { type: 'progress'; progress: ExportProgress }
  | { type: 'done'; file: ExportFile }
  | { type: 'error'; message: string };

/**
 * A started worker waiting for the next export: started ahead by prepareExportWorker, or kept after an
 * export finished. Loading the worker's code and opening the database then happen before the click.
 */
let standby: Worker | undefined;

/**
 * Starts the export worker before it is needed, if none is waiting; the dashboard calls it when the
 * pointer or the focus reaches the export form.
 */
export function prepareExportWorker(): void {
  standby ??= new ExportWorker();
}

/**
 * Exports a scope of rows to a file in a worker; aborting `signal` stops the worker at once.
 * @example const file = await exportRowsInWorker({ kind: 'list', listId }, 'xlsx', { onProgress });
 */
export function exportRowsInWorker(
  scope: ExportScope,
  format: ExportFormat,
  opts: ExportOptions = {},
): Promise<ExportFile> {
  const { onProgress, signal, ...options } = opts;
  return new Promise<ExportFile>((resolve, reject) => {
    signal?.throwIfAborted();
    const worker: Worker = standby ?? new ExportWorker();
    standby = undefined;
    const stop = () => {
      worker.terminate();
      reject(signal?.reason ?? new DOMException('The export was cancelled.', 'AbortError'));
    };
    signal?.addEventListener('abort', stop, { once: true });
    /** After a finished export the worker waits for the next one; after a failure it is stopped. */
    const finish = (keep: boolean) => {
      signal?.removeEventListener('abort', stop);
      worker.onmessage = null;
      worker.onerror = null;
      if (keep && !standby) standby = worker;
      else worker.terminate();
    };
    worker.onmessage = (event: MessageEvent<ExportWorkerMessage>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'done') {
        finish(true);
        resolve(message.file);
      } else {
        finish(false);
        reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => {
      finish(false);
      reject(new Error(event.message || 'the export worker failed to start'));
    };
    const request: ExportRequest = { scope, format, options };
    worker.postMessage(request);
  });
}
