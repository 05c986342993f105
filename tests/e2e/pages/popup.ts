import type { BrowserContext, Page } from '@playwright/test';
import { SCREENSHOT_DIR } from '../fixtures.ts';

/**
 * Opens the extension's popup page in a tab of its own, at the popup's width. `search: '?tab=<id>'`
 * points it at a web page's tab, as the toolbar icon would (in a tab of its own, the active tab is the popup).
 */
export async function openPopup(
  context: BrowserContext,
  extensionId: string,
  options: { height?: number; search?: string } = {},
) {
  const page: Page = await context.newPage();
  await page.setViewportSize({ width: 380, height: options.height ?? 260 });
  await page.goto(`chrome-extension://${extensionId}/popup.html${options.search ?? ''}`);

  const auth = {
    email: page.getByLabel('Email', { exact: true }),
    password: page.getByLabel('Password', { exact: true }),
  };
  return {
    page,
    apiStatus: page.locator('.api-status [role="status"]'),
    retryButton: page.getByRole('button', { name: 'Retry', exact: true }),
    checkAgainButton: page.getByRole('button', { name: 'Check again' }),

    // Signed out
    authForm: page.locator('form.auth'),
    authError: page.locator('form.auth [role="alert"]'),
    /** Switches the form to "Create your Lasso account" (if it is not already). */
    async showSignUp() {
      const heading = page.getByRole('heading', { name: 'Create your Lasso account' });
      if (!(await heading.isVisible())) await page.getByRole('button', { name: 'Create an account' }).click();
      await heading.waitFor();
    },
    async signUp(email: string, password: string) {
      await this.showSignUp();
      await auth.email.fill(email);
      await auth.password.fill(password);
      await page.getByRole('button', { name: 'Create account', exact: true }).click();
    },
    async signIn(email: string, password: string) {
      await auth.email.fill(email);
      await auth.password.fill(password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    },

    // Signed in
    available: page.getByTestId('available'),
    spendOrder: page.getByTestId('spend-order'),
    freshness: page.getByTestId('freshness'),
    connectionNotice: page.getByTestId('connection-notice'),
    balanceView: page.locator('.balance-view'),
    poolCard: page.getByTestId('pool-card'),
    poolAvailable: page.getByTestId('pool-available'),
    poolTotal: page.getByTestId('pool-total'),
    poolReset: page.getByTestId('pool-reset'),
    poolMode: page.getByTestId('pool-mode'),
    personalCard: page.getByTestId('personal-card'),
    profilesPerPage: page.getByTestId('profiles-per-page'),
    outOfCredits: page.getByTestId('out-of-credits'),
    verifyReminder: page.locator('.verify'),
    signOutButton: page.getByRole('button', { name: 'Sign out' }),
    /** The personal bucket figure labelled `name` (Subscription, Top-up, Free). */
    personal(name: string) {
      return page
        .getByTestId('personal-card')
        .locator('div', { has: page.locator('dt', { hasText: new RegExp(`^${name}$`) }) })
        .locator('dd');
    },

    async screenshot(name: string) {
      await page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
    },
  };
}

export type PopupPage = Awaited<ReturnType<typeof openPopup>>;
