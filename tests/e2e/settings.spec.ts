import { expect, test } from './fixtures.ts';
import { openDashboard } from './pages/dashboard.ts';
import { openPopup } from './pages/popup.ts';

test.describe('settings', () => {
  test('starts from the API URL the extension was built with', async ({ context, extensionId, api }) => {
    const dashboard = await openDashboard(context, extensionId);

    await expect(dashboard.apiUrlInput).toHaveValue(api.url);
    await expect(dashboard.apiStatus).toHaveText('Billing API: connected (pglite)');
    await expect(dashboard.warning).toHaveCount(0);
    await dashboard.screenshot('dashboard-settings');
  });

  test('refuses a URL that is not http(s), and keeps the one in use', async ({ context, extensionId }) => {
    const dashboard = await openDashboard(context, extensionId);

    await dashboard.saveApiUrl('ftp://example.com');

    await expect(dashboard.feedback).toHaveText('The URL must start with http:// or https://');
    await expect(dashboard.apiUrlInput).toHaveAttribute('aria-invalid', 'true');
    const popup = await openPopup(context, extensionId);
    await expect(popup.apiStatus).toHaveText('Billing API: connected (pglite)');
  });

  test('stores a new API URL that the popup then uses, until reset to the default', async ({
    context,
    extensionId,
    api,
  }) => {
    const dashboard = await openDashboard(context, extensionId);

    // Another host than 127.0.0.1: the e2e build may reach any port there (its fixture pages, wxt.config.ts).
    await dashboard.saveApiUrl('http://localhost:1/');

    await expect(dashboard.feedback).toHaveText('Saved. Lasso now uses http://localhost:1.');
    await expect(dashboard.warning).toContainText('requests to http://localhost:1 will be blocked');
    const popup = await openPopup(context, extensionId);
    await expect(popup.apiStatus).toContainText('Cannot reach the billing API at http://localhost:1');

    await dashboard.useDefault();

    await expect(dashboard.apiUrlInput).toHaveValue(api.url);
    await popup.retryButton.click();
    await expect(popup.apiStatus).toHaveText('Billing API: connected (pglite)');
  });
});
