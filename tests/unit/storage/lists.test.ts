import { describe, expect, it } from 'vitest';
import {
  countRows,
  createList,
  deleteList,
  findListByName,
  listLists,
  renameList,
} from '../../../storage/lists.ts';
import { saveProfiles, undoDelete } from '../../../storage/rows.ts';
import { allRows, freshDb, manyProfiles, newList } from './test-db.ts';

describe('createList', () => {
  it('creates a list with a trimmed name', async () => {
    const db = freshDb();

    const result = await createList(db, '  Acme   Q3 hires ', { now: 5 });

    expect(result).toMatchObject({ ok: true, list: { name: 'Acme Q3 hires', createdAt: 5, updatedAt: 5 } });
    expect(await findListByName(db, 'ACME q3 HIRES')).toBeDefined();
  });

  it.each([
    ['an empty name', '   ', 'empty_name'],
    ['a name taken in another case', 'prospects', 'name_taken'],
  ])('refuses %s', async (_, name, code) => {
    const db = freshDb();
    await newList(db, 'Prospects');

    const result = await createList(db, name);

    expect(result).toEqual({ ok: false, code });
    expect(await db.lists.count()).toBe(1);
  });
});

describe('renameList', () => {
  it('renames, allows a change of case, and refuses another list’s name', async () => {
    const db = freshDb();
    const a = await newList(db, 'Alpha');
    await newList(db, 'Beta');

    const recased = await renameList(db, a.id, 'ALPHA', { now: 9 });
    const clash = await renameList(db, a.id, 'beta');

    expect(recased).toMatchObject({ ok: true, list: { name: 'ALPHA', updatedAt: 9 } });
    expect(clash).toEqual({ ok: false, code: 'name_taken' });
    expect((await db.lists.get(a.id))?.name).toBe('ALPHA');
  });

  it('answers list_not_found for a missing list', async () => {
    const db = freshDb();

    expect(await renameList(db, 'list_nope', 'x')).toEqual({ ok: false, code: 'list_not_found' });
  });
});

describe('deleteList', () => {
  it('deletes a list with its rows, leaves other lists alone, and undo brings both back', async () => {
    const db = freshDb();
    const doomed = await newList(db, 'Doomed');
    const kept = await newList(db, 'Kept');
    await saveProfiles(db, doomed.id, manyProfiles(30), { tags: ['x'] });
    await saveProfiles(db, kept.id, manyProfiles(3));
    const before = await allRows(db);
    const listBefore = await db.lists.get(doomed.id);

    const deleted = await deleteList(db, doomed.id, { now: 100 });

    expect(deleted).toMatchObject({ ok: true, deletedRows: 30 });
    expect(await db.lists.get(doomed.id)).toBeUndefined();
    expect(await countRows(db, doomed.id)).toBe(0);
    expect(await countRows(db, kept.id)).toBe(3);

    const restored = await undoDelete(db, deleted.ok ? deleted.undoToken : '');

    expect(restored).toEqual({ ok: true, restored: 30, listId: doomed.id });
    expect(await db.lists.get(doomed.id)).toEqual(listBefore);
    expect(await allRows(db)).toEqual(before);
  });

  it('cannot undo a list delete once another list took its name', async () => {
    const db = freshDb();
    const list = await newList(db, 'Name');
    const deleted = await deleteList(db, list.id);
    await newList(db, 'name');

    const restored = await undoDelete(db, deleted.ok ? deleted.undoToken : '');

    expect(restored).toEqual({ ok: false, code: 'name_taken' });
    expect(await db.lists.count()).toBe(1);
  });
});

describe('listLists', () => {
  it('lists every list by name with its row count', async () => {
    const db = freshDb();
    const b = await newList(db, 'beta');
    const a = await newList(db, 'Alpha');
    await saveProfiles(db, b.id, manyProfiles(7));

    const lists = await listLists(db);

    expect(lists.map((l) => [l.id, l.rowCount])).toEqual([
      [a.id, 0],
      [b.id, 7],
    ]);
  });
});
