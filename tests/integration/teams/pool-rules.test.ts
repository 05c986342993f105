import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  Balance,
  BreakdownItem,
  CaptureResponse,
  HoldResponse,
  LedgerEntry,
  LedgerPage,
  SpendResponse,
} from '../../../api-client/contract/billing.ts';
import type { TeamCurrent } from '../../../api-client/contract/teams.ts';
import {
  balanceOf,
  expectLedgerInvariant,
  grant,
  ops,
  setClock,
  subscribe,
  type TestUser,
} from '../../support/billing.ts';
import {
  type Answer,
  captureRequest,
  holdRequest,
  releaseRequest,
  relogin,
  send,
  spendRequest,
} from '../../support/ledger-harness.ts';
import { currentTeam, patchMember, removeMember, setUpTeam } from '../../support/teams.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

// The team pool's rules with exact numbers (billing-api.md, "Credit buckets and spend order",
// "Billing cycles", "Pool figures"). Every member starts with the default 50 personal.free credits.

const POOL_ORDER = [
  'team.subscription',
  'team.topup',
  'personal.subscription',
  'personal.topup',
  'personal.free',
];
const PERSONAL_ORDER = ['personal.subscription', 'personal.topup', 'personal.free'];

let app: TestApp;

/** Gives the enclosing `describe` its own app with the test clock standing at `now`. */
function useApp(now: string): void {
  beforeAll(async () => {
    app = await createTestApp();
    await setClock(app, now);
  });
  afterEach(async () => {
    await expectLedgerInvariant(app);
  });
  afterAll(async () => {
    await app.close();
  });
}

/** A team on a fresh domain whose pool holds `subscription` (monthly, from `anchor`) + `topup`. */
async function fundedTeam({
  subscription,
  topup,
  members = 1,
  anchor,
}: {
  subscription: number;
  topup: number;
  members?: number;
  anchor?: string;
}) {
  const setup = await setUpTeam(app, { members });
  if (subscription > 0) {
    await subscribe(
      app,
      { teams: setup.team.id },
      { creditsPerCycle: subscription, interval: 'month', ...(anchor && { anchor }) },
    );
  }
  if (topup > 0) await grant(app, { teams: setup.team.id }, topup);
  return setup;
}

async function spent(user: TestUser, quantity: number): Promise<SpendResponse> {
  const answer = await spendRequest(app, user, { action: 'page_scrape', quantity });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as unknown as SpendResponse;
}

