/**
 * The tables derived from the rows (derived.ts) — the row counts, the search and the export chunks — always equal
 * what computing them from the rows gives: after every user action, in any order, after a rolled-back
 * transaction, and after a restore.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exportBackup, restoreBackup } from '../../../storage/backup.ts';
import { countChanges, countsOfRows } from '../../../storage/counts.ts';
import type { LassoDb } from '../../../storage/db.ts';
import { decodeExportChunk, type ExportChunkRecord, exportChunks } from '../../../storage/export-chunks.ts';
import { countRows, deleteList, listLists } from '../../../storage/lists.ts';
import {
  addTags,
  copyRows,
  deleteRows,
  moveRows,
  removeTags,
  saveProfiles,
  undoDelete,
  updateRow,
} from '../../../storage/rows.ts';
import { countMatches } from '../../../storage/search.ts';
import { decodeChunk, type SearchChunkRecord, searchChunks } from '../../../storage/search-chunks.ts';
import { deleteTag, listTags, renameTag } from '../../../storage/tags.ts';
import { freshDb, manyProfiles, newList, profile } from './test-db.ts';

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : 1);

/** A chunk's entries as [id, savedAt, searchText, tags] sorted by id: the order within a chunk is free. */
function chunkEntries(chunks: SearchChunkRecord[]) {
  return chunks
    .map((c) => ({
      key: `${c.listId}#${c.chunk}`,
      entries: decodeChunk(c)
        .map((e) => [e.id, e.savedAt, e.searchText, [...e.tags]])
        .sort(),
    }))
    .sort(byKey);
}

/** An export chunk's rows as JSON, sorted: the order within a chunk is free. */
function exportEntries(chunks: ExportChunkRecord[]) {
  return chunks
    .map((c) => ({
      key: `${c.listId}#${c.chunk}`,
      entries: decodeExportChunk(c)
        .map((row) => JSON.stringify(row))
        .sort(),
    }))
    .sort(byKey);
}

/** The stored derived tables and the same tables computed from the rows as they are, both sorted. */
async function storedAndActual(db: LassoDb) {
  const rows = await db.rows.toArray();
  return {
    stored: {
      counts: (await db.counts.toArray()).sort(byKey),
      chunks: chunkEntries(await db.searchChunks.toArray()),
      exportChunks: exportEntries(await db.exportChunks.toArray()),
    },
    actual: {
      counts: countsOfRows(rows).sort(byKey),
      chunks: chunkEntries(searchChunks.fromRows(rows) as SearchChunkRecord[]),
      exportChunks: exportEntries(exportChunks.fromRows(rows) as ExportChunkRecord[]),
    },
  };
}

async function expectDerivedTrue(db: LassoDb): Promise<void> {
  const { stored, actual } = await storedAndActual(db);
  expect(stored).toEqual(actual);
}

describe('countChanges', () => {
  it('moves one from the old list to the new one when a row changes list', () => {
    const changes = countChanges([{ listId: 'a', tags: ['vip'] }], [{ listId: 'b', tags: ['vip'] }]);

    expect(Object.fromEntries(changes)).toEqual({ 'list:a': -1, 'list:b': 1 });
  });

  it('counts a row once per tag even when the tag is repeated on it', () => {
    const changes = countChanges([undefined], [{ listId: 'a', tags: ['vip', 'vip'] }]);

    expect(Object.fromEntries(changes)).toEqual({ 'list:a': 1, 'tag:vip': 1 });
  });
});

describe('stored row counts', () => {
  it('follow a save, a move, a copy, a delete and its undo', async () => {
    const db = freshDb();
    const a = await newList(db, 'A');
    const b = await newList(db, 'B');
    const saved = await saveProfiles(db, a.id, manyProfiles(12), { tags: ['vip'] });
    const ids = saved.ok ? saved.rowIds : [];

    await moveRows(db, ids.slice(0, 3), b.id);
    await copyRows(db, ids.slice(3, 5), b.id);
    const { undoToken } = await deleteRows(db, ids.slice(6, 8));

    expect(await countRows(db, a.id)).toBe(7);
    expect(await countRows(db, b.id)).toBe(5);
    expect((await listTags(db)).find((t) => t.name === 'vip')?.rowCount).toBe(12);
    await undoDelete(db, undoToken);
    expect(await countRows(db, a.id)).toBe(9);
    await expectDerivedTrue(db);
  });

  it('are left as they were when the transaction that wrote rows rolls back', async () => {
    const db = freshDb();
    const a = await newList(db, 'A');
    await saveProfiles(db, a.id, manyProfiles(4));

    await expect(
      db.transaction('rw', db.rows, async () => {
        await db.rows.bulkPut((await db.rows.toArray()).map((row) => ({ ...row, listId: 'list_elsewhere' })));
        throw new Error('the user action failed half way');
      }),
    ).rejects.toThrow('half way');

    expect(await countRows(db, a.id)).toBe(4);
    expect(await countRows(db, 'list_elsewhere')).toBe(0);
    await expectDerivedTrue(db);
  });

  it('count a row once when one write names it twice', async () => {
    const db = freshDb();
    const a = await newList(db, 'A');
    const saved = await saveProfiles(db, a.id, [profile('Ada')]);
    const row = (await db.rows.get(saved.ok ? saved.rowIds[0]! : ''))!;

    await db.rows.bulkPut([
      { ...row, tags: ['x'] },
      { ...row, tags: ['y'] },
    ]);

    expect(await countMatches(db, { tag: 'x' })).toBe(0);
    expect(await countMatches(db, { tag: 'y' })).toBe(1);
    await expectDerivedTrue(db);
  });

  it('are rebuilt by a restore that replaces everything', async () => {
    const db = freshDb();
    const a = await newList(db, 'A');
    await saveProfiles(db, a.id, manyProfiles(5), { tags: ['old'] });
    const backup = await exportBackup(db);
    await saveProfiles(db, a.id, manyProfiles(3, 'Extra'), { tags: ['new'] });

    expect(await restoreBackup(db, backup, { replace: true })).toMatchObject({ ok: true });

    expect((await listLists(db)).map((l) => l.rowCount)).toEqual([5]);
    await expectDerivedTrue(db);
  });
});

