/**
 * Undo for deletes. A delete moves its rows (and its list, for a whole list) into the trash under a
 * token, in the same transaction; `restoreFromTrash(token)` puts them back. Trash older than a day is
 * emptied by the next delete.
 */
import type { LassoDb } from './db.ts';
import { newId } from './ids.ts';
import type { ListRecord, RowRecord, TrashRecord, TrashRowRecord } from './model.ts';

export const TRASH_KEEP_MS = 24 * 60 * 60 * 1000;

/** Moves `rows` (and `list`) into the trash; returns the undo token. Call inside a rw transaction over
 *  rows, lists, trash and trashRows. */
export async function moveToTrash(
  db: LassoDb,
  rows: readonly RowRecord[],
  opts: { list?: ListRecord; now: number },
): Promise<string> {
  await purgeTrash(db, opts.now - TRASH_KEEP_MS);
  const token = newId('undo');
  const record: TrashRecord = { token, deletedAt: opts.now, rowCount: rows.length };
  if (opts.list) record.list = opts.list;
  await db.trash.add(record);
  await db.trashRows.bulkPut(rows.map((row): TrashRowRecord => ({ ...row, trashToken: token })));
  await db.rows.bulkDelete(rows.map((row) => row.id));
  if (opts.list) await db.lists.delete(opts.list.id);
  return token;
}

export type RestoreResult =
  | { ok: true; restored: number; listId?: string }
  | { ok: false; code: 'undo_expired' | 'list_not_found' | 'name_taken' };

/**
 * Puts a delete back as it was (same ids, same savedAt). A row delete whose list has since been deleted
 * answers `list_not_found`; a list delete whose name has since been taken answers `name_taken`.
 */
export async function restoreFromTrash(db: LassoDb, token: string): Promise<RestoreResult> {
  return db.transaction('rw', [db.lists, db.rows, db.trash, db.trashRows], async () => {
    const record = await db.trash.get(token);
    if (!record) return { ok: false, code: 'undo_expired' };
    const trashed = await db.trashRows.where('trashToken').equals(token).toArray();
    if (record.list) {
      const clash = await db.lists.where('nameKey').equals(record.list.nameKey).first();
      if (clash) return { ok: false, code: 'name_taken' };
      await db.lists.add(record.list);
    } else {
      const listIds = [...new Set(trashed.map((row) => row.listId))];
      const lists = await db.lists.bulkGet(listIds);
      if (lists.some((list) => !list)) return { ok: false, code: 'list_not_found' };
    }
    await db.rows.bulkPut(trashed.map(({ trashToken: _t, ...row }) => row));
    await db.trashRows.bulkDelete(trashed.map((row) => row.id));
    await db.trash.delete(token);
    return record.list
      ? { ok: true, restored: trashed.length, listId: record.list.id }
      : { ok: true, restored: trashed.length };
  });
}

/** Empties the trash of deletes made before `before`. Call inside a rw transaction over trash and trashRows. */
export async function purgeTrash(db: LassoDb, before: number): Promise<number> {
  const old = await db.trash.where('deletedAt').below(before).primaryKeys();
  if (old.length === 0) return 0;
  await db.trashRows.where('trashToken').anyOf(old).delete();
  await db.trash.bulkDelete(old);
  return old.length;
}
