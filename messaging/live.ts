// Shared by the background and the pages; no zod here, so the popup bundle stays small (the background
// validates what pages send with the schema in live-ports.ts).

/**
 * The long-lived port a page holds open to the background while it shows the balance (popup,
 * dashboard). While a port is open the background follows `/v1/me/events`; when the last one closes it
 * stops. The page pings over it because Chrome keeps an MV3 worker alive only while messages flow.
 */
export const LIVE_PORT_NAME = 'lasso.live';

/** How often a page pings; well inside the 30 s after which Chrome stops an idle worker. */
export const LIVE_PING_INTERVAL_MS = 20_000;

/** Page → background. `retry`: reconnect now instead of waiting out the backoff. */
export type LivePortMessage = { type: 'ping' } | { type: 'retry' };

/** The background's link to the billing API's event stream. */
export type Connection =
  /** Nobody signed in, or no page listening. */
  | { state: 'idle' }
  | { state: 'connecting'; apiUrl: string }
  /** The stream is open: every balance change arrives within seconds. */
  | { state: 'live'; apiUrl: string }
  /** No stream; the next attempt starts at `retryAt` (epoch ms). */
  | {
      state: 'offline';
      apiUrl: string;
      reason: 'unreachable' | 'timeout' | 'error';
      error: string;
      retryAt: number;
    };

/** Background → page. */
export type LiveUpdate = { type: 'connection'; connection: Connection };
