// The popup's side of "Save to list", loaded only when the user saves: Dexie stays out of the popup's
// first paint (bench/popup.ts measures it).
import type { Profile } from '../extract/profile.ts';
import { lassoDb } from '../storage/db.ts';
import { createList as create, type ListResult, listLists } from '../storage/lists.ts';
import { type SaveResult, saveProfiles } from '../storage/rows.ts';
import type { ListChoice } from './extract-store.ts';

export async function lists(): Promise<ListChoice[]> {
  const all = await listLists(lassoDb());
  return all.map(({ id, name, rowCount }) => ({ id, name, rowCount }));
}

export function createList(name: string): Promise<ListResult> {
  return create(lassoDb(), name);
}

export function save(listId: string, profiles: readonly Profile[]): Promise<SaveResult> {
  return saveProfiles(lassoDb(), listId, profiles);
}
