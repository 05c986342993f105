/**
 * JSON export: `{ format, schemaVersion, exportedAt, rows: [...] }`, one object per row keyed by column
 * id (the visible columns, in order), tags as an array, times in ISO 8601. Raw text: no formula guard,
 * since no spreadsheet reads this file and import.ts reads it back as it is.
 */
import {
  type ColumnId,
  columnValue,
  type ExportColumn,
  type ExportRow,
  exportColumns,
  isoTime,
} from './columns.ts';
import { type ChunkOptions, inChunks } from './yield.ts';

export const JSON_EXPORT_FORMAT = 'lasso-rows';
/** Bump when the shape of an exported row changes; import.ts accepts every version up to this one. */
export const JSON_EXPORT_SCHEMA_VERSION = 1;
export const JSON_MIME_TYPE = 'application/json';

export type JsonRow = Partial<Record<ColumnId, string | string[]>>;

export interface JsonExport {
  format: typeof JSON_EXPORT_FORMAT;
  schemaVersion: number;
  exportedAt: string;
  /** The list the rows came from, when they came from one. */
  list?: string;
  rows: JsonRow[];
}

export interface JsonOptions extends ChunkOptions {
  columns?: readonly ExportColumn[];
  listName?: string;
  now?: number;
  /** Indentation passed to JSON.stringify (default 2: people open these files). */
  space?: number;
}

/** A reader of one column's exported JSON value (dates in ISO 8601, remembering the last one formatted). */
function jsonReader(id: ColumnId): (row: ExportRow) => string | string[] | undefined {
  switch (id) {
    case 'savedAt':
    case 'updatedAt': {
      let lastMs = Number.NaN;
      let lastText = '';
      return (row) => {
        if (row[id] !== lastMs) {
          lastMs = row[id];
          lastText = isoTime(lastMs);
        }
        return lastText;
      };
    }
    case 'tags':
      return (row) => [...row.tags];
    default:
      return (row) => {
        const value = columnValue(row, id);
        return typeof value === 'number' ? isoTime(value) : value;
      };
  }
}

type JsonReaders = ReadonlyArray<readonly [ColumnId, (row: ExportRow) => string | string[] | undefined]>;

function jsonReaders(columns: readonly ExportColumn[]): JsonReaders {
  return columns.map((column) => [column.id, jsonReader(column.id)] as const);
}

function readRow(row: ExportRow, readers: JsonReaders): JsonRow {
  const out: JsonRow = {};
  for (const [id, read] of readers) {
    const value = read(row);
    if (value !== undefined) out[id] = value;
  }
  return out;
}

/** A row as an exported object: the visible columns that have a value. */
export function jsonRow(row: ExportRow, columns: readonly ExportColumn[]): JsonRow {
  return readRow(row, jsonReaders(columns));
}

function exportHead(opts: JsonOptions): Omit<JsonExport, 'rows'> {
  return {
    format: JSON_EXPORT_FORMAT,
    schemaVersion: JSON_EXPORT_SCHEMA_VERSION,
    exportedAt: isoTime(opts.now ?? Date.now()),
    ...(opts.listName !== undefined ? { list: opts.listName } : {}),
  };
}

/** The export as an object (before JSON.stringify). */
export async function buildJsonExport(
  rows: readonly ExportRow[],
  opts: JsonOptions = {},
): Promise<JsonExport> {
  const readers = jsonReaders(opts.columns ?? exportColumns());
  const out: JsonRow[] = new Array(rows.length);
  await inChunks(rows.length, opts, (start, end) => {
    for (let i = start; i < end; i++) out[i] = readRow(rows[i]!, readers);
  });
  return { ...exportHead(opts), rows: out };
}

/**
 * The rows as JSON text. Row objects are built in chunks (progress, yielding); the text is then one
 * JSON.stringify call: stringifying chunk by chunk and joining measured slower, because copying the
 * joined text costs more than V8's native stringify of the whole.
 */
export async function exportJson(rows: readonly ExportRow[], opts: JsonOptions = {}): Promise<string> {
  const doc = await buildJsonExport(rows, opts);
  return JSON.stringify(doc, null, Math.max(0, Math.min(10, opts.space ?? 2)));
}
