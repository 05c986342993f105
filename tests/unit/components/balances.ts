import type { Balance } from '../../../api-client/contract/billing.ts';

const PERSONAL_ORDER: Balance['spendOrder'] = ['personal.subscription', 'personal.topup', 'personal.free'];
const POOL_ORDER: Balance['spendOrder'] = ['team.subscription', 'team.topup', ...PERSONAL_ORDER];

/** A user in no team, with 50 free credits. */
export function personalBalance(overrides: Partial<Balance> = {}): Balance {
  return {
    available: 50,
    spendOrder: PERSONAL_ORDER,
    personal: { subscription: 0, topup: 0, free: 50, held: 0 },
    team: null,
    limits: { profilesPerPage: 10 },
    ...overrides,
  };
}

type TeamOptions = {
  poolAccess: boolean;
  poolAvailable?: number;
  cycleCap?: number | null;
  creditsUsed?: number;
};

/** A team member, their balance as the API would answer it for each case of the contract. */
export function teamBalance({
  poolAccess,
  poolAvailable = 80,
  cycleCap = null,
  creditsUsed = 0,
}: TeamOptions): Balance {
  const capLeft = cycleCap === null ? Number.POSITIVE_INFINITY : Math.max(0, cycleCap - creditsUsed);
  const poolOpen = poolAccess && capLeft > 0;
  return personalBalance({
    available: 50 + (poolOpen ? Math.min(poolAvailable, capLeft) : 0),
    spendOrder: poolOpen ? POOL_ORDER : PERSONAL_ORDER,
    team: {
      id: 'team_1',
      name: 'Acme',
      poolAccess,
      cycleCap,
      creditsUsed,
      pool: {
        available: poolAvailable,
        total: 100,
        subscription: poolAvailable,
        topup: 0,
        held: 0,
        cycleStart: '2026-11-01T00:00:00.000Z',
        cycleEnd: '2026-12-01T12:00:00.000Z',
      },
    },
    limits: { profilesPerPage: poolAccess ? 25 : 10 },
  });
}
