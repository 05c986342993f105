import { expect, test } from './fixtures.ts';
import { openPopup } from './pages/popup.ts';

test.describe('popup', () => {
  test('shows the billing API as connected when it runs', async ({ context, extensionId }) => {
    const popup = await openPopup(context, extensionId);

    await expect(popup.apiStatus).toHaveText('Billing API: connected (pglite)');
    await expect(popup.checkAgainButton).toBeEnabled();
    await popup.screenshot('popup-connected');
  });

  test('follows the system dark theme', async ({ context, extensionId }) => {
    const popup = await openPopup(context, extensionId);
    const background = () => popup.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await popup.page.emulateMedia({ colorScheme: 'light' });
    const light = await background();

    await popup.page.emulateMedia({ colorScheme: 'dark' });

    await expect(popup.apiStatus).toHaveText('Billing API: connected (pglite)');
    expect(await background()).not.toBe(light);
    await popup.screenshot('popup-connected-dark');
  });

  test('says it cannot reach the billing API when it is down, and connects on Retry once it is back', async ({
    context,
    extensionId,
    api,
  }) => {
    // Restarting the API opens a new database, which takes seconds on a busy machine.
    test.slow();
    await api.stop();

    const popup = await openPopup(context, extensionId);

    await expect(popup.apiStatus).toContainText(`Cannot reach the billing API at ${api.url}`);
    await popup.screenshot('popup-unreachable');

    await api.start();
    await popup.retryButton.focus();
    await expect(popup.retryButton).toBeFocused();
    await popup.page.keyboard.press('Enter');

    await expect(popup.apiStatus).toHaveText('Billing API: connected (pglite)');
  });
});
