/**
 * Tables derived from the rows — the row counts (counts.ts), the search chunks (search-chunks.ts) and the
 * export chunks (export-chunks.ts) —
 * kept in step by a DBCore middleware that sees every write to the rows table and updates them in that
 * write's own transaction, so rows and derived tables commit or abort together. A readwrite transaction
 * over rows always takes the derived tables into its scope for that.
 *
 * Schema version 3 computes the derived tables from the rows already stored; from then on only this
 * middleware writes them.
 */
import Dexie, {
  type DBCore,
  type DBCoreMutateRequest,
  type DBCoreMutateResponse,
  type DBCoreTable,
  type DBCoreTransaction,
  type Middleware,
} from 'dexie';
import type { RowRecord } from './model.ts';

/** One row as a write found it and as the write left it (undefined: no row). */
export interface RowChange {
  id: string;
  before: RowRecord | undefined;
  after: RowRecord | undefined;
}

/** A table derived from the rows, and how a write to rows changes it. */
export interface Derivation {
  table: string;
  /** Applies `changes` (never empty) to `table` within `trans`. */
  apply(table: DBCoreTable, trans: DBCoreTransaction, changes: readonly RowChange[]): Promise<void>;
  /** The whole table's records for a set of rows (what the schema upgrade writes). */
  fromRows(rows: readonly RowRecord[]): unknown[];
}

function hasStore(trans: DBCoreTransaction, name: string): boolean {
  return (trans as unknown as IDBTransaction).objectStoreNames?.contains(name) ?? false;
}

/** The rows a write replaces, one per value or key of the request, read in its transaction. */
async function rowsBefore(rows: DBCoreTable, req: DBCoreMutateRequest): Promise<(RowRecord | undefined)[]> {
  const { trans } = req;
  switch (req.type) {
    case 'add':
      return req.values.map(() => undefined); // an add never replaces a row: it fails instead
    case 'put': {
      const keys = keysOf(rows, req);
      return withEarlierWrites(keys, await rows.getMany({ trans, keys }), req.values);
    }
    case 'delete':
      return withEarlierWrites(req.keys, await rows.getMany({ trans, keys: req.keys }), undefined);
    case 'deleteRange': {
      const query = { index: rows.schema.primaryKey, range: req.range };
      return (await rows.query({ trans, values: true, query })).result as RowRecord[];
    }
  }
}

function keysOf(rows: DBCoreTable, req: DBCoreMutateRequest & { type: 'add' | 'put' }): unknown[] {
  return req.keys ?? req.values.map((value) => rows.schema.primaryKey.extractKey!(value));
}

/**
 * A request may name one key twice (a bulkPut of two versions of a row): the second replaces what the
 * first wrote, not what was stored before the request.
 */
function withEarlierWrites(
  keys: readonly unknown[],
  stored: readonly unknown[],
  values: readonly unknown[] | undefined,
): (RowRecord | undefined)[] {
  const written = new Map<unknown, RowRecord | undefined>();
  return keys.map((key, i) => {
    const before = written.has(key) ? written.get(key) : (stored[i] as RowRecord | undefined);
    written.set(key, values ? (values[i] as RowRecord) : undefined);
    return before;
  });
}

/** What each item of the request changed (a failed item changed nothing and is left out). */
function changesOf(
  rows: DBCoreTable,
  req: DBCoreMutateRequest,
  res: DBCoreMutateResponse,
  before: readonly (RowRecord | undefined)[],
): RowChange[] {
  const failed = (i: number) => res.failures[i] !== undefined;
  const changes: RowChange[] = [];
  if (req.type === 'add' || req.type === 'put') {
    const keys = keysOf(rows, req);
    req.values.forEach((value, i) => {
      if (!failed(i)) changes.push({ id: keys[i] as string, before: before[i], after: value as RowRecord });
    });
  } else if (req.type === 'delete') {
    req.keys.forEach((key, i) => {
      if (!failed(i) && before[i]) changes.push({ id: key as string, before: before[i], after: undefined });
    });
  } else {
    for (const row of before) if (row) changes.push({ id: row.id, before: row, after: undefined });
  }
  return changes;
}

/** The DBCore middleware that keeps `derivations` in step with the rows table; LassoDb installs it. */
export function derivedTablesMiddleware(derivations: readonly Derivation[]): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'lassoDerivedTables',
    create: (down) => {
      const present = derivations.filter((d) => down.schema.tables.some((table) => table.name === d.table));
      if (present.length === 0) return {};
      const names = present.map((d) => d.table);
      // Writes of one transaction are applied one after another: two read-modify-writes of the same
      // derived record must not interleave.
      const queue = new WeakMap<DBCoreTransaction, Promise<unknown>>();

      /**
       * Chained with Dexie.Promise rather than awaited: its callbacks run in the write's Dexie zone, which
       * Dexie's own read middleware looks up on every read. After a native await outside an explicit
       * transaction (a lone `db.rows.update`), Chromium runs the continuation without that zone, and
       * the derived tables' reads failed with "Cannot read properties of undefined (reading 'mode')".
       */
      function mutateDeriving(rows: DBCoreTable, req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
        // A database being upgraded from before version 3 has no derived tables yet.
        const here = present.filter((d) => hasStore(req.trans, d.table));
        if (here.length === 0) return rows.mutate(req);
        return Dexie.Promise.resolve(rowsBefore(rows, req)).then((before) =>
          Dexie.Promise.resolve(rows.mutate(req)).then((res) => {
            const changes = changesOf(rows, req, res, before);
            if (changes.length === 0) return res;
            let applied = Dexie.Promise.resolve();
            for (const d of here)
              applied = applied.then(() => d.apply(down.table(d.table), req.trans, changes));
            return applied.then(() => res);
          }),
        );
      }

      return {
        transaction: (stores, mode, options) =>
          down.transaction(
            mode === 'readwrite' && stores.includes('rows') ? [...new Set([...stores, ...names])] : stores,
            mode,
            options,
          ),
        table: (name) => {
          const table = down.table(name);
          if (name !== 'rows') return table;
          return {
            ...table,
            mutate: (req) => {
              const previous = Dexie.Promise.resolve(queue.get(req.trans));
              const run = () => mutateDeriving(table, req);
              const next = previous.then(run, run);
              queue.set(req.trans, next);
              return next;
            },
          };
        },
      };
    },
  };
}
