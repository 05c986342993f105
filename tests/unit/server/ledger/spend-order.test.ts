import { describe, expect, it } from 'vitest';
import { SPEND_ORDERS, spendOrderName, splitAcrossBuckets } from '../../../../server/ledger/spend-order.ts';

describe('spendOrderName', () => {
  it.each([
    [{ inTeam: true, poolAccess: true, capLeft: null }, 'pool'],
    [{ inTeam: true, poolAccess: true, capLeft: 5 }, 'pool'],
    [{ inTeam: true, poolAccess: true, capLeft: 0 }, 'personal'],
    [{ inTeam: true, poolAccess: false, capLeft: null }, 'personal'],
    [{ inTeam: false, poolAccess: false, capLeft: null }, 'personal'],
  ] as const)('%o draws in the %s order', (standing, expected) => {
    expect(spendOrderName(standing)).toBe(expected);
  });
});

describe('splitAcrossBuckets', () => {
  it('drains buckets in order and splits across them', () => {
    const parts = splitAcrossBuckets(
      { 'team.subscription': 3, 'team.topup': 2, 'personal.topup': 10 },
      SPEND_ORDERS.pool,
      7,
    );

    expect(parts).toEqual([
      { bucket: 'team.subscription', amount: 3 },
      { bucket: 'team.topup', amount: 2 },
      { bucket: 'personal.topup', amount: 2 },
    ]);
  });

  it('takes no more from the pool than the cap leaves', () => {
    const parts = splitAcrossBuckets(
      { 'team.subscription': 100, 'personal.free': 50 },
      SPEND_ORDERS.pool,
      15,
      10,
    );

    expect(parts).toEqual([
      { bucket: 'team.subscription', amount: 10 },
      { bucket: 'personal.free', amount: 5 },
    ]);
  });

  it('draws nothing when the buckets cannot cover the whole amount', () => {
    expect(splitAcrossBuckets({ 'personal.free': 4 }, SPEND_ORDERS.personal, 5)).toBeNull();
  });
});
