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
  /** `listId`: the list the rows were selected in, so that a large selection is read as a view is. */
  | { kind: 'selection'; ids: readonly string[]; listId?: string };

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
    case 'view': {
      const ids = await matchingIds(db, scope.query);
      if (!ids || scope.query.listId === undefined) return findRows(db, scope.query);
      return rowsOfList(db, scope.query.listId, ids);
    }
    case 'selection':
      return scope.listId === undefined
        ? rowsTableRows(db, scope.ids)
        : rowsOfList(db, scope.listId, scope.ids);
  }
}

/**
 * Above this share of a list, rows are picked out of the list's export chunks rather than read one by
 * one from the rows table. In Chromium at 100k rows (worker CSV export, a probe): a view of 10k rows
 * took 1.0–2.8 s read one by one, and views of 46k–53k rows 3.2–4.2 s that way but 0.4–0.9 s from the
 * chunks, which cost about the same whatever share of the list is wanted.
 */
const SHARE_READ_FROM_CHUNKS = 1 / 16;

/** Rows by id from the rows table, in the order given; an id without a row is left out. */
async function rowsTableRows(db: LassoDb, ids: readonly string[]): Promise<ExportRow[]> {
  return (await db.rows.bulkGet([...ids])).filter((row) => row !== undefined);
}

/**
 * Rows of a list by id, in the order given: picked out of the list's export chunks when they are more
 * than a sixteenth of it, else read from the rows table. An id the chunks do not hold (its row deleted,
 * or moved to another list since the ids were taken) is looked up in the rows table.
 */
async function rowsOfList(db: LassoDb, listId: string, ids: readonly string[]): Promise<ExportRow[]> {
  if (ids.length <= (await listRowCount(db, listId)) * SHARE_READ_FROM_CHUNKS) return rowsTableRows(db, ids);
  const wanted = new Set(ids);
  const byId = new Map<string, ExportRow>();
  await eachExportChunk(db, listId, (rows) => {
    for (const row of rows) if (wanted.has(row.id)) byId.set(row.id, row);
  });
  const elsewhere = ids.filter((id) => !byId.has(id));
  if (elsewhere.length > 0) for (const row of await rowsTableRows(db, elsewhere)) byId.set(row.id, row);
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
    const [settings, fileBase] = await Promise.all([getColumnSettings(db), name]);
    const columns = exportColumns(settings);
    const { text, rowCount } = await listCsv(db, scope.listId, { ...opts, columns });
    const fileName = exportFileName(fileBase, new Date(opts.now ?? Date.now()), format);
    return { fileName, mimeType: CSV_MIME_TYPE, data: text, rowCount };
  }
  const [rows, settings, fileBase] = await Promise.all([
    rowsForExport(db, scope),
    getColumnSettings(db),
    name,
  ]);
  return writeExport(rows, format, { ...opts, name: fileBase, columns: exportColumns(settings) });
}
