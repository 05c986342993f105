/**
 * The Lasso IndexedDB database (Dexie). Every schema version ever released stays declared in
 * SCHEMA_VERSIONS, oldest first, so a browser that skipped updates still upgrades step by step and
 * keeps every row; tests/unit/storage/migrations.test.ts opens the database at each earlier version,
 * writes that version's fixture, and upgrades it to the current one.
 *
 * To change the schema: append a version (never edit a released one), put record rewrites in its
 * `upgradeRecords` (they also upgrade older backups in backup.ts), add a fixture for the version
 * being replaced in tests/unit/storage/fixtures/, and run the migration tests.
 */
import Dexie, { type DexieOptions, type Table, type Transaction } from 'dexie';
import type { JobRecord, JobRowRecord } from '../services/jobs/job-machine.ts';
import { type CountRecord, rowCounts } from './counts.ts';
import { type Derivation, derivedTablesMiddleware } from './derived.ts';
import { type ExportChunkRecord, exportChunks } from './export-chunks.ts';
import type {
  ListRecord,
  RowRecord,
  SettingRecord,
  TagRecord,
  TrashRecord,
  TrashRowRecord,
} from './model.ts';
import { type SearchChunkRecord, searchChunks } from './search-chunks.ts';
import { searchIndexMiddleware } from './search-index.ts';

/** Tables derived from the rows, kept in step by every write to rows (derived.ts). */
const DERIVATIONS: readonly Derivation[] = [rowCounts, searchChunks, exportChunks];

export type TableName =
  | 'lists'
  | 'rows'
  | 'tags'
  | 'settings'
  | 'trash'
  | 'trashRows'
  | 'jobs'
  | 'jobRows'
  | 'counts'
  | 'searchChunks'
  | 'exportChunks';

/** A record rewrite from the previous version's shape to this version's. */
export type RecordUpgrade = (record: Record<string, unknown>) => Record<string, unknown>;

export interface SchemaVersion {
  version: number;
  /** Dexie store specs: primary key first, then indexes; `null` deletes a table. */
  stores: Partial<Record<TableName, string | null>>;
  /** Rewrites records written under the previous version, table by table (run by Dexie and by restore). */
  upgradeRecords?: Partial<Record<TableName, RecordUpgrade>>;
  /** Rebuilds derived tables from the records, after the rewrites (run by Dexie only: backups hold no derived data). */
  derive?: (tx: Transaction) => Promise<void>;
}

/** A `derive` step: refills each of `derivations`' tables from every row, in one read of the rows. */
function rebuildFromRows(derivations: readonly Derivation[]): (tx: Transaction) => Promise<void> {
  return async (tx) => {
    const rows: RowRecord[] = await tx.table('rows').toArray();
    for (const d of derivations) {
      await tx.table(d.table).clear();
      await tx.table(d.table).bulkPut(d.fromRows(rows));
    }
  };
}

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    version: 1,
    stores: {
      // The unique nameKey makes two lists with one name (in any case) a ConstraintError, even in a race.
      lists: 'id, &nameKey',
      // [listId+savedAt+id] serves the list view and its paging (and, as a prefix, [listId+savedAt] and
      // listId counts); the id makes a page boundary exact when a whole extraction shares one savedAt.
      // The [listId+key…] indexes answer dedup; rows without a key are simply absent from them.
      rows: 'id, [listId+savedAt+id], *tags, email, profileUrl, [listId+keyUrl], [listId+keyEmail], [listId+keyNameCompany]',
      tags: 'name',
      settings: 'key',
      trash: 'token, deletedAt',
      trashRows: 'id, trashToken',
    },
  },
  {
    version: 2,
    stores: {
      // Bulk runs (enrichment, email finding) and each row's state in them, so that a run survives the
      // worker being stopped. `state` finds the jobs to resume; [jobId+state] a job's pending rows.
      jobs: 'id, state, listId, createdAt',
      jobRows: 'id, jobId, [jobId+state], rowId',
    },
  },
  {
    version: 3,
    stores: {
      // Row counts per list and per tag (counts.ts), so that nothing counts 100k index entries to show one.
      counts: 'key',
      // What a list's search index needs of its rows, in a few dozen records per list (search-chunks.ts).
      searchChunks: '[listId+chunk]',
    },
    // The tables this version created: later versions add their own (an upgrade step sees only its own).
    derive: rebuildFromRows([rowCounts, searchChunks]),
  },
  {
    version: 4,
    stores: {
      // Search chunks packed into a few strings and typed arrays each (search-chunks.ts), rebuilt below.
      searchChunks: '[listId+chunk]',
    },
    derive: rebuildFromRows([searchChunks]),
  },
  {
    version: 5,
    stores: {
      // 16 search chunks per list instead of 64 (search-chunks.ts says why), rebuilt below.
      searchChunks: '[listId+chunk]',
    },
    derive: rebuildFromRows([searchChunks]),
  },
  {
    version: 6,
    stores: {
      // What an export reads of each row, in a few dozen records per list (export-chunks.ts says why).
      exportChunks: '[listId+chunk]',
    },
    derive: rebuildFromRows([exportChunks]),
  },
];

export const DB_VERSION: number = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1]!.version;

/** Declares `versions` on `db`, with each version's record rewrites as its Dexie upgrade. */
export function declareVersions(db: Dexie, versions: readonly SchemaVersion[]): void {
  for (const schema of versions) {
    const declared = db.version(schema.version).stores(schema.stores);
    const rewrites = schema.upgradeRecords;
    const derive = schema.derive;
    if (!rewrites && !derive) continue;
    declared.upgrade(async (tx) => {
      for (const [table, rewrite] of Object.entries(rewrites ?? {})) {
        await tx
          .table(table)
          .toCollection()
          .modify((record, ref) => {
            ref.value = rewrite(record);
          });
      }
      await derive?.(tx);
    });
  }
}

export class LassoDb extends Dexie {
  // Every primary key is given by the caller (prefixed ids, tag names, setting keys): none is generated.
  lists!: Table<ListRecord, string>;
  rows!: Table<RowRecord, string>;
  tags!: Table<TagRecord, string>;
  settings!: Table<SettingRecord, string>;
  trash!: Table<TrashRecord, string>;
  trashRows!: Table<TrashRowRecord, string>;
  jobs!: Table<JobRecord, string>;
  jobRows!: Table<JobRowRecord, string>;
  counts!: Table<CountRecord, string>;
  searchChunks!: Table<SearchChunkRecord, [string, number]>;
  exportChunks!: Table<ExportChunkRecord, [string, number]>;

  /**
   * @param options tests pass `{ indexedDB, IDBKeyRange }` from fake-indexeddb here.
   * @param versions only the migration tests pass a prefix (or an extension) of SCHEMA_VERSIONS.
   */
  constructor(name = 'lasso', options?: DexieOptions, versions: readonly SchemaVersion[] = SCHEMA_VERSIONS) {
    super(name, options);
    declareVersions(this, versions);
    this.use(searchIndexMiddleware(this));
    this.use(derivedTablesMiddleware(DERIVATIONS));
  }
}

let shared: LassoDb | undefined;

/** The extension's database (one per extension origin), opened on first use. */
export function lassoDb(): LassoDb {
  shared ??= new LassoDb();
  return shared;
}
