/**
 * Export chunks (export-chunks.ts): what a whole-list export reads instead of the rows. They must give
 * back every exported cell of every row exactly, in the list's order, as the rows table holds it now.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COLUMN_IDS, COLUMNS, cellText } from '../../../storage/export/columns.ts';
import {
  decodeExportChunk,
  type ExportChunkRecord,
  exportChunks,
  readExportRows,
} from '../../../storage/export-chunks.ts';
import type { RowRecord } from '../../../storage/model.ts';
import { loadList } from '../../../storage/search.ts';
import { BUSY_LIST_ROWS, busyList } from './fixtures/busy-list.ts';
import { TRICKY_ROWS } from './fixtures/tricky-rows.ts';
import { freshDb, newList, row } from './test-db.ts';

const text = fc.string({ maxLength: 30, unit: 'grapheme' });
const optionalText = fc.option(text, { nil: undefined });
const randomRow = fc
  .record({
    name: text,
    title: optionalText,
    company: optionalText,
    email: optionalText,
    profileUrl: optionalText,
    links: fc.option(fc.dictionary(fc.constantFrom('linkedin', 'github', 'dribbble'), text), {
      nil: undefined,
    }),
    tags: fc.array(text, { maxLength: 3 }),
    note: text,
    sourceUrl: optionalText,
  })
  .map(({ title, company, email, profileUrl, links, sourceUrl, ...rest }) => ({
    ...rest,
    // Absent, not undefined: a stored row has no key for a field without a value.
    ...(title !== undefined && { title }),
    ...(company !== undefined && { company }),
    ...(email !== undefined && { email }),
    ...(profileUrl !== undefined && { profileUrl }),
    ...(links !== undefined && { links }),
    ...(sourceUrl !== undefined && { sourceUrl }),
  }));

/** Every column's cell text of each row: what any export format writes of them. */
const cells = (rows: readonly Parameters<typeof cellText>[0][]) =>
  rows.map((r) => COLUMN_IDS.map((id) => cellText(r, COLUMNS[id])));

describe('export chunks', () => {
  it('give back every exported cell of every row, through IndexedDB’s structured clone', () => {
    fc.assert(
      fc.property(fc.array(randomRow, { maxLength: 40 }), (fields) => {
        const rows = fields.map((f, i) => row(f, i));

        const records = structuredClone(exportChunks.fromRows(rows)) as ExportChunkRecord[];
        const back = records.flatMap(decodeExportChunk).sort((a, b) => (a.id < b.id ? -1 : 1));

        expect(back.map((r) => r.id)).toEqual(rows.map((r) => r.id));
        expect(cells(back)).toEqual(cells(rows));
      }),
    );
  });

  it('keep only what an export reads of a row, not its search text, dedup keys or other links', () => {
    const [full] = TRICKY_ROWS;
    const withOtherLink: RowRecord = {
      ...full!,
      links: { ...full!.links, dribbble: 'https://dribbble.com/x' },
    };

    const [kept] = (exportChunks.fromRows([withOtherLink]) as ExportChunkRecord[]).flatMap(decodeExportChunk);

    const keys = Object.entries(kept!).filter(([, value]) => value !== undefined);
    expect(keys.map(([key]) => key).sort()).toEqual(
      [
        'id',
        'name',
        'title',
        'company',
        'email',
        'profileUrl',
        'links',
        'tags',
        'note',
        'sourceUrl',
        'savedAt',
        'updatedAt',
      ].sort(),
    );
    expect(kept!.links).toEqual({
      linkedin: full!.links!.linkedin,
      twitter: undefined,
      github: full!.links!.github,
      website: undefined,
    });
  });

  it('read a whole list oldest first, as the rows table holds it after edits, moves and a bulk save', async () => {
    const { db, list, other, savedIds } = await busyList();

    const fromChunks = await readExportRows(db, list.id);
    const fromRows: RowRecord[] = await loadList(db, list.id);

    expect(fromChunks.map((r) => r.id)).toEqual(fromRows.map((r) => r.id));
    expect(fromChunks).toHaveLength(BUSY_LIST_ROWS);
    expect(cells(fromChunks)).toEqual(cells(fromRows));
    expect((await readExportRows(db, other.id)).map((r) => r.id)).toEqual(savedIds.slice(10, 15));
  });

  it('read nothing for a list without rows', async () => {
    const db = freshDb();
    const list = await newList(db, 'Empty');

    expect(await readExportRows(db, list.id)).toEqual([]);
  });
});
