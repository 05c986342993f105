/**
 * A whole list's CSV written while its export chunks are read (list-csv.ts): the same file as writing
 * the rows table's rows in the list's order, whatever order the chunks come back in.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cellText, exportColumns } from '../../../../storage/export/columns.ts';
import { guardCell } from '../../../../storage/export/formula-guard.ts';
import { listCsv } from '../../../../storage/export/list-csv.ts';
import { loadList } from '../../../../storage/search.ts';
import { BUSY_LIST_ROWS, busyList } from '../fixtures/busy-list.ts';
import { freshDb, newList } from '../test-db.ts';

const COLUMNS = exportColumns({
  visible: ['name', 'title', 'company', 'email', 'linkedin', 'tags', 'note', 'savedAt', 'updatedAt'],
  headerLabels: { name: 'Full name' },
});

describe('a whole list as CSV', () => {
  it('is the file papaparse writes for the rows table’s rows, oldest first', async () => {
    const { db, list } = await busyList();

    const { text, rowCount } = await listCsv(db, list.id, { columns: COLUMNS });

    const rows = await loadList(db, list.id);
    const expected = Papa.unparse(
      {
        fields: COLUMNS.map((c) => guardCell(c.header)),
        data: rows.map((r) => COLUMNS.map((c) => guardCell(cellText(r, c)))),
      },
      { newline: '\r\n' },
    );
    expect(rowCount).toBe(BUSY_LIST_ROWS);
    expect(text).toBe(`\ufeff${expected}`);
  });

  it('is only the header for a list without rows', async () => {
    const db = freshDb();
    const list = await newList(db, 'Empty');

    const { text, rowCount } = await listCsv(db, list.id, { columns: COLUMNS, bom: false });

    expect(rowCount).toBe(0);
    expect(text).toBe('Full name,Title,Company,Email,LinkedIn,Tags,Note,Saved at,Updated at');
  });

  it('reports progress up to the list’s row count, and stops when aborted', async () => {
    const { db, list } = await busyList();
    const done: number[] = [];
    const controller = new AbortController();

    await listCsv(db, list.id, { onProgress: (p) => done.push(p.done) });
    const aborted = listCsv(db, list.id, {
      signal: controller.signal,
      onProgress: (p) => p.done > 0 && controller.abort(new Error('cancelled')),
    });

    expect(done.at(-1)).toBe(BUSY_LIST_ROWS);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    await expect(aborted).rejects.toThrow('cancelled');
  });
});
