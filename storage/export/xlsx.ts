/**
 * Excel export with exceljs: one sheet named after the list, a bold filled header row frozen at the top
 * with an autofilter, widths fitted to the content, URLs and emails as hyperlinks, tags as a comma list,
 * times as real dates, every text cell through the formula guard. Works in the page, in a worker and in
 * Node (exceljs's browser build has only the in-memory Workbook, no streaming writer).
 *
 * Rows are added in chunks that yield to the event loop and report progress; packing the file
 * (`writeBuffer`) is one exceljs call, reported as the 'writing' phase. exceljs (about 1 MB) is loaded
 * on the first XLSX export, not with the dashboard.
 */
import type ExcelJS from 'exceljs';
import { cellText, columnValue, type ExportColumn, type ExportRow, exportColumns } from './columns.ts';
import { guardCell } from './formula-guard.ts';
import { type ChunkOptions, inChunks } from './yield.ts';

export const XLSX_MIME_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Excel refuses longer cells. */
export const XLSX_CELL_MAX_CHARS = 32_767;
/** Excel keeps at most this many hyperlinks per sheet; later URLs are written as plain text. */
export const XLSX_HYPERLINKS_MAX = 65_530;
const WIDTH_MIN = 8;
const WIDTH_MAX = 60;
const WIDTH_SAMPLE_ROWS = 500;
const HEADER_FILL = 'FFDDE6F3';
const LINK_COLOUR = 'FF0563C1';
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';

export interface XlsxOptions extends ChunkOptions {
  columns?: readonly ExportColumn[];
  /** The sheet name (cleaned to Excel's rules); 'Lasso' by default. */
  sheetName?: string;
  /** Write URLs and emails as hyperlinks (default true). */
  hyperlinks?: boolean;
  /** Stamped into the file's properties. */
  now?: number;
}

/** Characters XML 1.0 cannot carry (exceljs drops C0 controls itself; these it passes through). */
const NOT_XML = /[\ufffe\uffff]/g;

/**
 * Text as an Excel cell holds it: guarded against formulas, XML-safe, within Excel's length limit.
 * Line breaks become LF, Excel's own in-cell line break: XML parsers turn a raw CR into LF anyway.
 */
export function xlsxText(text: string): string {
  const guarded = guardCell(text.replace(NOT_XML, '')).replace(/\r\n?/g, '\n');
  return guarded.length <= XLSX_CELL_MAX_CHARS ? guarded : guarded.slice(0, XLSX_CELL_MAX_CHARS);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are not allowed in sheet names
const SHEET_NAME_UNSAFE = /[[\]:*?/\\\u0000-\u001f]/g;

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\, not blank, no quote at either end. */
export function xlsxSheetName(name: string | undefined): string {
  const clean = Array.from((name ?? '').replace(SHEET_NAME_UNSAFE, ' ').replace(/\s+/g, ' '))
    .slice(0, 31)
    .join('')
    .replace(/^[\s']+|[\s']+$/g, '');
  return clean === '' || clean.toLowerCase() === 'history' ? 'Lasso' : clean;
}

/** The hyperlink target for a URL or email cell, or undefined for anything that is not http(s) or an email. */
export function hyperlinkTarget(kind: ExportColumn['kind'], text: string): string | undefined {
  if (kind === 'email') return /^[^\s@:/]+@[^\s@/]+$/.test(text) ? `mailto:${text}` : undefined;
  if (kind !== 'url') return undefined;
  // Only web links: a page can hand us javascript:, file: or data: URLs, and those stay inert text.
  return /^https?:\/\/[^\s]+$/i.test(text) ? text : undefined;
}

/** Column widths in characters: header and sampled content, clamped. */
export function columnWidths(rows: readonly ExportRow[], columns: readonly ExportColumn[]): number[] {
  const sample = rows.slice(0, WIDTH_SAMPLE_ROWS);
  return columns.map((column) => {
    if (column.kind === 'date') return 20;
    let widest = Array.from(column.header).length + 2;
    for (const row of sample) {
      const longestLine = Math.max(
        ...cellText(row, column)
          .split('\n')
          .map((line) => Array.from(line).length),
      );
      widest = Math.max(widest, longestLine + 2);
    }
    return Math.min(WIDTH_MAX, Math.max(WIDTH_MIN, sample.length > 0 ? widest : column.widthChars));
  });
}

/** Builds the cells of one row. `links` counts the hyperlinks written so far, to respect Excel's limit. */
export function xlsxCells(
  row: ExportRow,
  columns: readonly ExportColumn[],
  links: { written: number; enabled: boolean },
): ExcelJS.CellValue[] {
  return columns.map((column): ExcelJS.CellValue => {
    const value = columnValue(row, column.id);
    if (value === undefined || value === '') return null;
    if (typeof value === 'number') return new Date(value);
    const text = xlsxText(Array.isArray(value) ? value.join(', ') : value);
    const target =
      links.enabled && links.written < XLSX_HYPERLINKS_MAX ? hyperlinkTarget(column.kind, text) : undefined;
    if (!target) return text;
    links.written += 1;
    return { text, hyperlink: target };
  });
}

function styleSheet(
  sheet: ExcelJS.Worksheet,
  columns: readonly ExportColumn[],
  widths: number[],
  rowCount: number,
): void {
  columns.forEach((column, i) => {
    const sheetColumn = sheet.getColumn(i + 1);
    sheetColumn.width = widths[i] ?? column.widthChars;
    if (column.kind === 'date') sheetColumn.numFmt = DATE_FORMAT;
    if (column.kind === 'url' || column.kind === 'email')
      sheetColumn.font = { color: { argb: LINK_COLOUR }, underline: true };
    if (column.id === 'note') sheetColumn.alignment = { wrapText: true, vertical: 'top' };
  });
  const header = sheet.addRow(columns.map((column) => xlsxText(column.header)));
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.alignment = { vertical: 'middle' };
    cell.border = { bottom: { style: 'thin', color: { argb: 'FF8AA1C1' } } };
  });
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: rowCount + 1, column: Math.max(1, columns.length) },
  };
}

/** Normalises what writeBuffer returns (a Node Buffer, or an ArrayBuffer-like in the browser build). */
function toBytes(buffer: ArrayBuffer | ArrayBufferView): Uint8Array {
  if (ArrayBuffer.isView(buffer)) return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return new Uint8Array(buffer);
}

/**
 * The rows as an .xlsx file.
 * @example const bytes = await exportXlsx(rows, { columns, sheetName: list.name, onProgress: showProgress });
 */
export async function exportXlsx(rows: readonly ExportRow[], opts: XlsxOptions = {}): Promise<Uint8Array> {
  const columns = opts.columns ?? exportColumns();
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  workbook.creator = 'Lasso';
  const stamp = new Date(opts.now ?? Date.now());
  workbook.created = stamp;
  workbook.modified = stamp;
  const sheet = workbook.addWorksheet(xlsxSheetName(opts.sheetName), {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }],
  });
  styleSheet(sheet, columns, columnWidths(rows, columns), rows.length);
  const links = { written: 0, enabled: opts.hyperlinks !== false };
  await inChunks(rows.length, opts, (start, end) => {
    for (let i = start; i < end; i++) sheet.addRow(xlsxCells(rows[i]!, columns, links));
  });
  opts.onProgress?.({ phase: 'writing', done: 0, total: 1 });
  const buffer = await workbook.xlsx.writeBuffer();
  opts.signal?.throwIfAborted();
  opts.onProgress?.({ phase: 'writing', done: 1, total: 1 });
  return toBytes(buffer as unknown as ArrayBuffer | ArrayBufferView);
}
