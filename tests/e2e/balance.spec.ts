import { readFileSync } from 'node:fs';
import type { BrowserContext } from '@playwright/test';
import type { browser } from 'wxt/browser';
import { billingApi, PASSWORD, teamWithMember, uniqueEmail } from './api-setup.ts';
import { expect, test } from './fixtures.ts';
import { openDashboard } from './pages/dashboard.ts';
import { openPopup, type PopupPage } from './pages/popup.ts';

/** The extension API inside `evaluate` callbacks, which run in the extension's service worker. */
declare const chrome: typeof browser;

/** What the extension keeps in chrome.storage.local, read in its service worker. */
async function extensionStorage(context: BrowserContext): Promise<Record<string, unknown>> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return worker.evaluate(() => chrome.storage.local.get(null));
}

/** Makes the cached balance look `ageMs` older, as if the popup had last been open that long ago. */
async function ageCachedBalance(context: BrowserContext, ageMs: number): Promise<void> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await worker.evaluate(async (ms) => {
    const { 'balance.cache': stored } = await chrome.storage.local.get('balance.cache');
    const cached = stored as { fetchedAt: number };
    await chrome.storage.local.set({ 'balance.cache': { ...cached, fetchedAt: cached.fetchedAt - ms } });
  }, ageMs);
}

async function signUpInPopup(popup: PopupPage, email: string) {
  await popup.signUp(email, PASSWORD);
  await expect(popup.available).toHaveText('50');
}

