import type { Bucket } from '../../api-client/contract/billing.ts';

/**
 * The spend orders of billing-api.md as data. The ledger SQL reads the same rows from its
 * `spend_orders` table (seeded in migration 0002); a test keeps the two identical.
 */
export const SPEND_ORDERS = {
  pool: ['team.subscription', 'team.topup', 'personal.subscription', 'personal.topup', 'personal.free'],
  personal: ['personal.subscription', 'personal.topup', 'personal.free'],
} as const satisfies Record<string, readonly Bucket[]>;

export type SpendOrderName = keyof typeof SPEND_ORDERS;

/** A user's standing towards a team pool, as far as the spend order is concerned. */
export interface PoolStanding {
  inTeam: boolean;
  poolAccess: boolean;
  /** What the member's cycle cap still allows from the pool; null without a cap. */
  capLeft: number | null;
}

/**
 * Which order a user's spends draw buckets in: the pool first with pool access (while a cycle cap
 * leaves anything), personal buckets only otherwise.
 * @example spendOrderName({ inTeam: true, poolAccess: true, capLeft: null }) // 'pool'
 */
export function spendOrderName(standing: PoolStanding): SpendOrderName {
  const poolOpen =
    standing.inTeam && standing.poolAccess && (standing.capLeft === null || standing.capLeft > 0);
  return poolOpen ? 'pool' : 'personal';
}

/**
 * Splits `amount` across buckets in `order`, taking at most `poolLimit` from team buckets.
 * Returns the parts drawn, or null when the buckets cannot cover it (all-or-nothing).
 */
export function splitAcrossBuckets(
  balances: Partial<Record<Bucket, number>>,
  order: readonly Bucket[],
  amount: number,
  poolLimit = Number.POSITIVE_INFINITY,
): Array<{ bucket: Bucket; amount: number }> | null {
  let left = amount;
  let poolLeft = poolLimit;
  const parts: Array<{ bucket: Bucket; amount: number }> = [];
  for (const bucket of order) {
    const isPool = bucket.startsWith('team.');
    const take = Math.min(left, balances[bucket] ?? 0, isPool ? poolLeft : Number.POSITIVE_INFINITY);
    if (take <= 0) continue;
    parts.push({ bucket, amount: take });
    left -= take;
    if (isPool) poolLeft -= take;
  }
  return left === 0 ? parts : null;
}