type Action =
  | { kind: 'save'; list: number; people: number; from: number; tag: string | undefined }
  | { kind: 'move' | 'copy'; list: number; pick: number[] }
  | { kind: 'delete'; pick: number[] }
  | { kind: 'undo' }
  | { kind: 'edit'; row: number; title: string }
  | { kind: 'tag' | 'untag'; tag: string; pick: number[] }
  | { kind: 'renameTag'; from: string; to: string }
  | { kind: 'deleteTag'; tag: string }
  | { kind: 'deleteList'; list: number };

const TAGS = ['vip', 'backend', 'later'];
const pick = fc.array(fc.nat(40), { maxLength: 6 });
const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    kind: fc.constant('save' as const),
    list: fc.nat(2),
    people: fc.integer({ min: 1, max: 6 }),
    from: fc.nat(10),
    tag: fc.option(fc.constantFrom(...TAGS), { nil: undefined }),
  }),
  fc.record({ kind: fc.constantFrom('move' as const, 'copy' as const), list: fc.nat(2), pick }),
  fc.record({ kind: fc.constant('delete' as const), pick }),
  fc.constant({ kind: 'undo' as const }),
  fc.record({
    kind: fc.constant('edit' as const),
    row: fc.nat(40),
    title: fc.constantFrom('CTO', 'Staff engineer', ''),
  }),
  fc.record({ kind: fc.constantFrom('tag' as const, 'untag' as const), tag: fc.constantFrom(...TAGS), pick }),
  fc.record({
    kind: fc.constant('renameTag' as const),
    from: fc.constantFrom(...TAGS),
    to: fc.constantFrom(...TAGS),
  }),
  fc.record({ kind: fc.constant('deleteTag' as const), tag: fc.constantFrom(...TAGS) }),
  fc.record({ kind: fc.constant('deleteList' as const), list: fc.nat(2) }),
);

describe('derived tables, over random sequences of user actions', () => {
  it('equal what the rows give after every action', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 15 }), async (actions) => {
        const db = freshDb();
        const lists = [await newList(db, 'A'), await newList(db, 'B'), await newList(db, 'C')];
        const undos: string[] = [];
        const rowIds = async (indexes: number[]) => {
          const ids = (await db.rows.toCollection().primaryKeys()).sort();
          return [
            ...new Set(indexes.map((i) => ids[i % Math.max(ids.length, 1)]).filter((id) => id !== undefined)),
          ];
        };
        for (const step of actions) {
          if (step.kind === 'save') {
            const people = manyProfiles(step.from + step.people).slice(step.from);
            await saveProfiles(db, lists[step.list]!.id, people, step.tag ? { tags: [step.tag] } : {});
          } else if (step.kind === 'move') await moveRows(db, await rowIds(step.pick), lists[step.list]!.id);
          else if (step.kind === 'copy') await copyRows(db, await rowIds(step.pick), lists[step.list]!.id);
          else if (step.kind === 'delete')
            undos.push((await deleteRows(db, await rowIds(step.pick))).undoToken);
          else if (step.kind === 'undo' && undos.length > 0) await undoDelete(db, undos.pop()!);
          else if (step.kind === 'edit') {
            const [id] = await rowIds([step.row]);
            if (id) await updateRow(db, id, { title: step.title });
          } else if (step.kind === 'tag') await addTags(db, await rowIds(step.pick), [step.tag]);
          else if (step.kind === 'untag') await removeTags(db, await rowIds(step.pick), [step.tag]);
          else if (step.kind === 'renameTag') await renameTag(db, step.from, step.to);
          else if (step.kind === 'deleteTag') await deleteTag(db, step.tag);
          else if (step.kind === 'deleteList') {
            const deleted = await deleteList(db, lists[step.list]!.id);
            if (deleted.ok) undos.push(deleted.undoToken);
          }
          const { stored, actual } = await storedAndActual(db);
          expect(stored, JSON.stringify(step)).toEqual(actual);
        }
        db.close();
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
