/** Test helpers for storage: a fresh fake-indexeddb database per test, and profile builders. */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { LassoDb, SCHEMA_VERSIONS, type SchemaVersion } from '../../../storage/db.ts';
import { createList } from '../../../storage/lists.ts';
import type { ListRecord, ProfileInput, RowRecord, StoredRow } from '../../../storage/model.ts';
import { withDerived } from '../../../storage/normalise.ts';
import { saveProfiles } from '../../../storage/rows.ts';

/** A database on its own in-memory IndexedDB, so tests never see each other's data. */
export function freshDb(
  versions: readonly SchemaVersion[] = SCHEMA_VERSIONS,
  factory: IDBFactory = new IDBFactory(),
): LassoDb {
  return new LassoDb('lasso-test', { indexedDB: factory, IDBKeyRange }, versions);
}

export async function newList(db: LassoDb, name = 'Prospects', now = 1_000): Promise<ListRecord> {
  const result = await createList(db, name, { now });
  if (!result.ok) throw new Error(`createList failed: ${result.code}`);
  return result.list;
}

/** A fresh database holding one list of `count` people (manyProfiles), all saved at one instant. */
export async function listOfPeople(count: number): Promise<{ db: LassoDb; listId: string }> {
  const db = freshDb();
  const list = await newList(db);
  const saved = await saveProfiles(db, list.id, manyProfiles(count), { now: Date.UTC(2026, 0, 1) });
  if (!saved.ok) throw new Error(saved.code);
  return { db, listId: list.id };
}

export function profile(name: string, more: Partial<ProfileInput> = {}): ProfileInput {
  return { name, source: { url: 'https://example.com/team', method: 'repeated-cards' }, ...more };
}

/** `count` distinct profiles, each with a profile URL and an email. */
export function manyProfiles(count: number, prefix = 'Person'): ProfileInput[] {
  return Array.from({ length: count }, (_, i) =>
    profile(`${prefix} ${i}`, {
      title: i % 3 === 0 ? 'Engineer' : 'Recruiter',
      company: `Company ${i % 97}`,
      email: `${prefix.toLowerCase()}.${i}@example.com`,
      profileUrl: `https://example.com/people/${prefix.toLowerCase()}-${i}`,
    }),
  );
}

/** A stored row built directly (bypassing the cleaning a save does), for export tests. */
export function row(fields: Partial<StoredRow> & { name: string }, i = 0): RowRecord {
  return withDerived({
    id: `row_${String(i).padStart(6, '0')}`,
    listId: 'list_test',
    tags: [],
    note: '',
    savedAt: Date.UTC(2025, 2, 1, 9, 30, 0) + i * 1000,
    updatedAt: Date.UTC(2025, 2, 2, 10, 0, 0) + i * 1000,
    ...fields,
  });
}

/** Every row of the database, sorted by id, without volatile order. */
export async function allRows(db: LassoDb): Promise<RowRecord[]> {
  return (await db.rows.toArray()).sort((a, b) => (a.id < b.id ? -1 : 1));
}
