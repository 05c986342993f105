/**
 * The rows behind the virtual table (row-loader.ts): a small first read, so the first rows are painted
 * soon, then larger pages as the table scrolls, with every row once and in the table's order.
 */
import { describe, expect, it } from 'vitest';
import { FIRST_PAGE_ROWS, LOAD_PAGE_ROWS, RowLoader } from '../../../../components/lists/row-loader.ts';
import { findRows, loadList } from '../../../../storage/search.ts';
import { listOfPeople } from '../../storage/test-db.ts';

describe('RowLoader', () => {
  it('reads a first page just big enough for a tall window, then larger pages as the table scrolls', async () => {
    const { db, listId } = await listOfPeople(500);
    const loader = new RowLoader(db, { listId }, { key: 'savedAt', dir: 'desc' });

    await loader.ensure(FIRST_PAGE_ROWS);
    const first = loader.rows.length;
    await loader.ensure(FIRST_PAGE_ROWS + 1);
    const second = loader.rows.length;
    await loader.ensure(Number.MAX_SAFE_INTEGER);

    expect(first).toBe(FIRST_PAGE_ROWS);
    expect(second).toBe(FIRST_PAGE_ROWS + LOAD_PAGE_ROWS);
    expect(loader.complete).toBe(true);
    const newestFirst = (await loadList(db, listId)).reverse();
    expect(loader.rows.map((r) => r.id)).toEqual(newestFirst.map((r) => r.id));
  });

  it('pages a search the same way, oldest first when asked', async () => {
    const { db, listId } = await listOfPeople(400);
    const loader = new RowLoader(db, { listId, text: 'person 1' }, { key: 'savedAt', dir: 'asc' });

    await loader.ensure(FIRST_PAGE_ROWS);
    expect(loader.rows).toHaveLength(FIRST_PAGE_ROWS);
    await loader.ensure(Number.MAX_SAFE_INTEGER);

    const matching = await findRows(db, { listId, text: 'person 1', order: 'oldest' });
    expect(matching.length).toBeGreaterThan(FIRST_PAGE_ROWS + 1);
    expect(loader.rows.map((r) => r.id)).toEqual(matching.map((r) => r.id));
  });
});
