/**
 * The in-memory search index stays true to the database: every search below runs after the index was
 * built, so a stale index would return the old answer.
 */

import { IDBFactory } from 'fake-indexeddb';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import type { LassoDb } from '../../../storage/db.ts';
import { addTags, deleteRows, moveRows, saveProfiles, undoDelete, updateRow } from '../../../storage/rows.ts';
import { countMatches, findRows, type RowQuery, searchRows } from '../../../storage/search.ts';
import { type IndexEntry, ListIndex } from '../../../storage/search-index.ts';
import { freshDb, manyProfiles, newList, profile } from './test-db.ts';

let factory: IDBFactory;
let db: LassoDb;
let listId: string;
let otherId: string;
let adaId: string;

async function names(query: RowQuery): Promise<string[]> {
  return (await findRows(db, query)).map((row) => row.name);
}

beforeEach(async () => {
  factory = new IDBFactory();
  db = freshDb(undefined, factory);
  listId = (await newList(db, 'Main')).id;
  otherId = (await newList(db, 'Other')).id;
  const saved = await saveProfiles(db, listId, [profile('Ada Lovelace', { company: 'Analytical' })], {
    now: 1,
  });
  adaId = saved.ok ? saved.rowIds[0]! : '';
  await saveProfiles(db, listId, manyProfiles(30), { now: 2 });
  // Builds the index.
  expect(await names({ listId, text: 'ada' })).toEqual(['Ada Lovelace']);
});

describe('search index', () => {
  it('finds a renamed row by its new name and no longer by its old one', async () => {
    await updateRow(db, adaId, { name: 'Grace Hopper' });

    expect(await names({ listId, text: 'grace' })).toEqual(['Grace Hopper']);
    expect(await countMatches(db, { listId, text: 'ada' })).toBe(0);
  });

  it('finds rows saved after it was built', async () => {
    await saveProfiles(db, listId, [profile('Ada Byron')], { now: 3 });

    expect(await names({ listId, text: 'ada' })).toEqual(['Ada Byron', 'Ada Lovelace']);
    expect(await countMatches(db, { listId, text: 'ada' })).toBe(2);
  });

  it('forgets deleted rows and finds them again after Undo', async () => {
    const { undoToken } = await deleteRows(db, [adaId]);
    expect(await countMatches(db, { listId, text: 'ada' })).toBe(0);

    await undoDelete(db, undoToken);

    expect(await names({ listId, text: 'ada' })).toEqual(['Ada Lovelace']);
  });

  it('follows a row moved to another list', async () => {
    await names({ listId: otherId, text: 'ada' }); // builds the other list's index too
    await moveRows(db, [adaId], otherId);

    expect(await countMatches(db, { listId, text: 'ada' })).toBe(0);
    expect(await names({ listId: otherId, text: 'ada' })).toEqual(['Ada Lovelace']);
  });

  it('filters by a tag added after it was built', async () => {
    expect(await countMatches(db, { listId, tag: 'vip' })).toBe(0);

    await addTags(db, [adaId], ['vip']);

    expect(await names({ listId, tag: 'vip' })).toEqual(['Ada Lovelace']);
  });

  it('sees rows another page or the background saved or changed, once they committed', async () => {
    // A second connection to the same database, as the popup or the background worker has.
    const elsewhere = freshDb(undefined, factory);
    await saveProfiles(elsewhere, listId, [profile('Ada Byron')], { now: 3 });
    await updateRow(elsewhere, adaId, { name: 'Grace Hopper' });

    await expect.poll(() => names({ listId, text: 'ada' })).toEqual(['Ada Byron']);
    expect(await names({ listId, text: 'grace' })).toEqual(['Grace Hopper']);
    elsewhere.close();
  });

  it('keeps nothing of a write whose transaction was rolled back', async () => {
    await db
      .transaction('rw', db.rows, async () => {
        await updateRow(db, adaId, { name: 'Grace Hopper' });
        throw new Error('abort');
      })
      .catch(() => undefined);

    expect(await countMatches(db, { listId, text: 'grace' })).toBe(0);
    expect(await names({ listId, text: 'ada' })).toEqual(['Ada Lovelace']);
  });

  it('answers on a list created and filled here from memory, without reading its search chunks', async () => {
    const fresh = await newList(db, 'Imported');
    await saveProfiles(db, fresh.id, manyProfiles(40, 'Imported'), { now: 4 });
    // Without its chunks, only an index kept since the list was created can still find its rows.
    await db.searchChunks.clear();

    expect(await countMatches(db, { listId: fresh.id, text: 'imported' })).toBe(40);
    expect(await names({ listId: fresh.id, text: 'imported 39' })).toEqual(['Imported 39']);
  });

  it('finds rows another page saved into a list created here', async () => {
    const fresh = await newList(db, 'Filled elsewhere');
    const elsewhere = freshDb(undefined, factory);

    await saveProfiles(elsewhere, fresh.id, [profile('Ada Byron')], { now: 3 });

    await expect.poll(() => names({ listId: fresh.id, text: 'ada' })).toEqual(['Ada Byron']);
    elsewhere.close();
  });

  it('pages the matches without gaps or repeats, both ways', async () => {
    for (const order of ['newest', 'oldest'] as const) {
      const seen: string[] = [];
      let after: Awaited<ReturnType<typeof searchRows>>['next'];
      do {
        const page = await searchRows(db, { listId, text: 'person', order }, { limit: 7, after });
        seen.push(...page.rows.map((row) => row.name));
        after = page.next;
      } while (after);

      expect(seen).toHaveLength(30);
      expect(new Set(seen).size).toBe(30);
      expect(seen).toEqual((await findRows(db, { listId, text: 'person', order })).map((r) => r.name));
    }
  });
});

describe('a list index on its own', () => {
  const entry = (id: string, text: string): IndexEntry => ({
    id,
    listId: 'l',
    savedAt: Number(id.slice(1)),
    searchText: text,
    tags: [],
  });

  it('matches exactly what a map of its puts and removes holds, in savedAt order', () => {
    const id = fc.integer({ min: 0, max: 12 }).map((n) => `r${n}`);
    const step = fc.oneof(
      fc.record({ put: id, text: fc.constantFrom('ada', 'grace', 'ada grace') }),
      fc.record({ remove: id }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(id), fc.array(step, { maxLength: 40 }), (initial, steps) => {
        const model = new Map(initial.map((i) => [i, entry(i, 'ada')]));
        const index = new ListIndex([...model.values()]);
        for (const s of steps) {
          if ('put' in s) {
            model.set(s.put, entry(s.put, s.text));
            index.put(entry(s.put, s.text));
          } else {
            model.delete(s.remove);
            index.remove(s.remove);
          }
          const expected = [...model.values()]
            .filter((e) => e.searchText.includes('ada'))
            .sort((a, b) => a.savedAt - b.savedAt)
            .map((e) => e.id);
          expect(index.matches(['ada'], undefined).map((e) => e.id)).toEqual(expected);
          for (const i of ['r0', 'r5', 'r12']) expect(index.has(i)).toBe(model.has(i));
        }
      }),
    );
  });
});
