import { type Browser, browser } from 'wxt/browser';
import { type Connection, LIVE_PING_INTERVAL_MS, LIVE_PORT_NAME, type LiveUpdate } from './live.ts';

export interface LiveLink {
  /** Asks the background to reconnect to the API now. */
  retry(): void;
  close(): void;
}

const RECONNECT_DELAY_MS_MIN = 250;
const RECONNECT_DELAY_MS_MAX = 5_000;

/**
 * Opens the live port from a page and keeps it open: pings so that Chrome keeps the worker alive, and
 * reconnects when the worker was stopped anyway (which starts it again).
 */
export function connectLive(onConnection: (connection: Connection) => void): LiveLink {
  let port: Browser.runtime.Port | undefined;
  let closed = false;
  let reconnectDelayMs = RECONNECT_DELAY_MS_MIN;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  const ping = setInterval(() => send({ type: 'ping' }), LIVE_PING_INTERVAL_MS);

  function send(message: { type: 'ping' | 'retry' }) {
    try {
      port?.postMessage(message);
    } catch {
      // Disconnected: onDisconnect reconnects.
    }
  }

  function open() {
    const current = browser.runtime.connect({ name: LIVE_PORT_NAME });
    port = current;
    current.onMessage.addListener((message: LiveUpdate) => {
      reconnectDelayMs = RECONNECT_DELAY_MS_MIN;
      if (message?.type === 'connection') onConnection(message.connection);
    });
    current.onDisconnect.addListener(() => {
      if (closed || port !== current) return;
      port = undefined;
      reconnectTimer = setTimeout(open, reconnectDelayMs);
      reconnectDelayMs = Math.min(reconnectDelayMs * 2, RECONNECT_DELAY_MS_MAX);
    });
  }

  open();
  return {
    retry: () => send({ type: 'retry' }),
    close() {
      closed = true;
      clearInterval(ping);
      clearTimeout(reconnectTimer);
      port?.disconnect();
    },
  };
}
