import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  getColumnSettings,
  resetColumnSettings,
  saveColumnSettings,
} from '../../../../storage/column-settings.ts';
import {
  COLUMN_IDS,
  COLUMNS,
  cellText,
  columnForHeader,
  DEFAULT_COLUMN_SETTINGS,
  normaliseColumnSettings,
} from '../../../../storage/export/columns.ts';
import { exportRows, rowsForExport } from '../../../../storage/export/export-rows.ts';
import { addTags, saveProfiles } from '../../../../storage/rows.ts';
import { findRows, type RowQuery } from '../../../../storage/search.ts';
import { BUSY_LIST_ROWS, busyList } from '../fixtures/busy-list.ts';
import { freshDb, manyProfiles, newList } from '../test-db.ts';

async function listWithRows() {
  const db = freshDb();
  const list = await newList(db, 'Acme: Q3');
  const saved = await saveProfiles(db, list.id, manyProfiles(6), { now: Date.UTC(2025, 0, 1) });
  const ids = saved.ok ? saved.rowIds : [];
  await addTags(db, ids.slice(0, 2), ['shortlist']);
  return { db, list, ids };
}

describe('exportRows', () => {
  const now = new Date(2025, 5, 30, 12).getTime();

  it('exports a whole list with the column settings and custom headers, named after the list', async () => {
    const { db, list } = await listWithRows();
    await saveColumnSettings(db, { visible: ['email', 'name'], headerLabels: { email: 'E-mail address' } });

    const file = await exportRows(db, { kind: 'list', listId: list.id }, 'csv', { now });

    expect(file).toMatchObject({
      fileName: 'Acme- Q3-2025-06-30.csv',
      mimeType: 'text/csv;charset=utf-8',
      rowCount: 6,
    });
    const records = Papa.parse<string[]>((file.data as string).slice(1)).data;
    expect(records[0]).toEqual(['E-mail address', 'Name']);
    expect(records[1]).toEqual(['person.0@example.com', 'Person 0']);
  });

  it('exports the filtered view and the selection', async () => {
    const { db, list, ids } = await listWithRows();

    const view = await exportRows(
      db,
      { kind: 'view', query: { listId: list.id, tag: 'shortlist' } },
      'json',
      { now },
    );
    const selection = await exportRows(
      db,
      { kind: 'selection', ids: [ids[4]!, ids[5]!, 'row_gone'] },
      'json',
      {
        now,
        name: 'Picked',
      },
    );

    expect(JSON.parse(view.data as string).rows.map((r: { name: string }) => r.name)).toEqual([
      'Person 1',
      'Person 0',
    ]);
    expect(selection.fileName).toBe('Picked-2025-06-30.json');
    expect(JSON.parse(selection.data as string).rows.map((r: { name: string }) => r.name)).toEqual([
      'Person 4',
      'Person 5',
    ]);
  });

  it('exports a filtered view, large or small, with the rows and order the rows table gives', async () => {
    const { db, list } = await busyList();
    // Every cell of every column, with the row's id: what any format writes of the rows.
    const cells = (rows: readonly Parameters<typeof cellText>[0][]) =>
      rows.map((r) => [r.id, ...COLUMN_IDS.map((id) => cellText(r, COLUMNS[id]))]);
    const views: RowQuery[] = [
      // Most of the list: picked out of its export chunks.
      { listId: list.id, text: 'person' },
      { listId: list.id, text: 'person', order: 'oldest' },
      // A few rows: read from the rows table.
      { listId: list.id, tag: 'Zoë', text: 'person 1' },
    ];

    for (const query of views) {
      const exported = await rowsForExport(db, { kind: 'view', query });
      const fromRowsTable = await findRows(db, query);
      expect(cells(exported)).toEqual(cells(fromRowsTable));
    }
    expect((await findRows(db, views[0]!)).length).toBeGreaterThan(BUSY_LIST_ROWS / 2);
    expect((await findRows(db, views[2]!)).length).toBeLessThan(BUSY_LIST_ROWS / 16);
  });

  it('exports a selection, large or small, with the rows the rows table gives, in the order given', async () => {
    const { db, list, savedIds } = await busyList();
    const cells = (rows: readonly Parameters<typeof cellText>[0][]) =>
      rows.map((r) => [r.id, ...COLUMN_IDS.map((id) => cellText(r, COLUMNS[id]))]);
    // Most of the list in a scrambled order, a row moved to the other list since, and a deleted row.
    const most = [...savedIds.slice(100), ...savedIds.slice(0, 100).reverse(), 'row_gone'];
    const few = [savedIds[3]!, savedIds[12]!, savedIds[1]!];

    for (const ids of [most, few]) {
      const fromList = await rowsForExport(db, { kind: 'selection', ids, listId: list.id });
      const fromRowsTable = await rowsForExport(db, { kind: 'selection', ids });
      expect(cells(fromList)).toEqual(cells(fromRowsTable));
      expect(fromList.map((r) => r.id)).toEqual(ids.filter((id) => id !== 'row_gone'));
    }
  });

  it('exports an .xlsx file whose sheet is named after the list', async () => {
    const { db, list } = await listWithRows();

    const file = await exportRows(db, { kind: 'list', listId: list.id }, 'xlsx', { now });

    expect(file.fileName).toBe('Acme- Q3-2025-06-30.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.data as unknown as ArrayBuffer);
    expect(workbook.getWorksheet('Acme Q3')?.rowCount).toBe(7);
  });
});

describe('column settings', () => {
  it('starts from the defaults, saves changes, drops unknown columns, and resets', async () => {
    const db = freshDb();

    expect(await getColumnSettings(db)).toEqual(DEFAULT_COLUMN_SETTINGS);
    const saved = await saveColumnSettings(db, {
      visible: ['name', 'bogus' as 'name', 'name', 'email'],
      headerLabels: { name: '  Full   name ', email: '' },
    });

    expect(saved).toEqual({ visible: ['name', 'email'], headerLabels: { name: 'Full name' } });
    expect(await getColumnSettings(db)).toEqual(saved);
    expect(await resetColumnSettings(db)).toEqual(DEFAULT_COLUMN_SETTINGS);
  });

  it('falls back to the default columns when none is visible', () => {
    expect(normaliseColumnSettings({ visible: [] }).visible).toEqual(DEFAULT_COLUMN_SETTINGS.visible);
  });

  it.each([
    ['Name', 'name'],
    ['full_name', 'name'],
    ['E-mail', 'email'],
    ['Profile URL', 'profileUrl'],
    ['profileUrl', 'profileUrl'],
    ['LinkedIn', 'linkedin'],
    ['Organisation', 'company'],
    ['Notes', 'note'],
    ['Shoe size', undefined],
  ])('maps the header %j to %j', (header, id) => {
    expect(columnForHeader(header)).toBe(id);
  });

  it('maps a custom header label back to its column', () => {
    expect(
      columnForHeader('Candidate', { ...DEFAULT_COLUMN_SETTINGS, headerLabels: { name: 'Candidate' } }),
    ).toBe('name');
  });
});
