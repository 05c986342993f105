import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { expect, test } from './fixtures.ts';
import { openLists } from './pages/lists.ts';

// A teammate's export: commas, quotes, a newline, emoji, RTL text, a formula-looking title, and one row
// without a name (row 5 counting the header), which the import must report and skip.
const TEAM_CSV = [
  'Name,Title,Company,Email,Tags,Note',
  'Ada Lovelace,"Analyst, Engines",Analytical Engines,ada@example.com,,',
  'Grace Hopper,"=HYPERLINK(""http://evil.example"")",US Navy,grace@example.com,,"Said ""hi""\nat the meetup"',
  'نور الهدى 🚀,Engineer,شركة,noor@example.com,,',
  ',No Name,Nowhere,nobody@example.com,,',
].join('\r\n');

test.describe('Lists page', () => {
  test('signed out: create a list, import, tag, annotate, search, filter, export each format, and find it all after reopening the dashboard', async ({
    context,
    extensionId,
  }) => {
    test.setTimeout(90_000);
    const lists = await openLists(context, extensionId);
    await expect(lists.sidebar).toContainText('No lists yet');

    await lists.createList('Clients 2026');
    await expect(lists.listButton('Clients 2026')).toContainText('0');
    const report = await lists.importFile({ name: 'team.csv', mimeType: 'text/csv', text: TEAM_CSV });

    await expect(report).toContainText('Imported 3, 1 rows skipped: row 5:');
    await expect(lists.listButton('Clients 2026')).toContainText('3');
    await expect(lists.row('Ada Lovelace')).toBeVisible();
    await expect(lists.row('Grace Hopper')).toContainText('=HYPERLINK("http://evil.example")');

    await lists.addTag('Ada Lovelace', 'hot');
    await expect(lists.row('Ada Lovelace').locator('.tag-chip')).toHaveText(/hot/);
    await lists.editCell('Ada Lovelace', 'Note', 'Met at the conference');
    await expect(lists.row('Ada Lovelace')).toContainText('Met at the conference');
    await lists.editCell('Grace Hopper', 'Name', '   ');
    await expect(lists.table.getByRole('alert')).toHaveText('A name cannot be empty.');
    await lists.table.getByLabel('Name of Grace Hopper').press('Escape');
    await expect(lists.row('Grace Hopper')).toBeVisible();

    await lists.search('hopper');
    await expect(lists.count).toHaveText('1 people');
    await expect(lists.row('Ada Lovelace')).toHaveCount(0);
    await lists.search('');
    await lists.filterTag('hot');
    await expect(lists.count).toHaveText('1 people');
    await expect(lists.row('Ada Lovelace')).toBeVisible();
    await lists.page.getByLabel('Filter by tag').selectOption('');
    await expect(lists.count).toHaveText('3 people');
    await lists.page.setViewportSize({ width: 1700, height: 560 });
    await lists.screenshot('lists');

    const csv = await lists.export('csv');
    expect(csv.suggestedFilename()).toMatch(/^Clients 2026-\d{4}-\d{2}-\d{2}\.csv$/);
    const csvText = await readFile(await csv.path(), 'utf8');
    expect(csvText.startsWith('\uFEFF')).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(csvText.slice(1), {
      header: true,
      skipEmptyLines: true,
    });
    const grace = parsed.data.find((r) => r.Name === 'Grace Hopper');
    expect(parsed.data).toHaveLength(3);
    expect(grace?.Title).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(grace?.Note).toBe('Said "hi"\nat the meetup');
    expect(parsed.data.find((r) => r.Name === 'Ada Lovelace')).toMatchObject({
      Title: 'Analyst, Engines',
      Tags: 'hot',
      Note: 'Met at the conference',
    });
    expect(parsed.data.some((r) => r.Name === 'نور الهدى 🚀')).toBe(true);

    const xlsx = await lists.export('xlsx');
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await xlsx.path());
    const sheet = book.worksheets[0]!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const cell = (name: string, header: string) => {
      const row = sheet.getRows(2, sheet.rowCount - 1)!.find((r) => r.getCell(1).text === name);
      return row?.getCell(headers.indexOf(header) + 1).text;
    };
    expect(sheet.rowCount).toBe(4);
    expect(cell('Grace Hopper', 'Title')).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(cell('Ada Lovelace', 'Tags')).toBe('hot');

    const json = await lists.export('json');
    const doc = JSON.parse(await readFile(await json.path(), 'utf8')) as {
      rows: Array<Record<string, unknown>>;
    };
    expect(doc.rows).toHaveLength(3);
    expect(doc.rows.find((r) => r.name === 'Ada Lovelace')).toMatchObject({
      note: 'Met at the conference',
      tags: ['hot'],
    });

    // Close the dashboard and open it afresh: nothing is kept in the page, so all of this is read back
    // from IndexedDB. (chrome.runtime.reload() leaves an unpacked extension disabled in this Chromium.)
    await lists.page.close();
    const again = await openLists(context, extensionId);

    await expect(again.listButton('Clients 2026')).toContainText('3');
    await expect(again.row('Ada Lovelace')).toContainText('Met at the conference');
    await expect(again.row('Ada Lovelace').locator('.tag-chip')).toHaveText(/hot/);
  });
});
