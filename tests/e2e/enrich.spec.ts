import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import type { LedgerEntry, LedgerPage } from '../../api-client/contract/billing.ts';
import { billingApi, PASSWORD, uniqueEmail } from './api-setup.ts';
import { expect, test } from './fixtures.ts';
import { openLists } from './pages/lists.ts';
import { openPopup } from './pages/popup.ts';

// Bulk enrichment as a user runs it: rows imported into a list, "Enrich" in the bulk bar, the cost
// preview confirmed, the background worker's job runner enriching each row (hold → fetch the page served
// here → parse offscreen → capture, or release) against the real API, progress in the dashboard.

const PROFILE = readFileSync(path.resolve('tests/fixtures/enrichment/staff-profile.html'), 'utf8');
const PEOPLE = ['Amara Okafor', 'Bruno Santos', 'Chen Wei', 'Dana Levi', 'Emeka Obi', 'Farah Khan'];

/** Profile pages for PEOPLE at /people/<slug>; anything else is a 404. `delayMs` slows every answer. */
async function startPages() {
  const state = { delayMs: 0, requests: 0 };
  const server: Server = createServer((request, response) => {
    state.requests += 1;
    const person = PEOPLE.find((name) => request.url === `/people/${slug(name)}`);
    setTimeout(() => {
      if (response.destroyed) return;
      if (person) {
        response
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(PROFILE.replaceAll('Amara Okafor', person));
      } else {
        response.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
      }
    }, state.delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function slug(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '-');
}

let pages: Awaited<ReturnType<typeof startPages>>;
test.beforeAll(async () => {
  pages = await startPages();
});
test.afterAll(async () => {
  await pages?.close();
});
test.beforeEach(() => {
  pages.state.delayMs = 0;
  pages.state.requests = 0;
});

/** A CSV of `names`, each with its profile page; `missing` get a URL that answers 404. */
function csvOf(names: readonly string[], missing: readonly string[] = []): string {
  const lines = names.map((name) => {
    const page = missing.includes(name) ? `/people/gone-${slug(name)}` : `/people/${slug(name)}`;
    return `${name},${pages.url}${page}`;
  });
  return ['Name,Profile URL', ...lines].join('\n');
}

/** A fresh user with 50 free credits, signed in in the extension, and a list holding `csv`'s rows. */
async function signedInWithList(context: BrowserContext, extensionId: string, apiUrl: string, csv: string) {
  const billing = billingApi(apiUrl);
  const email = uniqueEmail('enricher');
  const { token, user } = await billing.signUp(email);
  const popup = await openPopup(context, extensionId, { height: 600 });
  await popup.signIn(email, PASSWORD);
  await expect(popup.available).toHaveText('50');
  await popup.page.close();

  const lists = await openLists(context, extensionId);
  await lists.createList('Candidates');
  const rowCount = csv.split('\n').length - 1;
  const report = await lists.importFile({ name: 'candidates.csv', mimeType: 'text/csv', text: csv });
  await expect(report).toContainText(`Imported ${rowCount}`);
  return { billing, token, lists, userId: user.id };
}

type Lists = Awaited<ReturnType<typeof openLists>>;

/** Selects every row of the list, clicks Enrich in the bulk bar, and returns the cost preview. */
async function enrichAll(lists: Lists, firstName: string, count: number) {
  await lists.table.getByRole('checkbox', { name: `Select ${firstName}` }).check();
  const selectAll = lists.page.getByRole('button', { name: `Select all ${count}` });
  if (await selectAll.isVisible()) await selectAll.click();
  await lists.page
    .getByRole('toolbar', { name: 'Selected rows' })
    .getByRole('button', { name: 'Enrich' })
    .click();
  return lists.page.getByRole('dialog', { name: 'Enrich rows' });
}

async function ledgerOf(apiUrl: string, token: string): Promise<LedgerEntry[]> {
  const response = await fetch(`${apiUrl}/v1/me/ledger?limit=500`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return ((await response.json()) as LedgerPage).entries;
}

const count = (entries: readonly LedgerEntry[], kind: LedgerEntry['kind']) =>
  entries.filter((e) => e.kind === kind).length;

/** Σ of the ledger's amounts: what the personal buckets hold, by the ledger's own account. */
const ledgerSum = (entries: readonly LedgerEntry[]) => entries.reduce((sum, e) => sum + e.amount, 0);

test.describe('bulk enrichment', () => {
  test('enriches 5 rows of which one page is missing: 4 credits, the failed row explained, balance and ledger agree', async ({
    context,
    extensionId,
    api,
  }) => {
    test.setTimeout(90_000);
    const names = PEOPLE.slice(0, 5);
    const { billing, token, lists } = await signedInWithList(
      context,
      extensionId,
      api.url,
      csvOf(names, ['Dana Levi']),
    );

    const dialog = await enrichAll(lists, names[0]!, 5);
    await expect(dialog.getByTestId('cost-preview')).toHaveText(
      'Enrich 5 rows → at most 5 credits. You can spend 50 (personal). The run stops when credits run out.',
    );
    await lists.screenshot('enrich-preview');
    await dialog.getByRole('button', { name: 'Start' }).click();

    const job = lists.page.getByTestId('job');
    await expect(job).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(job.getByTestId('job-counts')).toHaveText('5 / 5 rows · 4 done · 1 failed · 0 skipped');
    await expect(job.getByTestId('job-credits')).toHaveText(
      '4 credits spent: 0 from the team pool, 4 personal',
    );
    await expect(job.getByTestId('job-failure')).toHaveText('Dana Levi: The page answered 404');
    // The rows themselves gained what the pages had, and the user's own fields stayed.
    await expect(lists.row('Amara Okafor')).toContainText('Northwind Analytics');
    await expect(lists.row('Emeka Obi')).toContainText('Head of Data Platform');
    await expect(lists.row('Dana Levi')).not.toContainText('Northwind Analytics');
    await expect(lists.row('Dana Levi').getByTestId('enrichment-mark')).toHaveAttribute(
      'aria-label',
      'Enrichment failed: The page answered 404',
    );
    await expect(lists.row('Amara Okafor').getByTestId('enrichment-mark')).toHaveAttribute(
      'aria-label',
      /^Enriched: added .*company/,
    );
    await lists.screenshot('enrich-done');

    const balance = await billing.balance(token);
    expect(balance).toMatchObject({ available: 46, personal: { free: 46, held: 0 } });
    const ledger = await ledgerOf(api.url, token);
    expect(count(ledger, 'capture')).toBe(4);
    expect(count(ledger, 'hold')).toBe(5);
    expect(count(ledger, 'release')).toBe(1);
    expect(ledgerSum(ledger)).toBe(balance.available);
  });

  test('enriches one row from its menu for 1 credit', async ({ context, extensionId, api }) => {
    const names = PEOPLE.slice(0, 2);
    const { billing, token, lists } = await signedInWithList(context, extensionId, api.url, csvOf(names));

    await lists.page.getByLabel('Actions for Bruno Santos').click();
    await lists.row('Bruno Santos').getByRole('button', { name: 'Enrich' }).click();
    const dialog = lists.page.getByRole('dialog', { name: 'Enrich rows' });
    await expect(dialog.getByTestId('cost-preview')).toContainText('Enrich 1 row → at most 1 credit.');
    await dialog.getByRole('button', { name: 'Start' }).click();

    await expect(lists.page.getByTestId('job')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
    await expect(lists.row('Bruno Santos')).toContainText('Northwind Analytics');
    await expect(lists.row('Amara Okafor')).not.toContainText('Northwind Analytics');
    expect(await billing.balance(token)).toMatchObject({ available: 49 });
    await lists.page.getByTestId('job').getByRole('button', { name: 'Dismiss' }).click();
    await expect(lists.page.getByTestId('job')).toHaveCount(0);
    await expect(lists.row('Bruno Santos')).toContainText('Northwind Analytics');
  });

  test('cancel halfway: no further charge and no hold left pending', async ({
    context,
    extensionId,
    api,
  }) => {
    test.setTimeout(90_000);
    const names = PEOPLE.slice(0, 6);
    const { billing, token, lists } = await signedInWithList(context, extensionId, api.url, csvOf(names));
    pages.state.delayMs = 1500;

    const dialog = await enrichAll(lists, names[0]!, 6);
    await dialog.getByRole('button', { name: 'Start' }).click();
    const job = lists.page.getByTestId('job');
    // One host: rows go one at a time, 1.5 s each. Cancel once one is charged and the next is in flight
    // (its credit held, its page requested and not answered yet).
    await expect(job.getByTestId('job-credits')).toHaveText(/^1 credit spent/, { timeout: 30_000 });
    await expect.poll(() => pages.state.requests).toBe(2);
    await job.getByRole('button', { name: 'Cancel' }).click();

    await expect(job).toHaveAttribute('data-state', 'cancelled', { timeout: 15_000 });
    await expect(job.getByTestId('job-counts')).toHaveText('6 / 6 rows · 1 done · 1 failed · 4 skipped');
    await expect(job.getByTestId('job-failure').first()).toHaveText(/^[\w ]+: Cancelled$/);
    await expect(job.getByTestId('job-failure').nth(1)).toHaveText(/: Cancelled before it started$/);
    const requestsAtEnd = pages.state.requests;
    await lists.page.waitForTimeout(3000);
    expect(pages.state.requests).toBe(requestsAtEnd);
    const balance = await billing.balance(token);
    expect(balance).toMatchObject({ available: 49, personal: { free: 49, held: 0 } });
    const ledger = await ledgerOf(api.url, token);
    expect(count(ledger, 'capture')).toBe(1);
    expect(count(ledger, 'hold')).toBe(2);
    expect(count(ledger, 'release')).toBe(1);
    expect(ledgerSum(ledger)).toBe(balance.available);
  });

  test('out of credits mid-run: the job pauses with a message, and goes on when credits are added', async ({
    context,
    extensionId,
    api,
  }) => {
    test.setTimeout(120_000);
    const names = PEOPLE.slice(0, 4);
    const { billing, token, lists, userId } = await signedInWithList(
      context,
      extensionId,
      api.url,
      csvOf(names),
    );
    const dialog = await enrichAll(lists, names[0]!, 4);
    await expect(dialog.getByTestId('cost-preview')).toContainText('You can spend 50 (personal).');
    // Credits spent elsewhere while the dialog is open show in its preview before the run starts.
    await billing.spend(token, 48);
    await expect(dialog.getByTestId('cost-preview')).toContainText('You can spend 2 (personal).');
    await dialog.getByRole('button', { name: 'Start' }).click();

    const job = lists.page.getByTestId('job');
    await expect(job).toHaveAttribute('data-state', 'paused_out_of_credits', { timeout: 30_000 });
    await expect(job).toContainText('Paused: out of credits.');
    await expect(job.getByTestId('job-counts')).toHaveText('2 / 4 rows · 2 done · 0 failed · 0 skipped');
    const popup = await openPopup(context, extensionId, { height: 600 });
    await expect(popup.page.getByTestId('job-summary')).toContainText(
      'Enriching: 2 / 4 rows, 0 failed, 2 credits. Paused: out of credits.',
    );

    await billing.topUpUser(userId, 10);
    await expect(job).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
    await expect(job.getByTestId('job-counts')).toHaveText('4 / 4 rows · 4 done · 0 failed · 0 skipped');
    // The run is over: the popup has nothing more to say about it.
    await expect(popup.page.getByTestId('job-summary')).toHaveCount(0);
    const balance = await billing.balance(token);
    expect(balance).toMatchObject({ available: 8 });
    const ledger = await ledgerOf(api.url, token);
    expect(count(ledger, 'capture')).toBe(4);
    expect(ledgerSum(ledger)).toBe(balance.available);
  });

  test('the worker stopped mid-run: the job resumes and no row is charged twice', async ({
    context,
    extensionId,
    api,
  }) => {
    test.setTimeout(120_000);
    const names = PEOPLE.slice(0, 4);
    const { billing, token, lists } = await signedInWithList(context, extensionId, api.url, csvOf(names));
    pages.state.delayMs = 1500;

    const dialog = await enrichAll(lists, names[0]!, 4);
    await dialog.getByRole('button', { name: 'Start' }).click();
    const job = lists.page.getByTestId('job');
    await expect(job.getByTestId('job-credits')).toHaveText(/^1 credit spent/, { timeout: 30_000 });
    // The second row is in flight (held, its page still loading) when Chrome stops the worker.
    await expect.poll(() => pages.state.requests).toBe(2);
    await stopServiceWorkers(context, lists.page);

    await expect(job).toHaveAttribute('data-state', 'done', { timeout: 90_000 });
    await expect(job.getByTestId('job-counts')).toHaveText('4 / 4 rows · 4 done · 0 failed · 0 skipped');
    const balance = await billing.balance(token);
    expect(balance).toMatchObject({ available: 46, personal: { free: 46, held: 0 } });
    const ledger = await ledgerOf(api.url, token);
    expect(count(ledger, 'capture')).toBe(4);
    // The cut-off row asked for its page again, and its hold was replayed by key, not placed twice.
    expect(pages.state.requests).toBe(5);
    expect(count(ledger, 'hold')).toBe(4);
    expect(ledgerSum(ledger)).toBe(balance.available);
  });
});

/**
 * Stops the extension's service worker the way Chrome does when it is idle (DevTools' "Stop"): its
 * in-memory state and running fetches are gone; the next event (a page's message, the job alarm) starts
 * it again. chrome.runtime.reload() is no substitute here: it leaves an unpacked extension disabled.
 */
async function stopServiceWorkers(context: BrowserContext, extensionPage: Page): Promise<void> {
  const cdp = await context.newCDPSession(extensionPage);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}