async function held(user: TestUser, quantity: number, ttlSeconds?: number): Promise<HoldResponse> {
  const answer = await holdRequest(app, user, {
    action: 'enrichment',
    quantity,
    ...(ttlSeconds && { ttlSeconds }),
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as unknown as HoldResponse;
}

function usedBy(view: TeamCurrent, user: TestUser): number | undefined {
  return view.members.find((member) => member.userId === user.id)?.creditsUsed;
}

/** What `balance` says about a member's draw on the pool, in one comparable object. */
function drawView(balance: Balance) {
  return {
    available: balance.available,
    spendOrder: balance.spendOrder,
    creditsUsed: balance.team?.creditsUsed,
    poolAvailable: balance.team?.pool.available,
  };
}

function poolPart(breakdown: BreakdownItem[]): number {
  return breakdown
    .filter((part) => part.bucket.startsWith('team.'))
    .reduce((sum, part) => sum + part.amount, 0);
}

async function teamLedger(teamId: string): Promise<LedgerEntry[]> {
  const answer = await send<LedgerPage>(app, `/v1/ops/teams/${teamId}/ledger?limit=500`, ops('GET'));
  expect(answer.status).toBe(200);
  return answer.body.entries;
}

describe('within one team cycle', () => {
  useApp('2031-03-10T09:00:00.000Z');

  describe('a member with a cycleCap', () => {
    it('draws spends of 4, 4 and 4 against a cap of 10 as 4, 4 and 2 + 2 personal, then personal only', async () => {
      const { admin, members } = await fundedTeam({ subscription: 100, topup: 20 });
      const member = members[0]!;
      expect((await patchMember(app, admin, member.id, { cycleCap: 10 })).status).toBe(200);
      const steps: Array<{ breakdown: BreakdownItem[]; draw: ReturnType<typeof drawView> }> = [];

      const capped = drawView(await balanceOf(app, member));
      for (const quantity of [4, 4, 4, 3]) {
        const result = await spent(member, quantity);
        steps.push({ breakdown: result.breakdown, draw: drawView(result.balance) });
      }

      // Before any spend: 50 personal + the 10 the cap leaves of a pool of 120.
      expect(capped).toEqual({ available: 60, spendOrder: POOL_ORDER, creditsUsed: 0, poolAvailable: 120 });
      expect(steps).toEqual([
        {
          breakdown: [{ bucket: 'team.subscription', amount: 4 }],
          draw: { available: 56, spendOrder: POOL_ORDER, creditsUsed: 4, poolAvailable: 116 },
        },
        {
          breakdown: [{ bucket: 'team.subscription', amount: 4 }],
          draw: { available: 52, spendOrder: POOL_ORDER, creditsUsed: 8, poolAvailable: 112 },
        },
        {
          breakdown: [
            { bucket: 'team.subscription', amount: 2 },
            { bucket: 'personal.free', amount: 2 },
          ],
          draw: { available: 48, spendOrder: PERSONAL_ORDER, creditsUsed: 10, poolAvailable: 110 },
        },
        {
          breakdown: [{ bucket: 'personal.free', amount: 3 }],
          draw: { available: 45, spendOrder: PERSONAL_ORDER, creditsUsed: 10, poolAvailable: 110 },
        },
      ]);
      const view = await currentTeam(app, admin);
      expect(view.members.find((row) => row.userId === member.id)).toMatchObject({
        cycleCap: 10,
        creditsUsed: 10,
      });
      expect(view.pool).toMatchObject({ available: 110, total: 120, subscription: 90, topup: 20, held: 0 });
    });

    it('answers a spend above what the cap leaves with 402 and the capped available, and moves nothing', async () => {
      const { admin, members } = await fundedTeam({ subscription: 100, topup: 20 });
      const member = members[0]!;
      await patchMember(app, admin, member.id, { cycleCap: 10 });
      await spent(member, 8);
      const before = await balanceOf(app, member);

      const answer = await spendRequest(app, member, { action: 'page_scrape', quantity: 53 });

      // 50 personal + 2 left under the cap = 52, although the pool still holds 112.
      expect(before.available).toBe(52);
      expect(answer.status).toBe(402);
      expect(answer.body).toMatchObject({ code: 'insufficient_credits', available: 52 });
      expect(await balanceOf(app, member)).toEqual(before);
      expect((await spent(member, 52)).breakdown).toEqual([
        { bucket: 'team.subscription', amount: 2 },
        { bucket: 'personal.free', amount: 50 },
      ]);
    });

    it('draws exactly the difference when the cap is raised, nothing when lowered below usage, all when lifted', async () => {
      const { admin, members } = await fundedTeam({ subscription: 100, topup: 20 });
      const member = members[0]!;
      await patchMember(app, admin, member.id, { cycleCap: 10 });
      await spent(member, 12); // 10 from the pool, 2 personal: 48 personal left.

      await patchMember(app, admin, member.id, { cycleCap: 13 });
      const raised = drawView(await balanceOf(app, member));
      const afterRaise = await spent(member, 5);
      await patchMember(app, admin, member.id, { cycleCap: 5 });
      const lowered = drawView(await balanceOf(app, member));
      await patchMember(app, admin, member.id, { cycleCap: null });
      const lifted = drawView(await balanceOf(app, member));

      expect(raised).toEqual({ available: 51, spendOrder: POOL_ORDER, creditsUsed: 10, poolAvailable: 110 });
      expect(afterRaise.breakdown).toEqual([
        { bucket: 'team.subscription', amount: 3 },
        { bucket: 'personal.free', amount: 2 },
      ]);
      expect(lowered).toEqual({
        available: 46,
        spendOrder: PERSONAL_ORDER,
        creditsUsed: 13,
        poolAvailable: 107,
      });
      expect(lifted).toEqual({
        available: 46 + 107,
        spendOrder: POOL_ORDER,
        creditsUsed: 13,
        poolAvailable: 107,
      });
    });

    it('spends only personal credits with a cap of 0', async () => {
      const { admin, members } = await fundedTeam({ subscription: 100, topup: 20 });
      const member = members[0]!;
      await patchMember(app, admin, member.id, { cycleCap: 0 });

      const result = await spent(member, 7);

      expect(result.breakdown).toEqual([{ bucket: 'personal.free', amount: 7 }]);
      expect(drawView(result.balance)).toEqual({
        available: 43,
        spendOrder: PERSONAL_ORDER,
        creditsUsed: 0,
        poolAvailable: 120,
      });
    });

    it('counts pending pool holds against the cap, and stops counting them once released', async () => {
      const { admin, members } = await fundedTeam({ subscription: 100, topup: 20 });
      const member = members[0]!;
      await patchMember(app, admin, member.id, { cycleCap: 10 });

      const hold = await held(member, 6);
      const withHold = drawView(hold.balance);
      const overCap = await spent(member, 6);
      const personalHold = await held(member, 3);
      const release = await releaseRequest(app, member, hold.holdId);
      const released = await balanceOf(app, member);

      expect(hold.breakdown).toEqual([{ bucket: 'team.subscription', amount: 6 }]);
      // 50 personal + (10 − 0 used − 6 held) under the cap.
      expect(withHold).toEqual({ available: 54, spendOrder: POOL_ORDER, creditsUsed: 0, poolAvailable: 114 });
      expect(overCap.breakdown).toEqual([
        { bucket: 'team.subscription', amount: 4 },
        { bucket: 'personal.free', amount: 2 },
      ]);
      expect(drawView(overCap.balance)).toEqual({
        available: 48,
        spendOrder: PERSONAL_ORDER,
        creditsUsed: 4,
        poolAvailable: 110,
      });
      // Used 4 + held 6 = the cap: the next hold comes from personal credits only.
      expect(personalHold.breakdown).toEqual([{ bucket: 'personal.free', amount: 3 }]);
      expect(release.status).toBe(200);
      // Released: 45 personal + (10 − 4 used) under the cap; the hold never counted as used.
      expect(drawView(released)).toEqual({
        available: 51,
        spendOrder: POOL_ORDER,
        creditsUsed: 4,
        poolAvailable: 116,
      });
      expect(released.personal).toEqual({ subscription: 0, topup: 0, free: 45, held: 3 });
      const view = await currentTeam(app, admin);
      expect(view.pool).toMatchObject({ available: 116, total: 120, held: 0 });
      expect(usedBy(view, member)).toBe(4);
    });
  });

  describe('creditsUsed and holds', () => {
    it('leaves a released pool hold out of creditsUsed and counts only the captured part of another', async () => {
      const { admin, members } = await fundedTeam({ subscription: 100, topup: 20 });
      const member = members[0]!;

      const first = await held(member, 7);
      const pending = await currentTeam(app, admin);
      expect((await releaseRequest(app, member, first.holdId)).status).toBe(200);
      const afterRelease = await currentTeam(app, admin);
      const second = await held(member, 9);
      const capture = await captureRequest(app, member, second.holdId, { quantity: 5 });
      const afterCapture = await currentTeam(app, admin);

      expect(pending.pool).toMatchObject({ available: 113, held: 7 });
      expect(usedBy(pending, member)).toBe(0);
      expect(afterRelease.pool).toMatchObject({ available: 120, total: 120, held: 0 });
      expect(usedBy(afterRelease, member)).toBe(0);
      expect(capture.status).toBe(200);
      expect((capture.body as unknown as CaptureResponse).breakdown).toEqual([
        { bucket: 'team.subscription', amount: 5 },
      ]);
      expect(afterCapture.pool).toMatchObject({
        available: 115,
        total: 120,
        subscription: 95,
        topup: 20,
        held: 0,
      });
      expect(usedBy(afterCapture, member)).toBe(5);
    });

    it('leaves an expired pool hold out of creditsUsed and returns its credits to the pool', async () => {
      const { admin, members } = await fundedTeam({ subscription: 0, topup: 30 });
      const member = members[0]!;
      await spent(member, 4);
      const hold = await held(member, 6, 5);
      expect((await currentTeam(app, admin)).pool).toMatchObject({ available: 20, held: 6 });

      await setClock(app, new Date(app.clock.now().getTime() + 6_000).toISOString());
      const view = await currentTeam(app, admin);
      const capture = await captureRequest(app, member, hold.holdId);

      expect(view.pool).toMatchObject({ available: 26, total: 30, topup: 26, held: 0 });
      expect(usedBy(view, member)).toBe(4);
      expect(capture.status).toBe(409);
      expect(capture.body).toMatchObject({ code: 'hold_not_pending' });
    });
  });

  /** A small deterministic PRNG (mulberry32), so a failing mix can be run again as it was. */
  function random(seed: number): () => number {
    let state = seed;
    return () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  interface PendingHold {
    id: string;
    user: TestUser;
    amount: number;
    pool: number;
    expiresAt: string;
  }

  function pendingHold(user: TestUser, body: HoldResponse): PendingHold {
    return {
      id: body.holdId,
      user,
      amount: body.amount,
      pool: poolPart(body.breakdown),
      expiresAt: body.expiresAt,
    };
  }

  describe('pool invariant', { timeout: 120_000 }, () => {
    it.each([1, 2])(
      'keeps total − available − held = Σ creditsUsed (removed members included) through a random mix, seed %i',
      async (seed) => {
        const next = random(seed);
        const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
        const { team, admin, members } = await fundedTeam({ subscription: 60, topup: 40, members: 4 });
        const [open, capped, zeroCap, outside] = [members[0]!, members[1]!, members[2]!, members[3]!];
        await patchMember(app, admin, capped.id, { cycleCap: 15 });
        await patchMember(app, admin, zeroCap.id, { cycleCap: 0 });
        await patchMember(app, admin, outside.id, { poolAccess: false });
        const everyone = [admin, open, capped, zeroCap, outside];
        const used = new Map(everyone.map((user) => [user.id, 0]));
        let pending: PendingHold[] = [];
        const statuses: Record<string, number> = {};
        const removed: TestUser[] = [];

        const check = async () => {
          const view = await currentTeam(app, admin);
          const now = app.clock.now().toISOString();
          const live = pending.filter((hold) => hold.expiresAt > now);
          const sumUsed = [...used.values()].reduce((sum, n) => sum + n, 0);
          expect(view.pool.total).toBe(100);
          expect(view.pool.held).toBe(live.reduce((sum, hold) => sum + hold.pool, 0));
          expect(view.pool.total - view.pool.available - view.pool.held).toBe(sumUsed);
          for (const member of view.members) expect(member.creditsUsed).toBe(used.get(member.userId));
          expect(view.members.map((member) => member.userId).sort()).toEqual(
            everyone
              .filter((user) => !removed.includes(user))
              .map((user) => user.id)
              .sort(),
          );
        };

        // The member who leaves halfway has drawn from the pool and holds pool credits when they go.
        used.set(capped.id, poolPart((await spent(capped, 6)).breakdown));
        pending.push(pendingHold(capped, await held(capped, 3, 900)));
        expect(used.get(capped.id)).toBe(6);
        await check();

        for (let batch = 0; batch < 14; batch += 1) {
          if (batch === 5) {
            // Halfway: the capped member leaves (their usage and pending holds stay with the pool),
            // and the member without access gets it.
            expect((await removeMember(app, admin, capped.id)).status).toBe(204);
            removed.push(capped);
            await patchMember(app, admin, outside.id, { poolAccess: true });
          }
          if (batch % 4 === 3) {
            // Holds with a 30 s TTL placed before this step expire.
            await setClock(app, new Date(app.clock.now().getTime() + 45_000).toISOString());
          }
          const chosen = new Set<string>();
          const calls: Array<Promise<void>> = [];
          const count = (key: string) => {
            statuses[key] = (statuses[key] ?? 0) + 1;
          };
          for (let op = 0; op < 5; op += 1) {
            const roll = next();
            const settleable = pending.filter((hold) => !chosen.has(hold.id));
            const user = pick(everyone.filter((candidate) => !removed.includes(candidate)));
            const quantity = 1 + Math.floor(next() * 8);
            if (roll < 0.35 || (roll >= 0.65 && settleable.length === 0)) {
              calls.push(
                spendRequest(app, user, { action: 'page_scrape', quantity }).then((answer) => {
                  count(`spend ${answer.status}`);
                  if (answer.status === 201) {
                    const body = answer.body as unknown as SpendResponse;
                    used.set(user.id, used.get(user.id)! + poolPart(body.breakdown));
                  }
                }),
              );
            } else if (roll < 0.65) {
              const ttlSeconds = next() < 0.5 ? 30 : 900;
              calls.push(
                holdRequest(app, user, { action: 'enrichment', quantity, ttlSeconds }).then((answer) => {
                  count(`hold ${answer.status}`);
                  if (answer.status === 201)
                    pending.push(pendingHold(user, answer.body as unknown as HoldResponse));
                }),
              );
            } else {
              const hold = pick(settleable);
              chosen.add(hold.id);
              const settled = (answer: Answer, kind: 'capture' | 'release') => {
                count(`${kind} ${answer.status}`);
                pending = pending.filter((other) => other.id !== hold.id);
                if (answer.status === 409) {
                  // Only an expired hold is not pending any more.
                  expect(answer.body).toMatchObject({ code: 'hold_not_pending' });
                  expect(hold.expiresAt <= app.clock.now().toISOString()).toBe(true);
                }
              };
              if (next() < 0.6) {
                const part = next() < 0.3 ? undefined : 1 + Math.floor(next() * hold.amount);
                calls.push(
                  captureRequest(
                    app,
                    hold.user,
                    hold.id,
                    part === undefined ? undefined : { quantity: part },
                  ).then((answer) => {
                    settled(answer, 'capture');
                    if (answer.status === 200) {
                      const body = answer.body as unknown as CaptureResponse;
                      expect(body.charged).toBe(part ?? hold.amount);
                      // The hold's buckets are charged in spend order: the pool part first.
                      expect(poolPart(body.breakdown)).toBe(Math.min(hold.pool, body.charged));
                      used.set(hold.user.id, used.get(hold.user.id)! + poolPart(body.breakdown));
                    }
                  }),
                );
              } else {
                calls.push(
                  releaseRequest(app, hold.user, hold.id).then((answer) => settled(answer, 'release')),
                );
              }
            }
          }
          await Promise.all(calls);
          await check();
        }

        // Every answer was one the contract allows, and the mix exercised each kind of call.
        expect(
          Object.keys(statuses).every((key) =>
            /^(spend (201|402)|hold (201|402)|(capture|release) (200|409))$/.test(key),
          ),
        ).toBe(true);
        expect(statuses['spend 201']).toBeGreaterThan(0);
        expect(statuses['hold 201']).toBeGreaterThan(0);
        expect((statuses['capture 200'] ?? 0) + (statuses['release 200'] ?? 0)).toBeGreaterThan(0);
        // The capped member never drew more than their cap, the zero-capped member nothing.
        expect(used.get(capped.id)).toBeLessThanOrEqual(15);
        expect(used.get(zeroCap.id)).toBe(0);
        // The team's ops ledger holds every movement of the pool: its grants are the total, its sum what is left.
        const ledger = await teamLedger(team.id);
        const view = await currentTeam(app, admin);
        const grants = ledger.filter((entry) => entry.kind === 'grant');
        expect(grants.reduce((sum, entry) => sum + entry.amount, 0)).toBe(view.pool.total);
        expect(ledger.reduce((sum, entry) => sum + entry.amount, 0)).toBe(view.pool.available);
      },
    );
  });
});

describe('cycle roll-over', () => {
  // One clock for the block, moved forward test by test (each test says where it stands). A team's
  // subscription is anchored in the past so its cycle ends within 30 days, while the tokens issued
  // by setting up the team are still valid (or the test logs in again).
  useApp('2031-03-10T09:00:00.000Z');

  it('resets creditsUsed and team.subscription, forfeiting what was left, and keeps team.topup', async () => {
    // The cycle anchored 2031-02-18 ends on 2031-03-18, 8 days from now.
    const { team, admin, members } = await fundedTeam({
      subscription: 100,
      topup: 20,
      members: 2,
      anchor: '2031-02-18T09:00:00.000Z',
    });
    const [capped, free] = [members[0]!, members[1]!];
    await patchMember(app, admin, capped.id, { cycleCap: 10 });
    for (const quantity of [4, 4, 4]) await spent(capped, quantity);
    await spent(free, 30);
    const before = await currentTeam(app, admin);

    await setClock(app, '2031-03-18T09:00:00.000Z');
    const after = await currentTeam(app, admin);
    const cappedBalance = await balanceOf(app, capped);
    const ledger = await teamLedger(team.id);

    expect(before.pool).toMatchObject({ available: 80, total: 120, subscription: 60, topup: 20, held: 0 });
    expect(before.members.map((member) => member.creditsUsed).sort((a, b) => a - b)).toEqual([0, 10, 30]);
    expect(after.pool).toEqual({
      available: 120,
      total: 120,
      subscription: 100,
      topup: 20,
      held: 0,
      cycleStart: '2031-03-18T09:00:00.000Z',
      cycleEnd: '2031-04-18T09:00:00.000Z',
    });
    expect(after.members.map((member) => member.creditsUsed)).toEqual([0, 0, 0]);
    // The cap is counted afresh: 48 personal + 10 of the pool, team first again.
    expect(drawView(cappedBalance)).toEqual({
      available: 58,
      spendOrder: POOL_ORDER,
      creditsUsed: 0,
      poolAvailable: 120,
    });
    const atCycleEnd = ledger.filter((entry) => entry.at === '2031-03-18T09:00:00.000Z');
    expect(atCycleEnd.map(({ kind, bucket, amount }) => ({ kind, bucket, amount }))).toEqual([
      { kind: 'grant', bucket: 'team.subscription', amount: 100 },
      { kind: 'forfeit', bucket: 'team.subscription', amount: -60 },
    ]);
    expect(ledger.filter((entry) => entry.bucket === 'team.topup').map((entry) => entry.amount)).toEqual([
      20,
    ]);
    expect((await spent(capped, 12)).breakdown).toEqual([
      { bucket: 'team.subscription', amount: 10 },
      { bucket: 'personal.free', amount: 2 },
    ]);
  });

  it('carries the top-up over the cycle end when the subscription ran dry into it', async () => {
    // The clock now stands at 2031-03-18T09:00.
    const { team, admin, members } = await fundedTeam({
      subscription: 50,
      topup: 40,
      anchor: '2031-03-01T00:00:00.000Z',
    });
    await spent(members[0]!, 65); // 50 subscription + 15 top-up

    await setClock(app, '2031-04-01T00:00:00.000Z');
    const view = await currentTeam(app, admin);

    expect(view.pool).toMatchObject({ available: 75, total: 75, subscription: 50, topup: 25, held: 0 });
    expect(usedBy(view, members[0]!)).toBe(0);
    // Nothing was left of the subscription to forfeit.
    expect((await teamLedger(team.id)).filter((entry) => entry.kind === 'forfeit')).toEqual([]);
  });

  it('catches up several missed cycles at once, with one forfeit per ended cycle', async () => {
    // The clock now stands at 2031-04-01 (the tests above moved it).
    const { team, admin, members } = await fundedTeam({
      subscription: 100,
      topup: 10,
      anchor: '2031-03-20T12:00:00.000Z',
    });
    await spent(members[0]!, 25);

    await setClock(app, '2031-05-25T12:00:00.000Z');
    await relogin(app, admin);
    await relogin(app, members[0]!);
    const view = await currentTeam(app, admin);
    const ledger = await teamLedger(team.id);

    expect(view.pool).toMatchObject({
      available: 110,
      total: 110,
      subscription: 100,
      topup: 10,
      cycleStart: '2031-05-20T12:00:00.000Z',
      cycleEnd: '2031-06-20T12:00:00.000Z',
    });
    expect(view.members.map((member) => member.creditsUsed)).toEqual([0, 0]);
    const cycleEnds = ledger
      .filter((entry) => entry.kind === 'forfeit' || (entry.kind === 'grant' && entry.at >= '2031-04-20'))
      .map(({ at, kind, amount }) => ({ at, kind, amount }))
      .reverse();
    expect(cycleEnds).toEqual([
      { at: '2031-04-20T12:00:00.000Z', kind: 'forfeit', amount: -75 },
      { at: '2031-04-20T12:00:00.000Z', kind: 'grant', amount: 100 },
      { at: '2031-05-20T12:00:00.000Z', kind: 'forfeit', amount: -100 },
      { at: '2031-05-20T12:00:00.000Z', kind: 'grant', amount: 100 },
    ]);
  });

  it('keeps a pool hold pending over the cycle end, and forfeits its subscription credits when released', async () => {
    // The clock now stands at 2031-05-25T12:00; this team's cycle ends on 2031-06-01T10:00.
    await setClock(app, '2031-06-01T09:55:00.000Z');
    const { team, admin, members } = await fundedTeam({
      subscription: 100,
      topup: 20,
      anchor: '2031-05-01T10:00:00.000Z',
    });
    const member = members[0]!;
    const hold = await held(member, 5, 900);

    await setClock(app, '2031-06-01T10:00:00.000Z');
    const rolled = await currentTeam(app, admin);
    await setClock(app, '2031-06-01T10:01:00.000Z');
    const release = await releaseRequest(app, member, hold.holdId);
    const released = await currentTeam(app, admin);
    const ledger = await teamLedger(team.id);

    expect(hold.breakdown).toEqual([{ bucket: 'team.subscription', amount: 5 }]);
    // 95 left in the bucket at the cycle end are forfeited; the 5 held stay held.
    expect(rolled.pool).toMatchObject({ available: 120, subscription: 100, topup: 20, held: 5 });
    expect(release.status).toBe(200);
    expect(released.pool).toMatchObject({ available: 120, subscription: 100, topup: 20, held: 0 });
    expect(usedBy(released, member)).toBe(0);
    expect(
      ledger
        .filter((entry) => entry.at >= '2031-06-01T10:00:00.000Z')
        .map(({ kind, amount, holdId }) => ({ kind, amount, hold: holdId === hold.holdId }))
        .reverse(),
    ).toEqual([
      { kind: 'forfeit', amount: -95, hold: false },
      { kind: 'grant', amount: 100, hold: false },
      { kind: 'release', amount: 5, hold: true },
      { kind: 'forfeit', amount: -5, hold: true },
    ]);
  });
});
