import type { BrowserContext, Download, Page } from '@playwright/test';
import { SCREENSHOT_DIR } from '../fixtures.ts';

/** The dashboard's Lists page (its landing page), driven the way a person would. */
export async function openLists(context: BrowserContext, extensionId: string) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/dashboard.html#lists`);
  return listsPage(page);
}

export function listsPage(page: Page) {
  const sidebar = page.getByRole('navigation', { name: 'Lists' });
  const table = page.getByRole('table', { name: 'Saved people' });
  return {
    page,
    sidebar,
    table,
    count: page.locator('.lists-toolbar [aria-live="polite"]'),
    toast: page.locator('.toast'),
    listButton: (name: string) => sidebar.getByRole('button', { name: new RegExp(`^${name}`) }),
    row: (name: string) =>
      table.getByRole('row').filter({ has: page.getByRole('checkbox', { name: `Select ${name}` }) }),

    async createList(name: string) {
      await sidebar.getByLabel('New list name').fill(name);
      await sidebar.getByRole('button', { name: 'Create list' }).click();
    },

    /** Imports a file through the Import panel's file input; returns the report shown. */
    async importFile(
      file: { name: string; mimeType: string; text: string },
      into: 'current' | 'new' = 'current',
    ) {
      const panel = page.locator('details', { hasText: 'Import CSV or JSON' });
      if (!(await panel.getAttribute('open'))) await panel.locator('summary').click();
      await panel.getByLabel('File to import').setInputFiles({
        name: file.name,
        mimeType: file.mimeType,
        buffer: Buffer.from(file.text, 'utf8'),
      });
      await panel.getByLabel('Import into').selectOption(into);
      await panel.getByRole('button', { name: 'Import', exact: true }).click();
      return panel.getByRole('status');
    },

    async addTag(person: string, tag: string) {
      await table.getByRole('button', { name: `Add tag to ${person}` }).click();
      await table.getByLabel('New tag').fill(tag);
      await table.getByLabel('New tag').press('Enter');
    },

    /** Double-clicks a cell, types, and presses Enter (or another key). */
    async editCell(person: string, column: string, value: string, key = 'Enter') {
      await table.getByRole('button', { name: `Edit ${column} of ${person}` }).dblclick();
      const input = table.getByLabel(`${column} of ${person}`);
      await input.fill(value);
      await input.press(key);
    },

    async search(text: string) {
      await page.getByLabel('Search this list').fill(text);
    },

    async filterTag(tag: string) {
      await page.getByLabel('Filter by tag').selectOption(tag);
    },

    /** Exports and returns the captured download. */
    async export(
      format: 'csv' | 'xlsx' | 'json',
      scope: 'list' | 'view' | 'selection' = 'list',
    ): Promise<Download> {
      await page.getByLabel('Export format').selectOption(format);
      await page.getByLabel('Export what').selectOption(scope);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Export', exact: true }).click();
      return download;
    },

    async screenshot(name: string) {
      await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png` });
    },
  };
}
