/**
 * Row counts per list and per tag, a table derived from the rows (derived.ts): every write to rows
 * updates them in its own transaction. IndexedDB counts by walking an index (about a second per 100k
 * rows in Chromium), so the sidebar, the open list and a save into a big list read these instead.
 */
import type { LassoDb } from './db.ts';
import type { Derivation } from './derived.ts';
import type { RowRecord } from './model.ts';

export interface CountRecord {
  /** `list:<listId>` or `tag:<name>`. */
  key: string;
  /** Rows in that list, or rows carrying that tag (across all lists); never 0 (the record is deleted). */
  n: number;
}

export const COUNTS_TABLE = 'counts';

export function listCountKey(listId: string): string {
  return `list:${listId}`;
}

export function tagCountKey(tag: string): string {
  return `tag:${tag}`;
}

/** What a row contributes to the counts. */
type Counted = Pick<RowRecord, 'listId' | 'tags'>;

function countKeysOf(row: Counted): string[] {
  return [listCountKey(row.listId), ...[...new Set(row.tags)].map(tagCountKey)];
}

/**
 * How replacing each `before[i]` by `after[i]` (undefined: no row) changes the counts; keys whose count
 * does not change are left out.
 */
export function countChanges(
  before: readonly (Counted | undefined)[],
  after: readonly (Counted | undefined)[],
): Map<string, number> {
  const changes = new Map<string, number>();
  const add = (row: Counted | undefined, sign: 1 | -1) => {
    if (row) for (const key of countKeysOf(row)) changes.set(key, (changes.get(key) ?? 0) + sign);
  };
  for (const row of before) add(row, -1);
  for (const row of after) add(row, 1);
  for (const [key, change] of changes) if (change === 0) changes.delete(key);
  return changes;
}

/** The counts of a whole set of rows (what schema version 3 writes for the rows it finds). */
export function countsOfRows(rows: Iterable<Counted>): CountRecord[] {
  const counts = new Map<string, number>();
  for (const row of rows) for (const key of countKeysOf(row)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts].map(([key, n]) => ({ key, n }));
}

/** How many rows a list holds. */
export async function listRowCount(db: LassoDb, listId: string): Promise<number> {
  return (await db.counts.get(listCountKey(listId)))?.n ?? 0;
}

/** How many rows carry a tag, across all lists. */
export async function tagRowCount(db: LassoDb, tag: string): Promise<number> {
  return (await db.counts.get(tagCountKey(tag)))?.n ?? 0;
}

/** Every count by key (a few hundred small records at most: one per list and per tag). */
export async function allCounts(db: LassoDb): Promise<Map<string, number>> {
  return new Map((await db.counts.toArray()).map((record) => [record.key, record.n]));
}

/** Keeps `counts` in step with the rows (see derived.ts). */
export const rowCounts: Derivation = {
  table: COUNTS_TABLE,
  async apply(counts, trans, rowChanges) {
    const changes = countChanges(
      rowChanges.map((c) => c.before),
      rowChanges.map((c) => c.after),
    );
    if (changes.size === 0) return;
    const keys = [...changes.keys()];
    const current = (await counts.getMany({ trans, keys })) as (CountRecord | undefined)[];
    const puts: CountRecord[] = [];
    const deletes: string[] = [];
    keys.forEach((key, i) => {
      const n = (current[i]?.n ?? 0) + changes.get(key)!;
      if (n > 0) puts.push({ key, n });
      else deletes.push(key);
    });
    if (puts.length > 0) await counts.mutate({ type: 'put', trans, values: puts });
    if (deletes.length > 0) await counts.mutate({ type: 'delete', trans, keys: deletes });
  },
  fromRows: countsOfRows,
};
