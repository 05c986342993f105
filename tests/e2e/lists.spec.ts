import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
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

/** What IndexedDB holds, read straight from the extension's database: each row's name, list name and tags. */
function storedRows(page: Page): Promise<Array<{ name: string; list: string; tags: string[] }>> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('lasso');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['rows', 'lists']);
          const rows = tx.objectStore('rows').getAll();
          const lists = tx.objectStore('lists').getAll();
          tx.oncomplete = () => {
            db.close();
            const names = new Map(lists.result.map((l: { id: string; name: string }) => [l.id, l.name]));
            resolve(
              rows.result
                .map((r: { name: string; listId: string; tags: string[] }) => ({
                  name: r.name,
                  list: names.get(r.listId) ?? '?',
                  tags: r.tags,
                }))
                .sort((a, b) => a.list.localeCompare(b.list) || a.name.localeCompare(b.name)),
            );
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

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

  test('bulk bar: tag several rows, copy and move them to another list, delete with Undo', async ({
    context,
    extensionId,
  }) => {
    test.setTimeout(90_000);
    const lists = await openLists(context, extensionId);
    await lists.createList('Archive');
    await lists.createList('Leads');
    await lists.listButton('Leads').click();
    await lists.importFile({ name: 'team.csv', mimeType: 'text/csv', text: TEAM_CSV });
    await expect(lists.listButton('Leads')).toContainText('3');
    const bar = lists.page.getByRole('toolbar', { name: 'Selected rows' });
    const select = async (...names: string[]) => {
      if (await bar.isVisible()) await bar.getByRole('button', { name: 'Clear' }).click();
      for (const name of names) await lists.table.getByRole('checkbox', { name: `Select ${name}` }).check();
      await expect(bar).toContainText(`${names.length} selected`);
    };

    await select('Ada Lovelace', 'Grace Hopper');
    await bar.getByLabel('Tag: tag name', { exact: true }).fill('vip');
    await bar.getByRole('button', { name: 'Tag', exact: true }).click();

    await expect(lists.row('Ada Lovelace').locator('.tag-chip')).toHaveText(/vip/);
    await expect(lists.row('Grace Hopper').locator('.tag-chip')).toHaveText(/vip/);
    await expect(lists.row('نور الهدى 🚀').locator('.tag-chip')).toHaveCount(0);
    expect(await storedRows(lists.page)).toEqual([
      { name: 'Ada Lovelace', list: 'Leads', tags: ['vip'] },
      { name: 'Grace Hopper', list: 'Leads', tags: ['vip'] },
      { name: 'نور الهدى 🚀', list: 'Leads', tags: [] },
    ]);

    await select('Ada Lovelace', 'Grace Hopper');
    await bar.getByLabel('Target list').selectOption({ label: 'Archive' });
    await bar.getByRole('button', { name: 'Copy', exact: true }).click();

    await expect(lists.toast).toContainText('Copied 2 rows.');
    await expect(lists.listButton('Archive')).toContainText('2');
    await expect(lists.listButton('Leads')).toContainText('3');

    await select('نور الهدى 🚀');
    await bar.getByLabel('Target list').selectOption({ label: 'Archive' });
    await bar.getByRole('button', { name: 'Move', exact: true }).click();

    await expect(lists.toast).toContainText('Moved 1 rows.');
    await expect(lists.row('نور الهدى 🚀')).toHaveCount(0);
    await expect(lists.listButton('Archive')).toContainText('3');
    await expect(lists.count).toHaveText('2 people');
    expect((await storedRows(lists.page)).map((r) => `${r.list}: ${r.name}`)).toEqual([
      'Archive: Ada Lovelace',
      'Archive: Grace Hopper',
      'Archive: نور الهدى 🚀',
      'Leads: Ada Lovelace',
      'Leads: Grace Hopper',
    ]);

    await select('Ada Lovelace');
    await bar.getByRole('button', { name: 'Delete', exact: true }).click();

    await expect(lists.toast).toContainText('Deleted 1 rows.');
    await expect(lists.row('Ada Lovelace')).toHaveCount(0);
    await expect(lists.count).toHaveText('1 people');
    expect((await storedRows(lists.page)).filter((r) => r.list === 'Leads').map((r) => r.name)).toEqual([
      'Grace Hopper',
    ]);

    await lists.toast.getByRole('button', { name: 'Undo' }).click();

    await expect(lists.toast).toContainText('Restored 1 rows.');
    await expect(lists.row('Ada Lovelace').locator('.tag-chip')).toHaveText(/vip/);
    await expect(lists.count).toHaveText('2 people');
    expect(await storedRows(lists.page)).toContainEqual({
      name: 'Ada Lovelace',
      list: 'Leads',
      tags: ['vip'],
    });
  });

  test('backup then restore brings back lists, rows and tags after they were deleted', async ({
    context,
    extensionId,
  }) => {
    test.setTimeout(90_000);
    const lists = await openLists(context, extensionId);
    await lists.createList('Leads');
    await lists.importFile({ name: 'team.csv', mimeType: 'text/csv', text: TEAM_CSV });
    await lists.addTag('Ada Lovelace', 'hot');
    await expect(lists.row('Ada Lovelace').locator('.tag-chip')).toHaveText(/hot/);
    const before = await storedRows(lists.page);
    const panel = lists.page.locator('details', { hasText: 'Backup and restore' });
    await panel.locator('summary').click();
    const download = lists.page.waitForEvent('download');
    await panel.getByRole('button', { name: 'Download backup' }).click();
    const backupPath = await (await download).path();

    const bar = lists.page.getByRole('toolbar', { name: 'Selected rows' });
    for (const name of ['Ada Lovelace', 'Grace Hopper', 'نور الهدى 🚀']) {
      await lists.table.getByRole('checkbox', { name: `Select ${name}` }).check();
    }
    await bar.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(lists.count).toHaveText('0 people');
    expect(await storedRows(lists.page)).toEqual([]);

    lists.page.once('dialog', (dialog) => dialog.accept());
    await panel.getByLabel('Backup file to restore').setInputFiles(backupPath);

    await expect(panel.getByRole('status')).toContainText('Restored 1 lists, 3 rows and 1 tags.');
    await expect(lists.row('Ada Lovelace').locator('.tag-chip')).toHaveText(/hot/);
    await expect(lists.listButton('Leads')).toContainText('3');
    expect(await storedRows(lists.page)).toEqual(before);
  });
});
