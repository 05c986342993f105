/**
 * A whole list as CSV, written while it is read. Each of the list's export chunks is written as lines as
 * soon as it arrives, while IndexedDB reads the next, and its lines are merged into the list's order
 * (oldest first) as they come, so what is left once the last chunk is in is joining the lines. Written
 * after the whole list was read, as other exports are, a 100k-row CSV took the read's time plus the
 * writing's (bench/README.md).
 */
import type { LassoDb } from '../db.ts';
import { eachExportChunk } from '../export-chunks.ts';
import { compareSaved } from '../search.ts';
import { type ExportRow, exportColumns } from './columns.ts';
import { type CsvOptions, csvHeader, csvLineWriter, csvText } from './csv.ts';
import { RunMerger } from './merge-runs.ts';

interface WrittenRow {
  row: ExportRow;
  line: string;
}

const inListOrder = (a: WrittenRow, b: WrittenRow) => compareSaved(a.row, b.row);

/**
 * The CSV text of every row of a list, oldest first (after a byte-order mark unless `bom` is false),
 * and how many rows it holds.
 * @example const { text, rowCount } = await listCsv(db, listId, { columns, onProgress });
 */
export async function listCsv(
  db: LassoDb,
  listId: string,
  opts: CsvOptions = {},
): Promise<{ text: string; rowCount: number }> {
  const columns = opts.columns ?? exportColumns();
  const line = csvLineWriter(columns);
  const merger = new RunMerger(inListOrder);
  let done = 0;
  await eachExportChunk(db, listId, (rows, total) => {
    opts.signal?.throwIfAborted();
    merger.add(rows.sort(compareSaved).map((row) => ({ row, line: line(row) })));
    done += rows.length;
    opts.onProgress?.({ phase: 'rows', done, total: Math.max(total, done) });
  });
  opts.signal?.throwIfAborted();
  const lines = merger.result().map((written) => written.line);
  return { text: csvText(csvHeader(columns), lines, opts.bom !== false), rowCount: lines.length };
}
