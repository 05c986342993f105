import { expect, test } from './fixtures.ts';
import { openPopup } from './pages/popup.ts';

test.describe('popup', () => {
  test('shows the billing API as connected when it runs', async ({ context, extensionId, api }) => {
    const popup = await openPopup(context, extensionId);

    await expect(popup.apiStatus).toHaveText('Billing API: connected (pglite)');
    await expect(popup.checkAgainButton).toBeEnabled();
    await popup.screenshot('popup-connected');
    expect(api.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('says it cannot reach the billing API when it is down, and connects on Retry once it is back', async ({
    context,
    extensionId,
    api,
  }) => {
    await api.stop();

    const popup = await openPopup(context, extensionId);

    await expect(popup.apiStatus).toContainText(`Cannot reach the billing API at ${api.url}`);
    await expect(popup.retryButton).toBeFocusable();
    await popup.screenshot('popup-unreachable');

    await api.start();
    await popup.retryButton.press('Enter');

    await expect(popup.apiStatus).toHaveText('Billing API: connected (pglite)');
  });
});
