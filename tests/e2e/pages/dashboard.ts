import type { BrowserContext } from '@playwright/test';
import { SCREENSHOT_DIR } from '../fixtures.ts';

/** Opens the dashboard at Settings, unless `hash` names another section (`#lists`, `#history`, `#team`). */
export async function openDashboard(context: BrowserContext, extensionId: string, hash = '#settings') {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/dashboard.html${hash}`);

  const apiUrlInput = page.getByLabel('Billing API URL');
  return {
    page,
    apiUrlInput,
    feedback: page.locator('#api-url-feedback'),
    warning: page.locator('.setting__warning'),
    apiStatus: page.locator('.api-status [role="status"]'),
    async saveApiUrl(url: string) {
      await apiUrlInput.fill(url);
      await page.getByRole('button', { name: 'Save' }).click();
    },
    async useDefault() {
      await page.getByRole('button', { name: 'Use default' }).click();
    },
    async screenshot(name: string) {
      await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
    },
  };
}
