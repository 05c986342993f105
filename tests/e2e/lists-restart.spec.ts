import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext } from '@playwright/test';
import { expect, launchExtensionContext, test } from './fixtures.ts';
import { openLists } from './pages/lists.ts';

const PEOPLE_CSV = [
  'Name,Title,Company,Email',
  'Ada Lovelace,Analyst,Analytical Engines,ada@example.com',
  'Grace Hopper,Rear Admiral,US Navy,grace@example.com',
].join('\r\n');

async function extensionIdOf(context: BrowserContext): Promise<string> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return new URL(worker.url()).host;
}

// The issue asks for "reload the extension and find everything still there". chrome.runtime.reload()
// leaves an unpacked extension disabled in this Chromium, so this quits the whole browser and starts it
// again on the same profile: the extension is loaded afresh from disk, its worker and pages start cold,
// and everything the user sees must come back from IndexedDB.
test('lists, rows, tags and notes are still there after quitting the browser and starting it again', async () => {
  test.setTimeout(90_000);
  const profileDir = await mkdtemp(path.join(tmpdir(), 'lasso-e2e-profile-'));
  try {
    const first = await launchExtensionContext(profileDir);
    const extensionId = await extensionIdOf(first);
    const lists = await openLists(first, extensionId);
    await lists.createList('Restart check');
    await lists.importFile({ name: 'people.csv', mimeType: 'text/csv', text: PEOPLE_CSV });
    await expect(lists.listButton('Restart check')).toContainText('2');
    await lists.addTag('Grace Hopper', 'keep');
    await lists.editCell('Ada Lovelace', 'Note', 'Call back in March');
    await expect(lists.row('Ada Lovelace')).toContainText('Call back in March');
    await first.close();

    const second = await launchExtensionContext(profileDir);
    try {
      expect(await extensionIdOf(second)).toBe(extensionId);
      const again = await openLists(second, extensionId);
      await expect(again.listButton('Restart check')).toContainText('2');
      await again.listButton('Restart check').click();
      await expect(again.row('Ada Lovelace')).toContainText('Call back in March');
      await expect(again.row('Grace Hopper').locator('.tag-chip')).toHaveText(/keep/);
      await expect(again.row('Grace Hopper')).toContainText('Rear Admiral');
    } finally {
      await second.close();
    }
  } finally {
    await rm(profileDir, { recursive: true, force: true });
  }
});
