/**
 * Export round-trips: each file read back with the library a user's tool would use, and compared with
 * the source rows. CSV and XLSX cells that look like formulas come back with exactly one guard quote.
 */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { type ColumnId, cellText, exportColumns } from '../../../../storage/export/columns.ts';
import { CSV_BOM, exportCsv } from '../../../../storage/export/csv.ts';
import { buildJsonExport, exportJson, JSON_EXPORT_SCHEMA_VERSION } from '../../../../storage/export/json.ts';
import { exportXlsx, XLSX_HYPERLINKS_MAX, xlsxCells } from '../../../../storage/export/xlsx.ts';
import type { RowRecord } from '../../../../storage/model.ts';
import { guarded, TRICKY_ROWS } from '../fixtures/tricky-rows.ts';
import { row } from '../test-db.ts';

const ALL_COLUMNS = exportColumns({
  visible: [
    'name',
    'title',
    'company',
    'location',
    'email',
    'phone',
    'profileUrl',
    'linkedin',
    'twitter',
    'github',
    'website',
    'imageUrl',
    'tags',
    'note',
    'sourceUrl',
    'savedAt',
    'updatedAt',
  ],
  headerLabels: { name: 'Full name', note: '=Notes' },
});

/** The source rows as a table of text, written out by hand rather than through the exporter. */
function expectedTable(rows: readonly RowRecord[], guard: (text: string) => string): string[][] {
  const text = (r: RowRecord, id: ColumnId): string => {
    if (id === 'tags') return r.tags.join(', ');
    if (id === 'savedAt' || id === 'updatedAt') return new Date(r[id]).toISOString();
    if (id === 'linkedin' || id === 'twitter' || id === 'github' || id === 'website')
      return r.links?.[id] ?? '';
    return (r[id] as string | undefined) ?? '';
  };
  return rows.map((r) => ALL_COLUMNS.map((c) => guard(text(r, c.id))));
}

describe('CSV export', () => {
  it('parses back with papaparse to the source rows, formulas guarded', async () => {
    const csv = await exportCsv(TRICKY_ROWS, { columns: ALL_COLUMNS, chunkRows: 2 });

    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv.charAt(1)).not.toBe(CSV_BOM);
    const parsed = Papa.parse<string[]>(csv.slice(1), { header: false });
    expect(parsed.errors).toEqual([]);
    const [header, ...records] = parsed.data;
    expect(header).toEqual(ALL_COLUMNS.map((c) => guarded(c.header)));
    expect(header?.[ALL_COLUMNS.findIndex((c) => c.id === 'note')]).toBe("'=Notes");
    expect(records).toEqual(expectedTable(TRICKY_ROWS, guarded));
  });

  it('puts exactly one guard quote on formula-looking cells and none elsewhere', async () => {
    const csv = await exportCsv(TRICKY_ROWS, { columns: ALL_COLUMNS });
    const records = Papa.parse<string[]>(csv.slice(1)).data.slice(1);
    const cell = (r: number, id: ColumnId) => records[r]?.[ALL_COLUMNS.findIndex((c) => c.id === id)];

    expect(cell(3, 'name')).toBe(`'=HYPERLINK("https://evil.example","click")`);
    expect(cell(3, 'title')).toBe("'+1+1");
    expect(cell(3, 'company')).toBe("'-2+3");
    expect(cell(3, 'location')).toBe("'@SUM(A1:A9)");
    expect(cell(3, 'phone')).toBe("'+44 20 7946 0000");
    expect(cell(3, 'note')).toBe("'\tstarts with a tab");
    expect(cell(3, 'tags')).toBe("'=tag");
    expect(cell(4, 'name')).toBe("'\rstarts with CR");
    expect(cell(4, 'title')).toBe("'already quoted");
    expect(cell(0, 'name')).toBe('Smith, John');
  });

  it('follows RFC 4180: CRLF between records, quotes doubled, fields with separators quoted', async () => {
    const csv = await exportCsv([TRICKY_ROWS[0]!], {
      columns: exportColumns({ visible: ['name', 'title', 'note'], headerLabels: {} }),
      bom: false,
    });

    expect(csv).toBe(
      'Name,Title,Note\r\n"Smith, John","He said ""hello"", then left","Line one\nLine two\r\nLine three, with ""quotes"""',
    );
  });

  it('reports progress by chunk and stops when aborted', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => row({ name: `P${i}` }, i));
    const progress: number[] = [];
    const controller = new AbortController();

    await exportCsv(rows, { chunkRows: 4, onProgress: (p) => progress.push(p.done) });
    const aborted = exportCsv(rows, {
      chunkRows: 4,
      signal: controller.signal,
      onProgress: (p) => p.done >= 4 && controller.abort(new Error('cancelled')),
    });

    expect(progress).toEqual([0, 4, 8, 10]);
    await expect(aborted).rejects.toThrow('cancelled');
  });
});

