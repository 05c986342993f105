import { billingApi, PASSWORD, teamWithMember, uniqueEmail } from './api-setup.ts';
import { expect, launchExtensionContext, test } from './fixtures.ts';
import { openDashboard } from './pages/dashboard.ts';
import { openPopup } from './pages/popup.ts';

test.describe('Team page', () => {
  test('an admin creates a team, adds a member, toggles pool access, and sees the pool and usage live', async ({
    context,
    extensionId,
    api,
  }) => {
    const billing = billingApi(api.url);
    const domain = `lasso-e2e-team-${Date.now().toString(36)}.com`;
    const adminEmail = uniqueEmail('admin', domain);
    const memberEmail = uniqueEmail('member', domain);
    const outsiderEmail = uniqueEmail('outsider');
    await billing.verifiedUser(adminEmail);
    const member = await billing.verifiedUser(memberEmail);
    await billing.verifiedUser(outsiderEmail);

    const popup = await openPopup(context, extensionId, { height: 600 });
    await popup.signIn(adminEmail, PASSWORD);
    await expect(popup.available).toHaveText('50');

    const { page, screenshot } = await openDashboard(context, extensionId, '#team');
    await expect(page.getByRole('link', { name: 'Team' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('no-team')).toContainText('How teams work');
    await expect(page.getByTestId('no-team')).toContainText(`@${domain}`);
    await screenshot('team-no-team');

    await page.getByLabel('Team name').fill('Acme Recruiting');
    await page.getByRole('button', { name: 'Create team' }).click();

    const card = page.getByTestId('team-pool-card');
    await expect(card).toContainText('Acme Recruiting');
    await expect(page.getByTestId('team-pool-total')).toHaveText('0');
    const addForm = page.getByTestId('add-member');
    await expect(addForm).toContainText(`@${domain}`);

    // Each refusal is explained in words.
    const emailInput = page.getByLabel('Email address');
    const feedback = page.getByTestId('add-member-feedback');
    await emailInput.fill(outsiderEmail);
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(feedback).toContainText('different domain');
    await emailInput.fill(uniqueEmail('nobody', domain));
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(feedback).toContainText('Nobody has signed up to Lasso');

    await emailInput.fill(memberEmail);
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(feedback).toHaveText(`Added ${memberEmail} to the team.`);
    const memberRow = page.locator(`[data-testid="member-row"][data-email="${memberEmail}"]`);
    const toggle = memberRow.getByRole('switch', { name: `Pool access for ${memberEmail}` });
    await expect(toggle).toBeChecked();

    const { token: adminToken } = await billing.login(adminEmail);
    const poolAccessOf = async () =>
      (await billing.currentTeam(adminToken)).members.find((row) => row.email === memberEmail)?.poolAccess;

    await toggle.click();
    await expect(toggle).not.toBeChecked();
    await expect.poll(poolAccessOf).toBe(false);
    // Keyboard: the switch toggles with Space.
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect(toggle).toBeChecked();
    await expect.poll(poolAccessOf).toBe(true);

    // A cap per cycle, set in the table, shown beside Credits Used.
    await memberRow.getByRole('button', { name: `Set cap for ${memberEmail}` }).click();
    await memberRow.getByLabel(`Cap for ${memberEmail}`).fill('50');
    await memberRow.getByRole('button', { name: 'Save cap' }).click();
    await expect(memberRow.getByTestId('cycle-cap')).toHaveText('of 50 cap');
    await expect
      .poll(
        async () =>
          (await billing.currentTeam(adminToken)).members.find((row) => row.email === memberEmail)?.cycleCap,
      )
      .toBe(50);

    // The back office funds the pool and the member spends from it: the open page follows live.
    const { id: teamId } = (await billing.currentTeam(adminToken)).team;
    await billing.teamSubscription(teamId, 100);
    await billing.spend(member.token, 7);

    const current = await billing.currentTeam(adminToken);
    const used = current.members.find((row) => row.email === memberEmail)?.creditsUsed;
    expect(used).toBe(7);
    await expect(page.getByTestId('team-pool-available')).toHaveText(String(current.pool.available));
    await expect(page.getByTestId('team-pool-total')).toHaveText(String(current.pool.total));
    await expect(page.getByTestId('team-pool-subscription')).toHaveText(String(current.pool.subscription));
    await expect(page.getByTestId('team-pool-topup')).toHaveText(String(current.pool.topup));
    await expect(page.getByTestId('team-pool-meter')).toHaveAttribute(
      'aria-valuenow',
      String(current.pool.available),
    );
    await expect(memberRow.getByTestId('credits-used')).toHaveText(String(used));
    await expect(page.getByTestId('team-pool-reset')).toContainText('Next reset on');
    await screenshot('team-admin');
  });

  test('a member opens the Team page from the popup and sees the pool and only their own usage', async ({
    context,
    extensionId,
    api,
  }) => {
    const billing = billingApi(api.url);
    const { admin, member, memberEmail } = await teamWithMember(billing, {
      poolCredits: 100,
      poolAccess: true,
    });
    await billing.patchMember(admin.token, member.user.id, { cycleCap: 30 });
    await billing.spend(member.token, 4);

    const popup = await openPopup(context, extensionId, { height: 700 });
    await popup.signIn(memberEmail, PASSWORD);
    await expect(popup.poolAvailable).toHaveText('96');

    const opened = context.waitForEvent('page');
    await popup.poolCard.getByRole('button', { name: 'Team page' }).click();
    const page = await opened;
    await expect(page).toHaveURL(/dashboard\.html#team$/);

    await expect(page.getByTestId('team-pool-available')).toHaveText('96');
    await expect(page.getByTestId('team-pool-total')).toHaveText('100');
    const rows = page.getByTestId('member-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-email', memberEmail);
    await expect(rows.first().getByTestId('credits-used')).toHaveText('4');
    await expect(rows.first().getByTestId('cycle-cap')).toContainText('of 30 cap');
    await expect(page.getByRole('switch')).toHaveCount(0);
    await expect(page.getByTestId('add-member')).toHaveCount(0);
    await page.screenshot({ path: 'tests/e2e/__screenshots__/team-member.png', fullPage: true });
  });

  test("the admin's pool-access switch turns a member's popup between team first and personal only, live", async ({
    context,
    extensionId,
    api,
  }) => {
    const billing = billingApi(api.url);
    const { admin, member, memberEmail } = await teamWithMember(billing, {
      poolCredits: 100,
      poolAccess: true,
    });
    await billing.topUpUser(member.user.id, 20);
    const adminEmail = (await billing.currentTeam(admin.token)).members.find(
      (row) => row.role === 'admin',
    )!.email;

    // The member, in a browser of their own, keeps the popup open throughout.
    const memberBrowser = await launchExtensionContext();
    try {
      const worker = memberBrowser.serviceWorkers()[0] ?? (await memberBrowser.waitForEvent('serviceworker'));
      const memberPopup = await openPopup(memberBrowser, new URL(worker.url()).host, { height: 700 });
      await memberPopup.signIn(memberEmail, PASSWORD);
      await expect(memberPopup.spendOrder).toHaveText('Spending team credits first');
      await expect(memberPopup.available).toHaveText('170');

      // The admin, in this browser, switches the member's pool access on the Team page.
      const adminPopup = await openPopup(context, extensionId, { height: 600 });
      await adminPopup.signIn(adminEmail, PASSWORD);
      // The admin draws on the pool too: 100 + their own 50.
      await expect(adminPopup.available).toHaveText('150');
      const { page } = await openDashboard(context, extensionId, '#team');
      const toggle = page
        .locator(`[data-testid="member-row"][data-email="${memberEmail}"]`)
        .getByRole('switch', { name: `Pool access for ${memberEmail}` });
      await expect(toggle).toBeChecked();

      await toggle.click();
      await expect(toggle).not.toBeChecked();
      await expect(memberPopup.spendOrder).toHaveText('Pool access off — using personal credits');
      await expect(memberPopup.poolMode).toHaveText('Pool access off — using personal credits');
      await expect(memberPopup.available).toHaveText('70');

      await toggle.click();
      await expect(toggle).toBeChecked();
      await expect(memberPopup.spendOrder).toHaveText('Spending team credits first');
      await expect(memberPopup.available).toHaveText('170');

      // What the popup shows is what the API says.
      const balance = await billing.balance(member.token);
      expect(balance.available).toBe(170);
      expect(balance.spendOrder[0]).toBe('team.subscription');
    } finally {
      await memberBrowser.close();
    }
  });
});
