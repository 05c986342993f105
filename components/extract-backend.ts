import { browser } from 'wxt/browser';
import { sendToBackground } from '../messaging/send.ts';
import type { ExtractBackend, TargetTab } from './extract-store.ts';

/**
 * The extract panel's link to the extension: the background reads and charges the page; the lists live
 * in this extension's IndexedDB, which the popup opens itself (saving is free and local).
 */
export function extensionExtractBackend(): ExtractBackend {
  return {
    targetTab,
    extract: (tabId) => sendToBackground({ type: 'extract.page', tabId }),
    last: ({ tabId, url }) => sendToBackground({ type: 'extract.last', tabId, ...(url ? { url } : {}) }),
    lists: async () => (await local()).lists(),
    createList: async (name) => (await local()).createList(name),
    save: async (listId, profiles) => (await local()).save(listId, profiles),
  };
}

const local = () => import('./extract-lists.ts');

/**
 * The page the popup was opened over: the active tab of its window. `?tab=<id>` names it instead, for a
 * popup opened as a tab of its own (then the active tab is the popup itself, which has no people).
 */
async function targetTab(): Promise<TargetTab | null> {
  const named = new URLSearchParams(location.search).get('tab');
  if (named !== null && /^\d{1,10}$/.test(named)) {
    const tab = await browser.tabs.get(Number(named)).catch(() => undefined);
    return tab?.id === undefined ? null : { tabId: tab.id, url: tab.url };
  }
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (tab?.id === undefined || tab.url?.startsWith(browser.runtime.getURL('/'))) return null;
  return { tabId: tab.id, url: tab.url };
}