/** A cell as a spreadsheet user sees its text. */
function cellAsText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'hyperlink' in value) return value.text;
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('');
  return String(value);
}

async function readXlsx(bytes: Uint8Array) {
  const workbook = new ExcelJS.Workbook();
  // exceljs's load() types want a Node Buffer; a Uint8Array view of the same bytes is what it reads.
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** XLSX cells carry line breaks as LF (XML turns a raw CR into LF), after the guard saw the CR. */
const xlsxGuarded = (text: string) => guarded(text).replace(/\r\n?/g, '\n');

describe('XLSX export', () => {
  it('reads back with exceljs to the source rows, formulas guarded, line breaks as LF', async () => {
    const bytes = await exportXlsx(TRICKY_ROWS, {
      columns: ALL_COLUMNS,
      sheetName: 'Prospects',
      chunkRows: 2,
    });

    const sheet = (await readXlsx(bytes)).getWorksheet('Prospects')!;
    const table: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (r) => {
      table.push(ALL_COLUMNS.map((_, i) => cellAsText(r.getCell(i + 1).value)));
    });
    const [header, ...records] = table;
    expect(header).toEqual(ALL_COLUMNS.map((c) => guarded(c.header)));
    expect(records).toEqual(expectedTable(TRICKY_ROWS, xlsxGuarded));
    expect(records[4]?.[0]).toBe("'\nstarts with CR");
    expect(records[3]?.[0]).toBe(`'=HYPERLINK("https://evil.example","click")`);
  });

  it('styles and freezes the header, sets an autofilter and sensible widths', async () => {
    const bytes = await exportXlsx(TRICKY_ROWS, { columns: ALL_COLUMNS, sheetName: 'Prospects' });

    const sheet = (await readXlsx(bytes)).getWorksheet('Prospects')!;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getRow(1).getCell(1).fill).toMatchObject({ type: 'pattern', pattern: 'solid' });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.autoFilter).toBeDefined();
    const widths = ALL_COLUMNS.map((_, i) => sheet.getColumn(i + 1).width ?? 0);
    for (const width of widths) {
      expect(width).toBeGreaterThanOrEqual(8);
      expect(width).toBeLessThanOrEqual(60);
    }
  });

  it('writes web URLs and emails as hyperlinks, never a javascript: URL', async () => {
    const bytes = await exportXlsx(TRICKY_ROWS, { columns: ALL_COLUMNS, sheetName: 'S' });

    const sheet = (await readXlsx(bytes)).getWorksheet('S')!;
    const col = (id: ColumnId) => ALL_COLUMNS.findIndex((c) => c.id === id) + 1;
    expect(sheet.getRow(2).getCell(col('profileUrl')).value).toEqual({
      text: 'https://www.linkedin.com/in/john-smith/',
      hyperlink: 'https://www.linkedin.com/in/john-smith/',
    });
    expect(sheet.getRow(2).getCell(col('email')).value).toMatchObject({
      hyperlink: 'mailto:john@acme.example',
    });
    expect(sheet.getRow(5).getCell(col('sourceUrl')).value).toBe('javascript:alert(1)');
    expect(sheet.getRow(5).getCell(col('email')).value).toBe(`'=cmd|"/c calc"!A1`);
  });

  it('stores times as dates and tags as a comma list', async () => {
    const bytes = await exportXlsx([TRICKY_ROWS[0]!], { columns: ALL_COLUMNS, sheetName: 'S' });

    const sheet = (await readXlsx(bytes)).getWorksheet('S')!;
    const col = (id: ColumnId) => ALL_COLUMNS.findIndex((c) => c.id === id) + 1;
    const saved = sheet.getRow(2).getCell(col('savedAt'));
    expect(saved.value).toBeInstanceOf(Date);
    expect((saved.value as Date).getTime()).toBe(TRICKY_ROWS[0]!.savedAt);
    expect(saved.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.getRow(2).getCell(col('tags')).value).toBe('Hot lead, Backend');
  });

  it('drops characters XML cannot carry and caps a cell at Excel’s limit', async () => {
    const huge = row({ name: `bad\u0001\uFFFEchars`, note: 'x'.repeat(40_000) });

    const bytes = await exportXlsx([huge], { sheetName: 'S' });

    const sheet = (await readXlsx(bytes)).getWorksheet('S')!;
    const values = sheet.getRow(2).values as ExcelJS.CellValue[];
    expect(values).toContain('badchars');
    expect(values.find((v) => typeof v === 'string' && v.startsWith('xxx'))).toHaveLength(32_767);
  });

  it('writes URLs as plain text once Excel’s per-sheet hyperlink limit is reached', () => {
    const columns = exportColumns({ visible: ['profileUrl', 'sourceUrl'], headerLabels: {} });
    const links = { written: XLSX_HYPERLINKS_MAX - 1, enabled: true };

    const cells = xlsxCells(TRICKY_ROWS[0]!, columns, links);

    expect(cells[0]).toMatchObject({ hyperlink: 'https://www.linkedin.com/in/john-smith/' });
    expect(cells[1]).toBe('https://acme.example/team?page=2&sort=name');
    expect(links.written).toBe(XLSX_HYPERLINKS_MAX);
  });

  it('reports the rows phase by chunk, then the writing phase', async () => {
    const rows = Array.from({ length: 5 }, (_, i) => row({ name: `P${i}` }, i));
    const phases: string[] = [];

    await exportXlsx(rows, {
      chunkRows: 2,
      onProgress: (p) => phases.push(`${p.phase}:${p.done}/${p.total}`),
    });

    expect(phases).toEqual(['rows:0/5', 'rows:2/5', 'rows:4/5', 'rows:5/5', 'writing:0/1', 'writing:1/1']);
  });
});

