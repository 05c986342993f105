/**
 * The one call the dashboard makes to export: which rows (a whole list, the filtered view, or the
 * selection), which format; it reads the column settings and returns the file to download. Generated in
 * the page, free, and never sent anywhere.
 */

import { getColumnSettings } from '../column-settings.ts';
import { listRowCount } from '../counts.ts';
import type { LassoDb } from '../db.ts';
import { eachExportChunk, readExportRows } from '../export-chunks.ts';
import { findRows, matchingIds, type RowQuery } from '../search.ts';
import { type ExportRow, exportColumns } from './columns.ts';
import { CSV_MIME_TYPE, exportCsv } from './csv.ts';
import { exportFileName } from './file-name.ts';
import { exportJson, JSON_MIME_TYPE } from './json.ts';
import { listCsv } from './list-csv.ts';
import { exportXlsx, XLSX_MIME_TYPE } from './xlsx.ts';
import type { ChunkOptions } from './yield.ts';

export type ExportFormat = 'csv' | 'xlsx' | 'json';

export type ExportScope =
  | { kind: 'list'; listId: string }
  | { kind: 'view'; query: RowQuery }
  | { kind: 'selection'; ids: readonly string[] };

export interface ExportFile {
  fileName: string;
  mimeType: string;
  data: string | Uint8Array;
  rowCount: number;
}

export interface ExportOptions extends ChunkOptions {
  /** CSV only: start the text with a byte-order mark (default true; Excel needs it to read UTF-8). */
  bom?: boolean;
  /** Names the file and the sheet; defaults to the scope's list name, else 'lasso'. */
  name?: string;
  now?: number;
}

/**
 * The rows of a scope: a list oldest first (from its export chunks, export-chunks.ts), a view in its
 * order, a selection in the order given.
 */
export async function rowsForExport(db: LassoDb, scope: ExportScope): Promise<ExportRow[]> {
  switch (scope.kind) {
    case 'list':
      return readExportRows(db, scope.listId);
    case 'view':
      return viewRows(db, scope.query);
    case 'selection':
      return (await db.rows.bulkGet([...scope.ids])).filter((row) => row !== undefined);
  }
}

/**
 * Above this share of a list, a view's rows are picked out of the list's export chunks rather than read
 * one by one from the rows table. In Chromium at 100k rows (worker CSV export, a probe): a view of 10k
 * rows took 1.0–2.8 s read one by one, and views of 46k–53k rows 3.2–4.2 s that way but 0.4–0.9 s from
 * the chunks, which cost about the same whatever share of the list the view holds.
 */
const VIEW_SHARE_READ_FROM_CHUNKS = 1 / 16;

/** The rows of a filtered view, in its order. */
async function viewRows(db: LassoDb, query: RowQuery): Promise<ExportRow[]> {
  const ids = await matchingIds(db, query);
  if (!ids || query.listId === undefined) return findRows(db, query);
  if (ids.length <= (await listRowCount(db, query.listId)) * VIEW_SHARE_READ_FROM_CHUNKS) {
    return (await db.rows.bulkGet(ids)).filter((row) => row !== undefined);
  }
  const wanted = new Set(ids);
  const byId = new Map<string, ExportRow>();
  await eachExportChunk(db, query.listId, (rows) => {
    for (const row of rows) if (wanted.has(row.id)) byId.set(row.id, row);
  });
  // A row deleted since the index was read is left out.
  return ids.flatMap((id) => byId.get(id) ?? []);
}

async function scopeName(db: LassoDb, scope: ExportScope): Promise<string> {
  const listId =
    scope.kind === 'list' ? scope.listId : scope.kind === 'view' ? scope.query.listId : undefined;
  return (listId && (await db.lists.get(listId))?.name) || 'lasso';
}

/** Writes rows already in memory to a file in `format`, with the given column settings' columns. */
export async function writeExport(
  rows: readonly ExportRow[],
  format: ExportFormat,
  opts: ExportOptions & { columns?: ReturnType<typeof exportColumns> } = {},
): Promise<ExportFile> {
  const now = opts.now ?? Date.now();
  const name = opts.name ?? 'lasso';
  const fileName = exportFileName(name, new Date(now), format);
  const common = { ...opts, columns: opts.columns ?? exportColumns(), now };
  switch (format) {
    case 'csv':
      return {
        fileName,
        mimeType: CSV_MIME_TYPE,
        data: await exportCsv(rows, common),
        rowCount: rows.length,
      };
    case 'xlsx':
      return {
        fileName,
        mimeType: XLSX_MIME_TYPE,
        data: await exportXlsx(rows, { ...common, sheetName: name }),
        rowCount: rows.length,
      };
    case 'json':
      return {
        fileName,
        mimeType: JSON_MIME_TYPE,
        data: await exportJson(rows, { ...common, listName: name }),
        rowCount: rows.length,
      };
  }
}

/**
 * Exports a scope of rows to a file.
 * @example const file = await exportRows(db, { kind: 'list', listId }, 'xlsx', { onProgress });
 */
export async function exportRows(
  db: LassoDb,
  scope: ExportScope,
  format: ExportFormat,
  opts: ExportOptions = {},
): Promise<ExportFile> {
  const name = opts.name !== undefined ? Promise.resolve(opts.name) : scopeName(db, scope);
  if (scope.kind === 'list' && format === 'csv') {
    // A whole list's CSV is written while the list is read (list-csv.ts), so the columns come first.
    const columns = exportColumns(await getColumnSettings(db));
    const { text, rowCount } = await listCsv(db, scope.listId, { ...opts, columns });
    const fileName = exportFileName(await name, new Date(opts.now ?? Date.now()), format);
    return { fileName, mimeType: CSV_MIME_TYPE, data: text, rowCount };
  }
  const [rows, settings] = await Promise.all([rowsForExport(db, scope), getColumnSettings(db)]);
  return writeExport(rows, format, { ...opts, name: await name, columns: exportColumns(settings) });
}
