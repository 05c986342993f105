import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import type { browser } from 'wxt/browser';
import type { LedgerPage } from '../../api-client/contract/billing.ts';
import { billingApi, PASSWORD, uniqueEmail } from './api-setup.ts';
import { expect, test } from './fixtures.ts';
import { extractPanel } from './pages/extract-panel.ts';
import { openPopup } from './pages/popup.ts';

/** The extension API inside `evaluate` callbacks, which run in the extension's service worker. */
declare const chrome: typeof browser;

const FIXTURES = path.resolve('tests/fixtures/pages');
const TEAM = JSON.parse(readFileSync(path.join(FIXTURES, 'cards-team.expected.json'), 'utf8')) as {
  profiles: Array<{ name: string }>;
};

/** Saved fixture pages over HTTP on 127.0.0.1 (an ephemeral port): /team/ shows people, /customers/ none. */
async function startPages(): Promise<{ url: string; close(): Promise<void> }> {
  const pages: Record<string, string> = {
    '/team/': 'cards-team.html',
    '/customers/': 'testimonials.html',
  };
  const server: Server = createServer((request, response) => {
    const file = pages[request.url ?? ''];
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(readFileSync(path.join(FIXTURES, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let pages: Awaited<ReturnType<typeof startPages>>;
test.beforeAll(async () => {
  pages = await startPages();
});
test.afterAll(async () => {
  await pages?.close();
});

/** The id of the tab showing `page`, as the extension sees it. */
async function tabIdOf(context: BrowserContext, page: Page): Promise<number> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const url = page.url();
  const id = await worker.evaluate(async (target) => {
    const tabs = await chrome.tabs.query({});
    return tabs.find((tab) => tab.url === target)?.id;
  }, url);
  if (id === undefined) throw new Error(`no tab shows ${url}`);
  return id;
}

/**
 * A signed-in popup pointed at a tab showing `pagePath`, for a fresh user with 50 free credits. The
 * popup opens as a tab of its own with ?tab=<id>: Playwright cannot click the toolbar icon.
 */
async function popupOver(context: BrowserContext, extensionId: string, apiUrl: string, pagePath: string) {
  const billing = billingApi(apiUrl);
  const email = uniqueEmail('sourcer');
  const { token } = await billing.signUp(email);
  const site = await context.newPage();
  await site.goto(`${pages.url}${pagePath}`);
  const tabId = await tabIdOf(context, site);
  const popup = await openPopup(context, extensionId, { height: 700, search: `?tab=${tabId}` });
  await popup.signIn(email, PASSWORD);
  await expect(popup.available).toHaveText('50');
  return { popup, panel: extractPanel(popup.page), site, token, billing };
}

async function spendsOf(apiUrl: string, token: string) {
  const response = await fetch(`${apiUrl}/v1/me/ledger?limit=100`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const { entries } = (await response.json()) as LedgerPage;
  return entries.filter((entry) => entry.kind === 'spend');
}

test.describe('extract profiles', () => {
  test('shows the people of a team page, charges 1 credit once, and saves them to a new list', async ({
    context,
    extensionId,
    api,
  }) => {
    const { popup, panel, token, billing, site } = await popupOver(context, extensionId, api.url, '/team/');
    const html = () => site.evaluate(() => document.documentElement.outerHTML);
    const before = await html();

    await panel.extractButton.click();

    await expect(panel.names).toHaveText(TEAM.profiles.map((p) => p.name));
    await expect(panel.charge).toHaveText('1 credit from your personal credits.');
    await expect(popup.available).toHaveText('49');
    expect((await billing.balance(token)).available).toBe(49);
    expect(await spendsOf(api.url, token)).toHaveLength(1);
    // The extractor only read the page: it is as it was.
    expect(await html()).toBe(before);
    await popup.screenshot('popup-extract-preview');

    await panel.extractButton.click();

    await expect(panel.charge).toHaveText('Already paid for this page: not charged again.');
    await expect(panel.names).toHaveCount(TEAM.profiles.length);
    expect((await billing.balance(token)).available).toBe(49);
    expect(await spendsOf(api.url, token)).toHaveLength(1);

    await panel.saveToNewList('Northwind team');

    await expect(panel.saved).toHaveText(`Saved ${TEAM.profiles.length} to “Northwind team”`);
    expect(await rowsByList(popup.page)).toEqual({
      'Northwind team': TEAM.profiles.map((p) => p.name).sort(),
    });
  });

  test('says so and charges nothing on a page with no people', async ({ context, extensionId, api }) => {
    const { panel, token, billing } = await popupOver(context, extensionId, api.url, '/customers/');

    await panel.extractButton.click();

    await expect(panel.message).toHaveText('No people found on this page. Nothing was charged.');
    expect((await billing.balance(token)).available).toBe(50);
    expect(await spendsOf(api.url, token)).toHaveLength(0);
  });

  test('keeps the preview locked, with how to get credits, when the user has none', async ({
    context,
    extensionId,
    api,
  }) => {
    const { popup, panel, token, billing } = await popupOver(context, extensionId, api.url, '/team/');
    await billing.spend(token, 50);
    await expect(popup.available).toHaveText('0');

    await panel.extractButton.click();

    await expect(panel.locked).toContainText('Not enough credits');
    await expect(panel.locked).toContainText(`${TEAM.profiles.length} people found`);
    await expect(panel.locked).toContainText('Top up your personal credits');
    await expect(panel.table).toHaveCount(0);
    await expect(popup.page.getByText(TEAM.profiles[0]!.name)).toHaveCount(0);
    await expect(popup.page.getByRole('button', { name: /^Save/ })).toHaveCount(0);
    expect(await spendsOf(api.url, token)).toHaveLength(1);
    await popup.screenshot('popup-extract-locked');
  });

  test('explains that Chrome keeps its own pages from extensions, and charges nothing', async ({
    context,
    extensionId,
    api,
  }) => {
    const { popup, panel, token, billing } = await popupOver(context, extensionId, api.url, '/team/');
    const settings = await context.newPage();
    await settings.goto('chrome://version/');
    const tabId = await activeTabId(context, settings);
    // The chrome:// tab must be found: without it the test would not be aimed at a Chrome page at all.
    expect(tabId).toBeDefined();
    await popup.page.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);

    await panel.extractButton.click();

    await expect(panel.message).toContainText("Chrome doesn't let extensions read this page");
    expect((await billing.balance(token)).available).toBe(50);
  });
});

/** Every list in the extension's IndexedDB with the names of its rows, read in `page` (an extension page). */
function rowsByList(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('lasso');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const all = <T>(store: string) =>
      new Promise<T[]>((resolve, reject) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result as T[]);
        request.onerror = () => reject(request.error);
      });
    const lists = await all<{ id: string; name: string }>('lists');
    const rows = await all<{ listId: string; name: string }>('rows');
    db.close();
    return Object.fromEntries(
      lists.map((list) => [
        list.name,
        rows
          .filter((row) => row.listId === list.id)
          .map((row) => row.name)
          .sort(),
      ]),
    );
  });
}

/** The id of the active tab once `page` is brought to the front (for pages whose URL the extension cannot see). */
async function activeTabId(context: BrowserContext, page: Page): Promise<number | undefined> {
  await page.bringToFront();
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return worker.evaluate(
    async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id,
  );
}
