import type { Balance, Bucket } from '../api-client/contract/billing.ts';

/**
 * Which credits the next spend draws, in the contract's terms (billing-api.md, "Credit buckets and
 * spend order"):
 * - `no_team`: personal credits only;
 * - `team_first`: a member with pool access: the team pool, then personal credits;
 * - `pool_empty`: the same, but the pool holds nothing now, so personal credits pay;
 * - `cap_reached`: pool access, but the member's cycle cap is used up: personal credits until the reset;
 * - `pool_access_off`: a member without pool access: personal credits only.
 */
export type SpendOrderCase = 'no_team' | 'team_first' | 'pool_empty' | 'cap_reached' | 'pool_access_off';

/** The case of a balance. The server's `spendOrder` is the authority on whether the pool comes first. */
export function spendOrderCase(balance: Balance): SpendOrderCase {
  const { team } = balance;
  if (!team) return 'no_team';
  if (!team.poolAccess) return 'pool_access_off';
  const poolFirst = balance.spendOrder[0]?.startsWith('team.') === true;
  // With pool access, the only reason the contract gives for a personal-first order is the cycle cap.
  if (!poolFirst) return 'cap_reached';
  return team.pool.available > 0 ? 'team_first' : 'pool_empty';
}

export interface SpendOrderLabel {
  case: SpendOrderCase;
  /** One line under the total. */
  text: string;
  /** Whether the team pool pays first (its card is then marked as the one in use). */
  poolInUse: boolean;
}

const LABELS: Record<SpendOrderCase, string> = {
  no_team: 'Using your personal credits',
  team_first: 'Spending team credits first',
  pool_empty: 'Team pool is empty — using personal credits',
  cap_reached: 'Team credit cap reached — using personal credits',
  pool_access_off: 'Pool access off — using personal credits',
};

/** The spend-order line shown with a balance. */
export function spendOrderLabel(balance: Balance): SpendOrderLabel {
  const which = spendOrderCase(balance);
  return { case: which, text: LABELS[which], poolInUse: which === 'team_first' };
}

/** What the user can do when no credit is left, for each case. */
export function outOfCreditsAdvice(balance: Balance): string {
  const resets = balance.team?.pool.cycleEnd ? ` on ${formatDate(balance.team.pool.cycleEnd)}` : '';
  switch (spendOrderCase(balance)) {
    case 'pool_access_off':
      return 'Ask your team admin to turn on pool access for you, or top up your personal credits.';
    case 'cap_reached':
      return `Your team credit cap starts again${resets || ' next cycle'}. Until then, ask your team admin to raise it, or top up your personal credits.`;
    case 'pool_empty':
    case 'team_first':
      return `Your team pool is empty${resets ? ` until it refills${resets}` : ''}. Ask your team admin to top it up, or top up your personal credits.`;
    default:
      return "Top up your personal credits, or join your company's Lasso team to share its credit pool.";
  }
}

/** Bucket names for people, as the popup and the usage history show them. */
export const BUCKET_LABELS: Record<Bucket, string> = {
  'team.subscription': 'Team subscription',
  'team.topup': 'Team top-up',
  'personal.subscription': 'Subscription',
  'personal.topup': 'Top-up',
  'personal.free': 'Free',
};

const NUMBER = new Intl.NumberFormat('en');

/** `1234` → `1,234`. */
export function formatCredits(credits: number): string {
  return NUMBER.format(credits);
}

/** `2026-12-01T00:00:00.000Z` → `1 Dec 2026` (in the user's time zone). */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

/** How long ago something happened, in the largest whole unit: `just now`, `5 min ago`, `2 h ago`, `3 days ago`. */
export function formatAge(ageMs: number): string {
  const minutes = Math.floor(Math.max(0, ageMs) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  return `${days} ${days === 1 ? 'day' : 'days'} ago`;
}
