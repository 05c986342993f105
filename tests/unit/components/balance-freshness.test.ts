import { describe, expect, it } from 'vitest';
import { balanceFreshness, isStale, RECENT_MS } from '../../../components/balance-freshness.ts';
import type { Connection } from '../../../messaging/live.ts';

const apiUrl = 'http://127.0.0.1:8787';
const now = Date.parse('2026-11-25T10:00:00.000Z');
const fetchedAgo = (ms: number) => ({ fetchedAt: now - ms });
const offline: Connection = {
  state: 'offline',
  apiUrl,
  reason: 'unreachable',
  error: 'ECONNREFUSED',
  retryAt: now + 1000,
};

describe('balanceFreshness', () => {
  it('trusts any cached balance while the event stream is live', () => {
    const freshness = balanceFreshness(fetchedAgo(3_600_000), { state: 'live', apiUrl }, now);

    expect(freshness).toEqual({ kind: 'live' });
    expect(isStale(freshness)).toBe(false);
  });

  it('calls a balance under a minute old recent while the link connects', () => {
    const freshness = balanceFreshness(fetchedAgo(RECENT_MS - 1), { state: 'connecting', apiUrl }, now);

    expect(freshness).toEqual({ kind: 'recent', ageMs: RECENT_MS - 1 });
    expect(isStale(freshness)).toBe(false);
  });

  it.each<Connection>([{ state: 'connecting', apiUrl }, { state: 'idle' }])(
    'marks an older cached balance stale (updating) until the API answers: %j',
    (connection) => {
      const freshness = balanceFreshness(fetchedAgo(RECENT_MS), connection, now);

      expect(freshness).toEqual({ kind: 'updating', ageMs: RECENT_MS });
      expect(isStale(freshness)).toBe(true);
    },
  );

  it('marks the balance stale, with its age, when the API cannot be reached', () => {
    const freshness = balanceFreshness(fetchedAgo(5 * 60_000), offline, now);

    expect(freshness).toEqual({ kind: 'stale', ageMs: 5 * 60_000, apiUrl, reason: 'unreachable' });
    expect(isStale(freshness)).toBe(true);
  });

  it('marks even a just-fetched balance stale when offline', () => {
    expect(isStale(balanceFreshness(fetchedAgo(0), offline, now))).toBe(true);
  });

  it('never reports a negative age (a clock set back)', () => {
    expect(balanceFreshness({ fetchedAt: now + 10_000 }, offline, now)).toMatchObject({ ageMs: 0 });
  });
});
