/** Lists: create, rename, delete (with its rows, undoable), and row counts for the sidebar. */
import Dexie, { type Collection } from 'dexie';
import { allCounts, listCountKey, listRowCount } from './counts.ts';
import type { LassoDb } from './db.ts';
import { newId } from './ids.ts';
import type { ListRecord, RowRecord } from './model.ts';
import { startEmptyIndex } from './search-index.ts';
import { moveToTrash } from './trash.ts';

export const LIST_NAME_MAX_CHARS = 100;

export type ListResult =
  | { ok: true; list: ListRecord }
  | { ok: false; code: 'empty_name' | 'name_taken' | 'list_not_found' };

export type ListWithCount = ListRecord & { rowCount: number };

/** The list name as stored (trimmed, spaces collapsed, capped), or undefined when empty. */
export function cleanListName(name: string): string | undefined {
  const clean = name.replace(/\s+/g, ' ').trim().slice(0, LIST_NAME_MAX_CHARS).trim();
  return clean === '' ? undefined : clean;
}

/** What makes two list names the same name. */
export function listNameKey(name: string): string {
  return name.replace(/\s+/g, ' ').trim().toLowerCase();
}

function isConstraintError(error: unknown): boolean {
  const e = error as { name?: string; inner?: { name?: string } } | undefined;
  return e?.name === 'ConstraintError' || e?.inner?.name === 'ConstraintError';
}

/** Creates a list; names are unique regardless of case. */
export async function createList(
  db: LassoDb,
  name: string,
  opts: { now?: number } = {},
): Promise<ListResult> {
  const clean = cleanListName(name);
  if (!clean) return { ok: false, code: 'empty_name' };
  const now = opts.now ?? Date.now();
  const list: ListRecord = {
    id: newId('list'),
    name: clean,
    nameKey: listNameKey(clean),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await db.lists.add(list);
  } catch (error) {
    if (isConstraintError(error)) return { ok: false, code: 'name_taken' };
    throw error;
  }
  startEmptyIndex(db, list.id);
  return { ok: true, list };
}

/** Renames a list (changing only the case of its own name is allowed). */
export async function renameList(
  db: LassoDb,
  id: string,
  name: string,
  opts: { now?: number } = {},
): Promise<ListResult> {
  const clean = cleanListName(name);
  if (!clean) return { ok: false, code: 'empty_name' };
  try {
    return await db.transaction('rw', db.lists, async (): Promise<ListResult> => {
      const list = await db.lists.get(id);
      if (!list) return { ok: false, code: 'list_not_found' };
      const next = { ...list, name: clean, nameKey: listNameKey(clean), updatedAt: opts.now ?? Date.now() };
      await db.lists.put(next);
      return { ok: true, list: next };
    });
  } catch (error) {
    if (isConstraintError(error)) return { ok: false, code: 'name_taken' };
    throw error;
  }
}

export type DeleteListResult =
  | { ok: true; deletedRows: number; undoToken: string }
  | { ok: false; code: 'list_not_found' };

/** Deletes a list and its rows in one transaction; `restoreFromTrash(undoToken)` brings both back. */
export async function deleteList(
  db: LassoDb,
  id: string,
  opts: { now?: number } = {},
): Promise<DeleteListResult> {
  const now = opts.now ?? Date.now();
  return db.transaction(
    'rw',
    [db.lists, db.rows, db.trash, db.trashRows],
    async (): Promise<DeleteListResult> => {
      const list = await db.lists.get(id);
      if (!list) return { ok: false, code: 'list_not_found' };
      const rows = await rowsOfList(db, id).toArray();
      const undoToken = await moveToTrash(db, rows, { list, now });
      return { ok: true, deletedRows: rows.length, undoToken };
    },
  );
}

export function getList(db: LassoDb, id: string): Promise<ListRecord | undefined> {
  return db.lists.get(id);
}

/** The list with this name (in any case), if there is one. */
export function findListByName(db: LassoDb, name: string): Promise<ListRecord | undefined> {
  return db.lists.where('nameKey').equals(listNameKey(name)).first();
}

/** A list's rows in [listId+savedAt+id] order (oldest first; `.reverse()` for newest first). */
export function rowsOfList(db: LassoDb, listId: string): Collection<RowRecord, string> {
  return db.rows
    .where('[listId+savedAt+id]')
    .between([listId, Dexie.minKey, Dexie.minKey], [listId, Dexie.maxKey, Dexie.maxKey], true, true);
}

/** How many rows a list holds (kept by the write path: no row or index entry is read). */
export function countRows(db: LassoDb, listId: string): Promise<number> {
  return listRowCount(db, listId);
}

/** Every list with its row count, by name: the dashboard's sidebar. */
export async function listLists(db: LassoDb): Promise<ListWithCount[]> {
  return db.transaction('r', db.lists, db.counts, async () => {
    const lists = await db.lists.toArray();
    const counts = await allCounts(db);
    return lists
      .map((list) => ({ ...list, rowCount: counts.get(listCountKey(list.id)) ?? 0 }))
      .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  });
}
