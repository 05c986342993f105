import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createBillingApi } from '../api-client/billing-api.ts';
import { streamBalanceEvents } from '../api-client/events.ts';
import { createLiveHub, type LivePort } from '../messaging/live-ports.ts';
import { createMessageRouter, type MessageHandlers } from '../messaging/router.ts';
import { checkApiStatus } from '../services/api-status.ts';
import { createBrowserFindEmailTask } from '../services/email-finding/in-browser.ts';
import { installEnrichmentE2eHooks } from '../services/enrichment/e2e-hooks.ts';
import { createBrowserEnrichTask } from '../services/enrichment/in-browser.ts';
import { createExtractionService } from '../services/extraction.ts';
import {
  type Badge,
  EXTRACT_COMMAND,
  EXTRACT_MENU_ID,
  extractFromTrigger,
  NO_BADGE,
} from '../services/extraction-triggers.ts';
import { injectExtractor } from '../services/extractor-injection.ts';
import { createJobService, JOBS_ALARM } from '../services/jobs/job-service.ts';
import { createJobRunner } from '../services/jobs/runner.ts';
import { enrichmentHost, findEmailHost } from '../services/jobs/tasks.ts';
import { createLiveBalance } from '../services/live-balance.ts';
import { createSessionService } from '../services/session.ts';
import { createTeamService } from '../services/team.ts';
import { lassoDb } from '../storage/db.ts';
import { newId } from '../storage/ids.ts';
import { jobProgressItem } from '../storage/job-progress.ts';
import { pruneFinishedJobs, unfinishedJobs } from '../storage/jobs.ts';
import { balanceCacheItem } from '../storage/session.ts';
import { apiUrlSetting, getApiUrl } from '../storage/settings.ts';

// Composition root: wire the message handlers and the live port to their services. No rules live here.
// Chrome may stop this worker at any moment and start it again for the next event: everything worth
// keeping is in chrome.storage.local, and listeners are registered synchronously below.
export default defineBackground(() => {
  const policy = { extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') };

  const session = createSessionService({
    getApiUrl,
    createApi: createBillingApi,
    now: Date.now,
    onChange: () => live.restart(),
  });
  const live = createLiveBalance({
    session,
    stream: streamBalanceEvents,
    onConnection: (connection) => hub.broadcast(connection),
    now: Date.now,
  });
  const hub = createLiveHub({
    policy,
    current: () => live.connection,
    onFirstOpen: () => live.start(),
    onLastClose: () => live.stop(),
    onRetry: () => live.retryNow(),
  });

  const team = createTeamService(session);
  const extraction = createExtractionService({
    session,
    readPage: (tabId, limit) => injectExtractor(browser.scripting, tabId, { limit }),
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });

  const db = lassoDb();
  const runner = createJobRunner({
    db,
    tasks: {
      enrich: { run: createBrowserEnrichTask(), host: enrichmentHost },
      find_email: { run: createBrowserFindEmailTask(db), host: findEmailHost },
    },
    api: async () => (await session.current())?.api ?? null,
    now: Date.now,
    newId,
    newSeed: () => crypto.randomUUID(),
    onChange: (job) => jobs.jobChanged(job),
  });
  const jobs = createJobService({
    runner,
    session,
    alarms: browser.alarms,
    setBadge: async (text, title) => {
      await browser.action.setBadgeText({ text });
      await browser.action.setTitle({ title });
    },
    hasUnfinishedJobs: async () => (await unfinishedJobs(db)).length > 0,
    pruneFinished: () => pruneFinishedJobs(db),
    publishProgress: (summary) => jobProgressItem.setValue(summary),
  });

  const handlers: MessageHandlers = {
    'api.health': async () => checkApiStatus(await getApiUrl()),
    'auth.signUp': ({ email, password, name }) => session.signUp({ email, password, name }),
    'auth.signIn': ({ email, password }) => session.signIn({ email, password }),
    'auth.signOut': () => session.signOut(),
    'auth.resendVerification': () => session.resendVerification(),
    'balance.refresh': () => session.refreshBalance(),
    'ledger.page': ({ before, limit }) => session.ledgerPage({ before, limit }),
    'team.current': () => team.current(),
    'team.create': ({ name }) => team.create(name),
    'team.addMember': ({ email, poolAccess }) => team.addMember({ email, poolAccess }),
    'team.updateMember': ({ userId, poolAccess, cycleCap }) =>
      team.updateMember(userId, { poolAccess, cycleCap }),
    'team.removeMember': ({ userId }) => team.removeMember(userId),
    'extract.page': ({ tabId }) => extraction.run(tabId),
    'extract.last': async ({ tabId, url }) => {
      // The popup is showing the tab's result now: the badge has nothing left to say.
      await setBadge(tabId, NO_BADGE).catch(() => undefined);
      return extraction.last(tabId, url);
    },
    'jobs.start': ({ kind, listId, rowIds }) => jobs.start({ kind, listId, rowIds }),
    'jobs.cancel': ({ jobId }) => jobs.cancel(jobId),
  };

  browser.runtime.onMessage.addListener(createMessageRouter(handlers, policy));
  browser.runtime.onConnect.addListener((port) => hub.accept(port as LivePort));
  // Another API in Settings never issued our token: the live link notices and ends the session.
  apiUrlSetting.watch(() => live.restart());
  keepTokenFromContentScripts();
  // A job cut off when Chrome stopped the worker goes on now; the alarm wakes the worker to do the same.
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === JOBS_ALARM) jobs.tick().catch(reportJobs);
  });
  balanceCacheItem.watch((cached) => {
    if (cached) jobs.balanceSeen(cached.balance).catch(reportJobs);
  });
  jobs.tick().catch(reportJobs);
  // Vite replaces MODE at build time, so only e2e builds carry the hook (tests/e2e/enrich-task.spec.ts).
  if (import.meta.env.MODE === 'e2e') installEnrichmentE2eHooks();

  const trigger = (tabId: number | undefined) => {
    if (tabId === undefined) return;
    const deps = { run: extraction.run, openPopup: () => browser.action.openPopup(), setBadge };
    extractFromTrigger(deps, tabId).catch((error: unknown) =>
      console.error('lasso: extraction from the shortcut or menu failed', error),
    );
  };
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === EXTRACT_COMMAND) trigger(tab?.id);
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === EXTRACT_MENU_ID) trigger(tab?.id);
  });
  browser.runtime.onInstalled.addListener(async () => {
    // An update keeps the entries of the version before: start from none, so the id is never taken.
    await browser.contextMenus.removeAll();
    browser.contextMenus.create({
      id: EXTRACT_MENU_ID,
      title: 'Extract profiles with Lasso',
      contexts: ['page', 'selection', 'link', 'image'],
    });
  });
});

function reportJobs(error: unknown): void {
  console.error('lasso: bulk jobs', error);
}

async function setBadge(tabId: number, badge: Badge): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: badge.text });
  await browser.action.setTitle({ tabId, title: badge.title });
}

/**
 * Content scripts may read chrome.storage.local unless told otherwise; ours runs inside untrusted pages
 * and has no use for the session token.
 */
function keepTokenFromContentScripts(): void {
  browser.storage.local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch((error: unknown) => {
    console.warn('lasso: could not restrict chrome.storage.local to extension pages', error);
  });
}
