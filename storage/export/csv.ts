/**
 * CSV export: RFC 4180 (comma, CRLF, a field quoted when it holds a comma, quote, CR or LF — quotes
 * doubled), UTF-8 with a byte-order mark so Excel reads accents and emoji correctly, every cell through
 * the formula guard. Papaparse writes the text; rows are converted in chunks that yield to the page.
 */
import Papa from 'papaparse';
import { cellReader, type ExportColumn, type ExportRow, exportColumns } from './columns.ts';
import { guardCell } from './formula-guard.ts';
import { type ChunkOptions, inChunks } from './yield.ts';

export const CSV_BOM = '\uFEFF';
export const CSV_MIME_TYPE = 'text/csv;charset=utf-8';

export interface CsvOptions extends ChunkOptions {
  /** Defaults to the default column settings. */
  columns?: readonly ExportColumn[];
  /** Start with a UTF-8 byte-order mark (default true: Excel needs it to read UTF-8). */
  bom?: boolean;
}

const UNPARSE = { delimiter: ',', newline: '\r\n', quoteChar: '"', escapeChar: '"', header: false } as const;

/** The guarded cells of rows [start, end), in column order: one reader per column, made once. */
function csvTable(
  rows: readonly ExportRow[],
  start: number,
  end: number,
  readers: Array<(row: ExportRow) => string>,
) {
  const table: string[][] = new Array(end - start);
  for (let i = start; i < end; i++) {
    const row = rows[i]!;
    const cells: string[] = new Array(readers.length);
    for (let j = 0; j < readers.length; j++) cells[j] = guardCell(readers[j]!(row));
    table[i - start] = cells;
  }
  return table;
}

/**
 * The rows as CSV text (with the BOM unless `bom: false`).
 * @example const text = await exportCsv(rows, { columns: exportColumns(settings), onProgress });
 */
export async function exportCsv(rows: readonly ExportRow[], opts: CsvOptions = {}): Promise<string> {
  const columns = opts.columns ?? exportColumns();
  // Concatenated, not joined: V8 keeps `+=` as a rope until the text is read (as papaparse's own
  // output is), where join() would copy every chunk into one flat string right away.
  let text =
    (opts.bom === false ? '' : CSV_BOM) +
    Papa.unparse([columns.map((column) => guardCell(column.header))], UNPARSE);
  const readers = columns.map(cellReader);
  await inChunks(rows.length, opts, (start, end) => {
    text += `\r\n${Papa.unparse(csvTable(rows, start, end, readers), UNPARSE)}`;
  });
  return text;
}
