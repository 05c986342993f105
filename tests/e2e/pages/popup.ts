import type { BrowserContext, Page } from '@playwright/test';
import { SCREENSHOT_DIR } from '../fixtures.ts';

/** Opens the extension's popup page in a tab of its own, at the popup's width. */
export async function openPopup(context: BrowserContext, extensionId: string) {
  const page: Page = await context.newPage();
  await page.setViewportSize({ width: 380, height: 260 });
  await page.goto(`chrome-extension://${extensionId}/popup.html`);

  return {
    page,
    apiStatus: page.locator('.api-status [role="status"]'),
    retryButton: page.getByRole('button', { name: 'Retry' }),
    checkAgainButton: page.getByRole('button', { name: 'Check again' }),
    async screenshot(name: string) {
      await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png` });
    },
  };
}
