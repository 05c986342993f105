/** How long to wait between reconnection attempts: doubling from `initialMs`, never above `maxMs`. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

export const LIVE_BACKOFF: BackoffPolicy = { initialMs: 1_000, maxMs: 30_000 };

/**
 * The wait before retry number `attempt` (0 for the first): exponential, capped, with "equal jitter"
 * (half fixed, half random) so that many browsers cut off by one API restart do not all return at once.
 * @example backoffDelayMs(3, { initialMs: 1000, maxMs: 30000 }, () => 1) // 8000
 */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceilingMs = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt));
  return Math.round(ceilingMs / 2 + (ceilingMs / 2) * random());
}
