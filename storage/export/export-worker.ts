/**
 * The export worker: reads the rows of an export out of IndexedDB and writes the file, off the page's
 * main thread, so that a 100k-row export (tens of seconds for Excel) never freezes the dashboard. Started
 * by export-in-worker.ts, one worker per export; it posts progress, then the file or an error.
 */
import { lassoDb } from '../db.ts';
import type { ExportRequest, ExportWorkerMessage } from './export-in-worker.ts';
import { exportRows } from './export-rows.ts';

const post = (message: ExportWorkerMessage, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(message, transfer);

self.onmessage = async (event: MessageEvent<ExportRequest>) => {
  const { scope, format, options } = event.data;
  try {
    const file = await exportRows(lassoDb(), scope, format, {
      ...options,
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    post({ type: 'done', file }, typeof file.data === 'string' ? [] : [file.data.buffer]);
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
