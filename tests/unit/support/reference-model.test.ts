import { describe, expect, it } from 'vitest';
import { BillingModel, cycleIndexAt, cycleStartAt } from '../../support/reference-model.ts';

// The reference model is itself code: these pin it to the contract's examples before the property
// test trusts it.

const t = (iso: string) => Date.parse(iso);
const DAY_MS = 24 * 60 * 60 * 1000;

describe('cycleStartAt', () => {
  it.each([
    ['2027-01-31T10:00:00.000Z', 'month', 1, '2027-02-28T10:00:00.000Z'],
    ['2027-01-31T10:00:00.000Z', 'month', 2, '2027-03-31T10:00:00.000Z'],
    ['2027-01-31T10:00:00.000Z', 'month', 3, '2027-04-30T10:00:00.000Z'],
    ['2028-01-31T10:00:00.000Z', 'month', 1, '2028-02-29T10:00:00.000Z'],
    ['2027-12-15T00:00:00.000Z', 'month', 1, '2028-01-15T00:00:00.000Z'],
    ['2027-12-15T00:00:00.000Z', 'month', 14, '2029-02-15T00:00:00.000Z'],
    ['2028-02-29T10:00:00.000Z', 'year', 1, '2029-02-28T10:00:00.000Z'],
    ['2028-02-29T10:00:00.000Z', 'year', 4, '2032-02-29T10:00:00.000Z'],
    ['2027-03-31T23:59:59.999Z', 'month', 1, '2027-04-30T23:59:59.999Z'],
  ] as const)('cycle of anchor %s, interval %s, k=%i starts %s', (anchor, interval, k, expected) => {
    expect(new Date(cycleStartAt(t(anchor), interval, k)).toISOString()).toBe(expected);
  });
});

describe('cycleIndexAt', () => {
  it.each([
    ['2027-02-28T09:59:59.999Z', 0],
    ['2027-02-28T10:00:00.000Z', 1],
    ['2027-03-31T09:00:00.000Z', 1],
    ['2027-03-31T10:00:00.000Z', 2],
  ])('counts %s in cycle %i of a Jan 31 anchor', (now, k) => {
    expect(cycleIndexAt(t('2027-01-31T10:00:00.000Z'), 'month', t(now))).toBe(k);
  });
});

describe('BillingModel', () => {
  const start = t('2027-01-31T10:00:00.000Z');

  it('spends subscription, then top-up, then free, all or nothing', () => {
    const model = new BillingModel({ now: start });
    model.putSubscription({ creditsPerCycle: 30, interval: 'month' });
    model.grant('personal.topup', 20);

    expect(model.spend(101)).toEqual({ status: 402, available: 100 });
    expect(model.spend(75)).toEqual({
      status: 201,
      charged: 75,
      breakdown: [
        { bucket: 'personal.subscription', amount: 30 },
        { bucket: 'personal.topup', amount: 20 },
        { bucket: 'personal.free', amount: 25 },
      ],
    });
  });

  it('forfeits the subscription at a cycle end, grants the next terms and catches up missed cycles', () => {
    const model = new BillingModel({ now: start });
    model.putSubscription({ creditsPerCycle: 30, interval: 'month', profilesPerPage: 40 });
    model.spend(10);
    model.putSubscription({ creditsPerCycle: 5, interval: 'month' });

    expect(model.balance()).toMatchObject({
      personal: { subscription: 20 },
      limits: { profilesPerPage: 40 },
    });
    model.advanceTo(t('2027-04-30T10:00:00.000Z'));
    expect(model.balance()).toMatchObject({ personal: { subscription: 5 }, limits: { profilesPerPage: 25 } });
    expect(model.subscription).toMatchObject({ cycleIndex: 3, cycleEnd: t('2027-05-31T10:00:00.000Z') });
  });

  it('stops grants after a cancellation and keeps top-ups', () => {
    const model = new BillingModel({ now: start });
    model.putSubscription({ creditsPerCycle: 30, interval: 'month' });
    model.grant('personal.topup', 3);
    model.cancelSubscription();

    model.advanceTo(t('2027-02-28T10:00:00.000Z'));

    expect(model.balance()).toMatchObject({ available: 53, personal: { subscription: 0, topup: 3 } });
    expect(model.cancelSubscription()).toEqual({ status: 404 });
  });

  it('returns an expired hold’s top-up part and forfeits its subscription part of an ended cycle', () => {
    const model = new BillingModel({ now: t('2027-02-28T09:55:00.000Z') });
    model.putSubscription({ creditsPerCycle: 30, interval: 'month', anchor: t('2027-01-31T10:00:00.000Z') });
    model.grant('personal.topup', 20);
    model.hold('h1', 45, 900);

    model.advanceTo(t('2027-02-28T10:30:00.000Z'));

    expect(model.balance().personal).toEqual({ subscription: 30, topup: 20, free: 50, held: 0 });
    expect(model.holds.get('h1')?.status).toBe('expired');
  });

  it('captures part of a hold in spend order and answers 400 above the held amount, 409 once settled', () => {
    const model = new BillingModel({ now: start });
    model.grant('personal.topup', 20);
    model.hold('h1', 30);

    expect(model.capture('h1', 31)).toEqual({ status: 400 });
    expect(model.capture('h1', 25)).toMatchObject({
      status: 200,
      breakdown: [
        { bucket: 'personal.topup', amount: 20 },
        { bucket: 'personal.free', amount: 5 },
      ],
    });
    expect(model.release('h1')).toEqual({ status: 409 });
    expect(model.capture('nope')).toEqual({ status: 404 });
    expect(model.balance()).toMatchObject({ available: 45, personal: { held: 0 } });
  });

  it('expires a hold exactly at expiresAt', () => {
    const model = new BillingModel({ now: start });
    model.hold('h1', 10, 5);

    model.advanceTo(start + 4_999);
    expect(model.balance().personal.held).toBe(10);
    model.advanceTo(start + 5_000);
    expect(model.balance().personal.held).toBe(0);
  });

  it('answers 400 for a future anchor and for changing interval or anchor of an active plan', () => {
    const model = new BillingModel({ now: start });

    expect(model.putSubscription({ creditsPerCycle: 1, interval: 'month', anchor: start + 1 })).toEqual({
      status: 400,
    });
    model.putSubscription({ creditsPerCycle: 1, interval: 'month' });
    expect(model.putSubscription({ creditsPerCycle: 1, interval: 'year' })).toEqual({ status: 400 });
    expect(model.putSubscription({ creditsPerCycle: 1, interval: 'month', anchor: start - DAY_MS })).toEqual({
      status: 400,
    });
    expect(model.putSubscription({ creditsPerCycle: 1, interval: 'month', anchor: start })).toEqual({
      status: 200,
    });
  });
});
