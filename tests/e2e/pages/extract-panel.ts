import type { Page } from '@playwright/test';

/** The "Extract profiles" panel of a signed-in popup. */
export function extractPanel(page: Page) {
  const panel = page.getByTestId('extract');
  return {
    panel,
    extractButton: panel.getByRole('button', { name: /^(Extract profiles|Extract again)$/ }),
    table: page.getByTestId('extract-table'),
    /** The name of every row, as shown (without the provenance marker beside it). */
    names: page.getByTestId('extract-table').locator('tbody tr td:first-child .extract__value'),
    charge: page.getByTestId('extract-charge'),
    message: page.getByTestId('extract-message'),
    locked: page.getByTestId('extract-locked'),
    saved: page.getByTestId('extract-saved'),
    /** Saves the shown people to a new list named `name`. */
    async saveToNewList(name: string) {
      await panel.getByRole('button', { name: /^Save \d+ to a list$/ }).click();
      await panel.getByLabel('New list name').fill(name);
      await panel.getByRole('button', { name: 'Save', exact: true }).click();
    },
  };
}
