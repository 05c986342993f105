import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createMessageRouter, type MessageHandlers } from '../messaging/router.ts';
import { checkApiStatus } from '../services/api-status.ts';
import { getApiUrl } from '../storage/settings.ts';

// Composition root: wire the message handlers to their services. No rules live here.
export default defineBackground(() => {
  const handlers: MessageHandlers = {
    'api.health': async () => checkApiStatus(await getApiUrl()),
  };

  browser.runtime.onMessage.addListener(
    createMessageRouter(handlers, {
      extensionId: browser.runtime.id,
      extensionOrigin: browser.runtime.getURL('/'),
    }),
  );
});
