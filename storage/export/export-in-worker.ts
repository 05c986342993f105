/**
 * Exports in a dedicated worker (export-worker.ts): the page posts what to export and gets progress and
 * the finished file back; reading the rows and building the file both happen off the main thread.
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
    const worker: Worker = new ExportWorker();
    const stop = () => {
      worker.terminate();
      reject(signal?.reason ?? new DOMException('The export was cancelled.', 'AbortError'));
    };
    signal?.addEventListener('abort', stop, { once: true });
    const finish = () => {
      signal?.removeEventListener('abort', stop);
      worker.terminate();
    };
    worker.onmessage = (event: MessageEvent<ExportWorkerMessage>) => {
      const message = event.data;
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'done') {
        finish();
        resolve(message.file);
      } else {
        finish();
        reject(new Error(message.message));
      }
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(event.message || 'the export worker failed to start'));
    };
    const request: ExportRequest = { scope, format, options };
    worker.postMessage(request);
  });
}
