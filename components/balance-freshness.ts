import type { Connection } from '../messaging/live.ts';

/** A cached balance younger than this, shown while the live link connects, counts as current. */
export const RECENT_MS = 60_000;

/**
 * How much to trust the figures on screen:
 * - `live`: the event stream is open, so they are current;
 * - `recent`: fetched less than a minute ago, and the link is (re)connecting;
 * - `updating`: an older cached balance, shown while the link connects: stale until it answers;
 * - `stale`: the API cannot be reached; these are the last known figures.
 */
export type Freshness =
  | { kind: 'live' }
  | { kind: 'recent'; ageMs: number }
  | { kind: 'updating'; ageMs: number }
  | { kind: 'stale'; ageMs: number; apiUrl: string; reason: 'unreachable' | 'timeout' | 'error' };

/** The freshness of a balance fetched at `fetchedAt` (epoch ms), seen at `nowMs` over `connection`. */
export function balanceFreshness(
  cached: { fetchedAt: number },
  connection: Connection,
  nowMs: number,
): Freshness {
  const ageMs = Math.max(0, nowMs - cached.fetchedAt);
  if (connection.state === 'live') return { kind: 'live' };
  if (connection.state === 'offline') {
    return { kind: 'stale', ageMs, apiUrl: connection.apiUrl, reason: connection.reason };
  }
  return ageMs < RECENT_MS ? { kind: 'recent', ageMs } : { kind: 'updating', ageMs };
}

/** Whether figures of this freshness must be marked as possibly out of date. */
export function isStale(freshness: Freshness): boolean {
  return freshness.kind === 'stale' || freshness.kind === 'updating';
}