test.describe('popup balance', () => {
  test('signs up in the popup and shows the 50 free credits', async ({ context, extensionId, api }) => {
    const popup = await openPopup(context, extensionId, { height: 600 });
    await popup.showSignUp();
    await popup.screenshot('popup-sign-up');
    const email = uniqueEmail('ada');

    await signUpInPopup(popup, email);

    await expect(popup.spendOrder).toHaveText('Using your personal credits');
    await expect(popup.personal('Free')).toHaveText('50');
    await expect(popup.personal('Top-up')).toHaveText('0');
    await expect(popup.profilesPerPage).toContainText('Up to 10 profiles per page');
    await expect(popup.poolCard).toHaveCount(0);
    await expect(popup.verifyReminder).toContainText(email);
    await expect(popup.freshness).toHaveText('Live');
    await popup.screenshot('popup-signed-in');

    await popup.page.getByRole('button', { name: 'Resend the link' }).click();

    await expect(popup.verifyReminder.getByRole('status')).toHaveText(
      'Sent. Check your inbox (and the spam folder).',
    );

    await billingApi(api.url).verifyEmail(email);
    await popup.page.close();
    const reopened = await openPopup(context, extensionId, { height: 600 });

    await expect(reopened.available).toHaveText('50');
    await expect(reopened.verifyReminder).toHaveCount(0);
  });

  test('shows a back-office top-up in the open popup without a reload', async ({
    context,
    extensionId,
    api,
  }) => {
    const billing = billingApi(api.url);
    const popup = await openPopup(context, extensionId, { height: 600 });
    const email = uniqueEmail('grace');
    await signUpInPopup(popup, email);
    await expect(popup.freshness).toHaveText('Live');
    const { user } = await billing.login(email);

    await billing.topUpUser(user.id, 25);

    await expect(popup.available).toHaveText('75');
    await expect(popup.personal('Top-up')).toHaveText('25');
    await popup.screenshot('popup-after-top-up');
  });

  test('says what to do next at 0 credits', async ({ context, extensionId, api }) => {
    const billing = billingApi(api.url);
    const popup = await openPopup(context, extensionId, { height: 600 });
    const email = uniqueEmail('zero');
    await signUpInPopup(popup, email);
    const { token } = await billing.login(email);

    await billing.spend(token, 50);

    await expect(popup.available).toHaveText('0');
    await expect(popup.outOfCredits).toContainText('You have no credits left');
    await expect(popup.outOfCredits).toContainText('Top up your personal credits');
    await popup.screenshot('popup-zero-credits');
  });

  test('a member with pool access sees the Team Credit Pool, spent first', async ({
    context,
    extensionId,
    api,
  }) => {
    const billing = billingApi(api.url);
    const { memberEmail } = await teamWithMember(billing, { poolCredits: 100, poolAccess: true });
    const popup = await openPopup(context, extensionId, { height: 700 });

    await popup.signIn(memberEmail, PASSWORD);

    await expect(popup.available).toHaveText('150');
    await expect(popup.spendOrder).toHaveText('Spending team credits first');
    await expect(popup.poolCard).toContainText('Acme Recruiting');
    await expect(popup.poolAvailable).toHaveText('100');
    await expect(popup.poolTotal).toHaveText('100');
    await expect(popup.poolReset).toHaveText(/^Resets on \d{1,2} [A-Z][a-z]{2} \d{4}$/);
    await expect(popup.poolMode).toHaveText('Spending team credits first');
    await expect(popup.poolCard.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
    await expect(popup.personal('Free')).toHaveText('50');
    await expect(popup.profilesPerPage).toContainText('Up to 25 profiles per page');
    await expect(popup.verifyReminder).toHaveCount(0);
    await popup.screenshot('popup-team-pool-access');
    await popup.page.emulateMedia({ colorScheme: 'dark' });
    await popup.screenshot('popup-team-pool-access-dark');
  });

  test('a member without pool access sees the pool card marked off, and personal credits used', async ({
    context,
    extensionId,
    api,
  }) => {
    const billing = billingApi(api.url);
    const { memberEmail } = await teamWithMember(billing, { poolCredits: 100, poolAccess: false });
    const popup = await openPopup(context, extensionId, { height: 700 });

    await popup.signIn(memberEmail, PASSWORD);

    await expect(popup.available).toHaveText('50');
    await expect(popup.spendOrder).toHaveText('Pool access off — using personal credits');
    await expect(popup.poolMode).toHaveText('Pool access off — using personal credits');
    await expect(popup.poolAvailable).toHaveText('100');
    await expect(popup.profilesPerPage).toContainText('Up to 10 profiles per page');
    await popup.screenshot('popup-team-no-pool-access');
  });

  test('another member spending from the pool shows live, and the history splits a capped spend', async ({
    context,
    extensionId,
    api,
  }) => {
    const billing = billingApi(api.url);
    const { admin, member, memberEmail } = await teamWithMember(billing, {
      poolCredits: 100,
      poolAccess: true,
    });
    const popup = await openPopup(context, extensionId, { height: 700 });
    await popup.signIn(memberEmail, PASSWORD);
    await expect(popup.freshness).toHaveText('Live');

    await billing.spend(admin.token, 10);

    await expect(popup.poolAvailable).toHaveText('90');
    await expect(popup.available).toHaveText('140');

    await billing.patchMember(admin.token, member.user.id, { cycleCap: 2 });
    await billing.spend(member.token, 3);

    await expect(popup.available).toHaveText('49');
    await expect(popup.spendOrder).toHaveText('Team credit cap reached — using personal credits');
    await popup.screenshot('popup-team-cap-reached');

    const dashboard = await openDashboard(context, extensionId, '#history');
    const spendRow = dashboard.page.locator('tr[data-kind="spend"]').first();
    await expect(spendRow).toContainText('Page scrape');
    await expect(spendRow).toContainText('−3');
    await expect(spendRow).toContainText('Team pool 2 · Personal free 1');
    await expect(dashboard.page.locator('tr[data-kind="grant"]')).toContainText('Credits added: Free');
    await dashboard.screenshot('dashboard-history');

    const [download] = await Promise.all([
      dashboard.page.waitForEvent('download'),
      dashboard.page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('id,at,kind,action,bucket,amount,spendId,holdId');
    expect(lines.filter((line) => line.includes(',spend,page_scrape,team.subscription,-2,'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes(',spend,page_scrape,personal.free,-1,'))).toHaveLength(1);
    expect(lines.filter((line) => line.includes(',grant,,personal.free,50,'))).toHaveLength(1);
  });

  test('pages through a long usage history', async ({ context, extensionId, api }) => {
    const billing = billingApi(api.url);
    const popup = await openPopup(context, extensionId, { height: 600 });
    const email = uniqueEmail('busy');
    await signUpInPopup(popup, email);
    const { token, user } = await billing.login(email);
    await billing.topUpUser(user.id, 20);
    for (let i = 0; i < 55; i++) await billing.spend(token, 1);

    const dashboard = await openDashboard(context, extensionId, '#history');
    const rows = dashboard.page.locator('.history__table tbody tr');
    await expect(rows).toHaveCount(50);
    await dashboard.page.getByRole('button', { name: 'Load older entries' }).click();

    await expect(rows).toHaveCount(57);
    await expect(rows.last()).toContainText('Credits added: Free');
    await expect(dashboard.page.getByRole('button', { name: 'Load older entries' })).toHaveCount(0);
  });

  test('Settings shows the account and signs out', async ({ context, extensionId }) => {
    const popup = await openPopup(context, extensionId, { height: 600 });
    const email = uniqueEmail('settings');
    await signUpInPopup(popup, email);

    const dashboard = await openDashboard(context, extensionId);
    const account = dashboard.page.getByTestId('account');
    await expect(account).toContainText(`Signed in as${email}`);
    await expect(account).toContainText('Not in a team');
    await dashboard.screenshot('dashboard-settings-signed-in');
    await account.getByRole('button', { name: 'Sign out' }).click();

    await expect(dashboard.page.getByRole('heading', { name: 'Sign in to Lasso' })).toBeVisible();
    await expect(popup.authForm).toBeVisible();
    expect((await extensionStorage(context))['auth.token']).toBeUndefined();
  });

  test('with the API down, shows the cached balance marked stale, with a clear message', async ({
    context,
    extensionId,
    api,
  }) => {
    // Restarting the API afterwards opens a new database, which takes seconds on a busy machine.
    test.slow();
    const first = await openPopup(context, extensionId, { height: 600 });
    await signUpInPopup(first, uniqueEmail('offline'));
    await first.page.close();
    await api.stop();
    await ageCachedBalance(context, 5 * 60_000);

    const popup = await openPopup(context, extensionId, { height: 600 });

    await expect(popup.available).toHaveText('50');
    await expect(popup.connectionNotice).toContainText(
      'Offline: showing your last known balance, from 5 min ago.',
    );
    await expect(popup.connectionNotice).toContainText(`Cannot reach the billing API at ${api.url}`);
    await expect(popup.balanceView).toHaveAttribute('data-stale', 'true');
    await popup.screenshot('popup-offline-stale');
  });

  test('signing out clears the token from chrome.storage.local', async ({ context, extensionId }) => {
    const popup = await openPopup(context, extensionId, { height: 600 });
    await signUpInPopup(popup, uniqueEmail('bye'));
    const before = await extensionStorage(context);
    expect(before['auth.token']).toMatchObject({ token: expect.any(String) });

    await popup.signOutButton.click();

    await expect(popup.authForm).toBeVisible();
    const after = await extensionStorage(context);
    expect(after['auth.token']).toBeUndefined();
    expect(after['auth.account']).toBeUndefined();
    expect(after['balance.cache']).toBeUndefined();
  });

  test('a revoked token signs the user out cleanly and asks them to sign in again', async ({
    context,
    extensionId,
    api,
  }) => {
    const billing = billingApi(api.url);
    const email = uniqueEmail('revoked');
    const first = await openPopup(context, extensionId, { height: 600 });
    await signUpInPopup(first, email);
    await first.page.close();
    const { token } = (await extensionStorage(context))['auth.token'] as { token: string };

    await billing.logout(token);
    const popup = await openPopup(context, extensionId, { height: 600 });

    await expect(popup.authForm).toContainText(
      'Your session has expired. Sign in again to see your credits.',
    );
    await expect(popup.page.getByLabel('Email', { exact: true })).toHaveValue(email);
    expect((await extensionStorage(context))['auth.token']).toBeUndefined();
    await popup.screenshot('popup-session-expired');

    await popup.signIn(email, PASSWORD);

    await expect(popup.available).toHaveText('50');
  });

  test('signs in with the keyboard alone, and refuses a wrong password with a clear message', async ({
    context,
    extensionId,
    api,
  }) => {
    const email = uniqueEmail('keys');
    await billingApi(api.url).signUp(email);
    const popup = await openPopup(context, extensionId, { height: 600 });
    const { keyboard } = popup.page;
    await popup.page.getByLabel('Email', { exact: true }).focus();

    await keyboard.type(email);
    await keyboard.press('Tab');
    await keyboard.type('not the password');
    await keyboard.press('Enter');

    await expect(popup.authError).toHaveText('Wrong email or password.');
    await expect(popup.page.getByLabel('Email', { exact: true })).toHaveValue(email);
    await popup.screenshot('popup-wrong-password');

    await popup.page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await keyboard.press('Enter');

    await expect(popup.available).toHaveText('50');
    await popup.signOutButton.focus();
    await keyboard.press('Enter');
    await expect(popup.authForm).toBeVisible();
  });
});
