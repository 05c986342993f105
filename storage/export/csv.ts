/**
 * CSV export: RFC 4180 (comma, CRLF, a field quoted when it holds a comma, quote, CR or LF — quotes
 * doubled), UTF-8 with a byte-order mark so Excel reads accents and emoji correctly, every cell through
 * the formula guard. Papaparse quotes the cells; rows are converted in chunks that yield to the page.
 */
import Papa from 'papaparse';
import { cellReader, type ExportColumn, type ExportRow, exportColumns } from './columns.ts';
import { guardCell } from './formula-guard.ts';
import { type ChunkOptions, inChunks } from './yield.ts';

export const CSV_BOM = '\uFEFF';
export const CSV_MIME_TYPE = 'text/csv;charset=utf-8';
const CSV_NEWLINE = '\r\n';

export interface CsvOptions extends ChunkOptions {
  /** Defaults to the default column settings. */
  columns?: readonly ExportColumn[];
  /** Start with a UTF-8 byte-order mark (default true: Excel needs it to read UTF-8). */
  bom?: boolean;
}

const UNPARSE = {
  delimiter: ',',
  newline: CSV_NEWLINE,
  quoteChar: '"',
  escapeChar: '"',
  header: false,
} as const;

/** The header line: the columns' headers, guarded like any cell. */
export function csvHeader(columns: readonly ExportColumn[]): string {
  return Papa.unparse([columns.map((column) => guardCell(column.header))], UNPARSE);
}

/**
 * Text papaparse writes as it is: no quote, comma, CR, LF or byte-order mark (its BAD_DELIMITERS and
 * the delimiter) and no space at either end. Anything else papaparse quotes.
 */
const WRITTEN_AS_IS = /^(?! )[^",\r\n\ufeff]*(?<! )$/;

/** One guarded cell as CSV: papaparse quotes it if it needs quoting; most cells need none. */
function csvCell(text: string): string {
  const guarded = guardCell(text);
  return WRITTEN_AS_IS.test(guarded) ? guarded : Papa.unparse([[guarded]], UNPARSE);
}

/**
 * A writer of one row's CSV line (without its line break), for the given columns: the line papaparse
 * writes for the row's guarded cells. Rows are written one line at a time so that a list read in chunks
 * is written while the next chunk is read, and sorted after (list-csv.ts). Only the cells that need
 * quoting go through papaparse: handing it every cell took twice as long, and its lines are strings
 * built of dozens of pieces that then took longer to join.
 */
export function csvLineWriter(columns: readonly ExportColumn[]): (row: ExportRow) => string {
  const readers = columns.map(cellReader);
  const cells: string[] = new Array(readers.length);
  return (row) => {
    for (let j = 0; j < readers.length; j++) cells[j] = csvCell(readers[j]!(row));
    return cells.join(UNPARSE.delimiter);
  };
}

/** The file's text from its header and its rows' lines (after a byte-order mark unless `bom` is false). */
export function csvText(header: string, lines: readonly string[], bom = true): string {
  const body = lines.length > 0 ? CSV_NEWLINE + lines.join(CSV_NEWLINE) : '';
  return (bom ? CSV_BOM : '') + header + body;
}

/**
 * The rows as CSV text (with the BOM unless `bom: false`).
 * @example const text = await exportCsv(rows, { columns: exportColumns(settings), onProgress });
 */
export async function exportCsv(rows: readonly ExportRow[], opts: CsvOptions = {}): Promise<string> {
  const columns = opts.columns ?? exportColumns();
  const line = csvLineWriter(columns);
  const lines: string[] = new Array(rows.length);
  await inChunks(rows.length, opts, (start, end) => {
    for (let i = start; i < end; i++) lines[i] = line(rows[i]!);
  });
  return csvText(csvHeader(columns), lines, opts.bom !== false);
}