describe('JSON export', () => {
  it('parses back to the source rows, raw (no formula guard), with a schema version', async () => {
    const text = await exportJson(TRICKY_ROWS, { columns: ALL_COLUMNS, listName: 'Prospects', now: 0 });

    const doc = JSON.parse(text);
    expect(doc).toMatchObject({
      format: 'lasso-rows',
      schemaVersion: JSON_EXPORT_SCHEMA_VERSION,
      exportedAt: '1970-01-01T00:00:00.000Z',
      list: 'Prospects',
    });
    const expected = expectedTable(TRICKY_ROWS, (t) => t);
    const actual = doc.rows.map((r: Record<string, unknown>) =>
      ALL_COLUMNS.map((c) => {
        const value = r[c.id];
        return Array.isArray(value) ? value.join(', ') : ((value as string | undefined) ?? '');
      }),
    );
    expect(actual).toEqual(expected);
    expect(doc.rows[3].name).toBe('=HYPERLINK("https://evil.example","click")');
    expect(doc.rows[0].tags).toEqual(['Hot lead', 'Backend']);
  });

  it('writes only the visible columns', async () => {
    const text = await exportJson([TRICKY_ROWS[0]!], {
      columns: exportColumns({ visible: ['name', 'email'], headerLabels: {} }),
    });

    expect(JSON.parse(text).rows).toEqual([{ name: 'Smith, John', email: 'john@acme.example' }]);
  });
});

describe('cellText', () => {
  it('writes missing values as empty cells', () => {
    const bare = row({ name: 'Only a name' });

    expect(ALL_COLUMNS.map((c) => cellText(bare, c)).filter(Boolean)).toEqual([
      'Only a name',
      '2025-03-01T09:30:00.000Z',
      '2025-03-02T10:00:00.000Z',
    ]);
  });
});

describe('exportJson text', () => {
  it.each([0, 2, 4])('is exactly JSON.stringify of the export object with space %i', async (space) => {
    const opts = { columns: ALL_COLUMNS, listName: 'L', now: 0, space, chunkRows: 2 };

    const text = await exportJson(TRICKY_ROWS, opts);

    expect(text).toBe(JSON.stringify(await buildJsonExport(TRICKY_ROWS, opts), null, space));
  });

  it('writes an empty export and rows without values', async () => {
    const bare = exportColumns({ visible: ['email'], headerLabels: {} });

    expect(JSON.parse(await exportJson([], { now: 0 })).rows).toEqual([]);
    expect(await exportJson([row({ name: 'x' })], { columns: bare, now: 0 })).toBe(
      JSON.stringify(await buildJsonExport([row({ name: 'x' })], { columns: bare, now: 0 }), null, 2),
    );
  });
});
