import type { LedgerEntry, LedgerPage } from '../../api-client/contract/billing.ts';
import { billingApi, PASSWORD, uniqueEmail } from './api-setup.ts';
import { expect, test } from './fixtures.ts';
import { openLists } from './pages/lists.ts';
import { openPopup } from './pages/popup.ts';

// Email finding as a user runs it: rows in a list, "Find emails" in the bulk bar, the cost preview
// confirmed, the background worker verifying candidates with the real API — whose DNS lookups go to
// this test's responder: acme.test (MX) and engines.test (A) take mail, nomail.test has neither.

const CSV = [
  'Name,Website,Email',
  'Ada Lovelace,https://engines.test,',
  // Already saved with a work address: it shows acme.test's pattern (first initial + last name).
  'Joan Clarke,,jclarke@acme.test',
  'Alan Turing,https://www.acme.test/about,',
  'Edsger Dijkstra,https://nomail.test,',
].join('\n');

async function ledgerOf(apiUrl: string, token: string): Promise<LedgerEntry[]> {
  const response = await fetch(`${apiUrl}/v1/me/ledger?limit=500`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as LedgerPage).entries;
}

test('finds emails for 3 rows of which 2 have a valid candidate: 2 credits, the third explained', async ({
  context,
  extensionId,
  api,
}) => {
  test.setTimeout(90_000);
  api.dns.setZone({
    'acme.test': { mx: ['mail.acme.test'] },
    'engines.test': { a: ['192.0.2.10'] },
  });
  const billing = billingApi(api.url);
  const email = uniqueEmail('finder');
  const { token } = await billing.signUp(email);
  const popup = await openPopup(context, extensionId, { height: 600 });
  await popup.signIn(email, PASSWORD);
  await expect(popup.available).toHaveText('50');
  await popup.page.close();

  const lists = await openLists(context, extensionId);
  await lists.createList('Engineers');
  await expect(
    await lists.importFile({ name: 'engineers.csv', mimeType: 'text/csv', text: CSV }),
  ).toContainText('Imported 4');

  for (const name of ['Ada Lovelace', 'Alan Turing', 'Edsger Dijkstra']) {
    await lists.table.getByRole('checkbox', { name: `Select ${name}` }).check();
  }
  await lists.page
    .getByRole('toolbar', { name: 'Selected rows' })
    .getByRole('button', { name: 'Find emails' })
    .click();
  const dialog = lists.page.getByRole('dialog', { name: 'Find emails' });
  await expect(dialog.getByTestId('cost-preview')).toHaveText(
    'Find emails for 3 rows → at most 3 credits. You can spend 50 (personal). The run stops when credits run out.',
  );
  await dialog.getByRole('button', { name: 'Start' }).click();

  const job = lists.page.getByTestId('job');
  await expect(job).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(job.getByTestId('job-counts')).toHaveText('3 / 3 rows · 2 done · 1 failed · 0 skipped');
  await expect(job.getByTestId('job-credits')).toHaveText(
    '2 credits spent: 0 from the team pool, 2 personal',
  );
  await expect(job.getByTestId('job-failure')).toHaveText(
    'Edsger Dijkstra: No verified email found: 1 address checked: domain takes no mail (1)',
  );
  // The usual first pattern where the lists know nothing of the domain; the list's own pattern at acme.test.
  await expect(lists.row('Ada Lovelace')).toContainText('ada.lovelace@engines.test');
  await expect(lists.row('Alan Turing')).toContainText('aturing@acme.test');
  await expect(lists.row('Edsger Dijkstra').getByTestId('email-finding-mark')).toHaveAttribute(
    'aria-label',
    'No verified email found: 1 address checked: domain takes no mail (1)',
  );
  await expect(lists.row('Alan Turing').getByTestId('email-finding-mark')).toHaveAttribute(
    'aria-label',
    'Verified email: aturing@acme.test',
  );
  await lists.page.setViewportSize({ width: 1500, height: 560 });
  await lists.screenshot('lists-find-email');

  const balance = await billing.balance(token);
  expect(balance).toMatchObject({ available: 48, personal: { free: 48, held: 0 } });
  const ledger = await ledgerOf(api.url, token);
  const spends = ledger.filter((entry) => entry.kind === 'spend');
  expect(spends).toHaveLength(2);
  expect(spends.every((entry) => entry.action === 'email_find')).toBe(true);
  expect(ledger.reduce((sum, entry) => sum + entry.amount, 0)).toBe(balance.available);
});
