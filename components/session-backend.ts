import { connectLive } from '../messaging/live-client.ts';
import { sendToBackground } from '../messaging/send.ts';
import { accountItem, balanceCacheItem } from '../storage/session.ts';
import type { SessionBackend } from './session-store.ts';

/**
 * The session store's link to the extension: reads and watches what the background keeps in
 * chrome.storage.local (a page can paint the cached balance before the worker has even started), asks
 * the background for every billing call, and holds the live port open while the page is open.
 */
export function extensionBackend(): SessionBackend {
  let retryLive = () => {};
  return {
    async restore() {
      const [account, balance] = await Promise.all([accountItem.getValue(), balanceCacheItem.getValue()]);
      return { account, balance };
    },
    watch(listeners) {
      const unwatchAccount = accountItem.watch((account) => listeners.account(account));
      const unwatchBalance = balanceCacheItem.watch((balance) => listeners.balance(balance));
      return () => {
        unwatchAccount();
        unwatchBalance();
      };
    },
    connect(onConnection) {
      const live = connectLive(onConnection);
      retryLive = live.retry;
      return () => {
        live.close();
        retryLive = () => {};
      };
    },
    signIn: (email, password) => sendToBackground({ type: 'auth.signIn', email, password }),
    signUp: (email, password, name) =>
      sendToBackground({ type: 'auth.signUp', email, password, ...(name ? { name } : {}) }),
    signOut: () => sendToBackground({ type: 'auth.signOut' }),
    resendVerification: () => sendToBackground({ type: 'auth.resendVerification' }),
    retry: () => retryLive(),
  };
}
