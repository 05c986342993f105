/**
 * The export worker: reads the rows of an export out of IndexedDB and writes the file, off the page's
 * main thread, so that a 100k-row export (tens of seconds for Excel) never freezes the dashboard. Started
 * by export-in-worker.ts, which may send it one export after another; for each it posts progress, then
 * the file (text as UTF-8 bytes) or an error.
 */
import { lassoDb } from '../db.ts';
import type { ExportRequest, ExportWorkerMessage } from './export-in-worker.ts';
import { exportRows } from './export-rows.ts';
import { UTF8_BOM, utf8Bytes } from './utf8.ts';

const post = (message: ExportWorkerMessage, transfer: Transferable[] = []) =>
  (self as unknown as Worker).postMessage(message, transfer);

self.onmessage = async (event: MessageEvent<ExportRequest>) => {
  const { scope, format, options } = event.data;
  try {
    const file = await exportRows(lassoDb(), scope, format, {
      ...options,
      // The byte-order mark is added as bytes below: in the text it would make V8 hold the whole file
      // two bytes per character, and encode it more slowly.
      bom: false,
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    // Text leaves as UTF-8 bytes, moved rather than copied (the download needs these bytes anyway).
    const data =
      typeof file.data === 'string'
        ? utf8Bytes(file.data, format === 'csv' ? UTF8_BOM : undefined)
        : file.data;
    post({ type: 'done', file: { ...file, data } }, [data.buffer]);
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
