/**
 * Schema migrations: a database written at each released version, holding that version's fixture,
 * is upgraded to the current schema and must keep every record, in the current shape, usable by the
 * repositories. Adding a schema version without a fixture for the one before fails here.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { checkBackup, exportBackup } from '../../../storage/backup.ts';
import type { ChunkKey } from '../../../storage/chunked.ts';
import { getColumnSettings } from '../../../storage/column-settings.ts';
import { countsOfRows } from '../../../storage/counts.ts';
import {
  DB_VERSION,
  LassoDb,
  SCHEMA_VERSIONS,
  type SchemaVersion,
  type TableName,
} from '../../../storage/db.ts';
import { type ExportChunkRecord, exportChunks } from '../../../storage/export-chunks.ts';
import { countRows } from '../../../storage/lists.ts';
import { storedRow, withDerived } from '../../../storage/normalise.ts';
import { saveProfiles, undoDelete } from '../../../storage/rows.ts';
import { searchRows } from '../../../storage/search.ts';
import { type SearchChunkRecord, searchChunks } from '../../../storage/search-chunks.ts';
import { VERSION_FIXTURES, type VersionFixture } from './fixtures/schema-versions.ts';
import { profile } from './test-db.ts';

const TABLES: TableName[] = ['lists', 'rows', 'tags', 'settings', 'trash', 'trashRows', 'jobs', 'jobRows'];

/** Writes `fixture` into a database declared with `versions` up to `fixture.version`, then opens it with
 *  all of `versions`, letting Dexie run every upgrade in between. */
async function upgradeFrom(fixture: VersionFixture, versions: readonly SchemaVersion[]): Promise<LassoDb> {
  const indexedDB = new IDBFactory();
  const old = new LassoDb(
    'lasso-migration',
    { indexedDB, IDBKeyRange },
    versions.filter((v) => v.version <= fixture.version),
  );
  await old.open();
  expect(old.verno).toBe(fixture.version);
  await old.transaction('rw', old.tables, async () => {
    // bulkPut: writing the rows already wrote their counts (a derived table the fixture also holds).
    for (const [table, records] of Object.entries(fixture.tables)) await old.table(table).bulkPut(records);
  });
  old.close();
  const current = new LassoDb('lasso-migration', { indexedDB, IDBKeyRange }, versions);
  await current.open();
  return current;
}

describe('schema versions', () => {
  it('are declared oldest first, each one newer than the last', () => {
    const numbers = SCHEMA_VERSIONS.map((v) => v.version);

    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(DB_VERSION).toBe(numbers.at(-1));
  });

  it('each have a fixture of the records they wrote', () => {
    expect(VERSION_FIXTURES.map((f) => f.version)).toEqual(SCHEMA_VERSIONS.map((v) => v.version));
  });
});

describe.each(VERSION_FIXTURES.map((f) => [f.version, f] as const))(
  'a database written at version %i',
  (_, fixture) => {
    it('keeps every record when it is upgraded to the current version', async () => {
      const db = await upgradeFrom(fixture, SCHEMA_VERSIONS);

      expect(db.verno).toBe(DB_VERSION);
      for (const table of TABLES) {
        const ids = (await db.table(table).toCollection().primaryKeys()).sort();
        const expected = (fixture.tables[table] ?? [])
          .map((r) => String(r[db.table(table).schema.primKey.keyPath as string]))
          .sort();
        expect(ids, table).toEqual(expected);
      }
    });

    it('has the tables derived from its rows: a count per list and tag, search and export chunks', async () => {
      const db = await upgradeFrom(fixture, SCHEMA_VERSIONS);
      const rows = await db.rows.toArray();
      const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : 1);
      const byChunk = (a: ChunkKey, b: ChunkKey) => a.listId.localeCompare(b.listId) || a.chunk - b.chunk;

      expect((await db.counts.toArray()).sort(byKey)).toEqual(countsOfRows(rows).sort(byKey));
      expect((await db.searchChunks.toArray()).sort(byChunk)).toEqual(
        (searchChunks.fromRows(rows) as SearchChunkRecord[]).sort(byChunk),
      );
      expect((await db.exportChunks.toArray()).sort(byChunk)).toEqual(
        (exportChunks.fromRows(rows) as ExportChunkRecord[]).sort(byChunk),
      );
      expect(await countRows(db, 'list_v1a')).toBe(rows.filter((r) => r.listId === 'list_v1a').length);
    });

    it('holds rows and lists of the current shape, with derived fields up to date', async () => {
      const db = await upgradeFrom(fixture, SCHEMA_VERSIONS);

      const check = checkBackup(await exportBackup(db));
      expect('ok' in check ? check : 'valid').toBe('valid');
      for (const row of await db.rows.toArray()) expect(row).toEqual(withDerived(storedRow(row)));
    });

    it('answers the dashboard’s queries and keeps pending undos', async () => {
      const db = await upgradeFrom(fixture, SCHEMA_VERSIONS);
      const listId = String(fixture.tables.lists?.[0]?.id);
      const rowsInList = (fixture.tables.rows ?? []).filter((r) => r.listId === listId).length;
      const firstName = String(fixture.tables.rows?.[0]?.name);

      expect(await countRows(db, listId)).toBe(rowsInList);
      expect((await searchRows(db, { listId, text: firstName })).rows.map((r) => r.name)).toContain(
        firstName,
      );
      expect(await db.rows.where('tags').equals('vip').count()).toBeGreaterThan(0);
      expect((await getColumnSettings(db)).headerLabels.name).toBe('Candidate');
      const token = String(fixture.tables.trash?.[0]?.token);
      expect(await undoDelete(db, token)).toMatchObject({ ok: true });
    });

    it('dedups a new save against the upgraded rows', async () => {
      const db = await upgradeFrom(fixture, SCHEMA_VERSIONS);
      const existing = fixture.tables.rows![0]!;

      const result = await saveProfiles(db, String(existing.listId), [
        profile('Someone', { email: String(existing.email).toUpperCase() }),
      ]);

      expect(result).toMatchObject({ ok: true, added: 0, merged: 1 });
    });
  },
);

describe('the migration harness', () => {
  it('runs a later version’s record rewrites and new indexes on every row', async () => {
    const latest = VERSION_FIXTURES.at(-1)!;
    const next: SchemaVersion = {
      version: DB_VERSION + 1,
      // The rows spec as last declared (a version that only adds tables leaves it out).
      stores: { rows: `${SCHEMA_VERSIONS.findLast((v) => v.stores.rows)!.stores.rows}, company` },
      upgradeRecords: { rows: (r) => ({ ...r, company: r.company ?? 'Unknown' }) },
    };

    const db = await upgradeFrom(latest, [...SCHEMA_VERSIONS, next]);

    expect(db.verno).toBe(DB_VERSION + 1);
    expect(await db.rows.where('company').equals('Unknown').count()).toBe(
      (latest.tables.rows ?? []).filter((r) => r.company === undefined).length,
    );
    expect(await db.rows.count()).toBe(latest.tables.rows?.length);
  });
});
