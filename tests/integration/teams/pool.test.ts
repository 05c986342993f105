import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BreakdownItem, SpendResponse } from '../../../api-client/contract/billing.ts';
import type { TeamCurrent } from '../../../api-client/contract/teams.ts';
import {
  balanceOf,
  expectLedgerInvariant,
  grant,
  setClock,
  spend,
  subscribe,
  type TestUser,
} from '../../support/billing.ts';
import { currentTeam, patchMember, removeMember, setUpTeam } from '../../support/teams.ts';
import { createTestApp, json, type TestApp } from '../../support/test-app.ts';

const POOL_ORDER = [
  'team.subscription',
  'team.topup',
  'personal.subscription',
  'personal.topup',
  'personal.free',
];
const PERSONAL_ORDER = ['personal.subscription', 'personal.topup', 'personal.free'];

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await setClock(app, '2031-03-10T09:00:00.000Z');
});
afterEach(async () => {
  await expectLedgerInvariant(app);
});
afterAll(async () => {
  await app.close();
});

/** A team with a 100-credit monthly subscription and a 20-credit top-up: a pool of 120. */
async function fundedTeam(members = 1, anchor?: string) {
  const setup = await setUpTeam(app, { members });
  await subscribe(
    app,
    { teams: setup.team.id },
    { creditsPerCycle: 100, interval: 'month', ...(anchor && { anchor }) },
  );
  await grant(app, { teams: setup.team.id }, 20);
  return setup;
}

async function spent(user: TestUser, quantity: number): Promise<SpendResponse> {
  const response = await spend(app, user, { action: 'page_scrape', quantity });
  expect(response.status).toBe(201);
  return (await response.json()) as SpendResponse;
}

function usedBy(view: TeamCurrent, user: TestUser): number | undefined {
  return view.members.find((member) => member.userId === user.id)?.creditsUsed;
}

describe('pool figures', () => {
  it('shows a subscription of 100 and a top-up of 20 as a pool of 120, the same as /v1/me/balance', async () => {
    const { admin, members } = await fundedTeam();

    const view = await currentTeam(app, admin);

    expect(view.pool).toMatchObject({ available: 120, total: 120, subscription: 100, topup: 20, held: 0 });
    expect(view.pool.cycleStart).toBe('2031-03-10T09:00:00.000Z');
    expect(view.pool.cycleEnd).toBe('2031-04-10T09:00:00.000Z');
    expect((await balanceOf(app, members[0]!)).team?.pool).toEqual(view.pool);
    expect((await currentTeam(app, members[0]!)).pool).toEqual(view.pool);
  });

  it('draws a member’s spend of 30 from the pool and counts it as their creditsUsed', async () => {
    const { admin, members } = await fundedTeam();
    const member = members[0]!;

    const result = await spent(member, 30);

    expect(result.breakdown).toEqual([{ bucket: 'team.subscription', amount: 30 }]);
    const view = await currentTeam(app, admin);
    expect(view.pool).toMatchObject({ available: 90, total: 120, subscription: 70, topup: 20, held: 0 });
    expect(usedBy(view, member)).toBe(30);
    expect(usedBy(view, admin)).toBe(0);
    expect((await currentTeam(app, member)).members).toEqual([expect.objectContaining({ creditsUsed: 30 })]);
    const balance = await balanceOf(app, member);
    expect(balance.personal).toEqual({ subscription: 0, topup: 0, free: 50, held: 0 });
    expect(balance.available).toBe(140);
    expect(balance.team).toMatchObject({ creditsUsed: 30 });
  });

  it('counts a pool hold as held, and a captured hold as used', async () => {
    const { admin, members } = await fundedTeam();
    const member = members[0]!;
    const hold = await app.request(
      '/v1/holds',
      json('POST', { action: 'enrichment', quantity: 4 }, { token: member.token, key: randomUUID() }),
    );
    expect(hold.status).toBe(201);
    const { holdId } = (await hold.json()) as { holdId: string };

    const pending = await currentTeam(app, admin);
    const capture = await app.request(
      `/v1/holds/${holdId}/capture`,
      json('POST', { quantity: 3 }, { token: member.token, key: randomUUID() }),
    );

    expect(pending.pool).toMatchObject({ available: 116, total: 120, held: 4 });
    expect(usedBy(pending, member)).toBe(0);
    expect(capture.status).toBe(200);
    const captured = await currentTeam(app, admin);
    expect(captured.pool).toMatchObject({ available: 117, total: 120, held: 0 });
    expect(usedBy(captured, member)).toBe(3);
  });
});

describe('spend order follows membership', () => {
  it('lists the pool first with pool access, and personal buckets only without it', async () => {
    const { admin, members } = await fundedTeam();
    const member = members[0]!;

    const withAccess = await balanceOf(app, member);
    await patchMember(app, admin, member.id, { poolAccess: false });
    const withoutAccess = await balanceOf(app, member);

    expect(withAccess.spendOrder).toEqual(POOL_ORDER);
    expect(withAccess.available).toBe(170);
    expect(withoutAccess.spendOrder).toEqual(PERSONAL_ORDER);
    expect(withoutAccess.available).toBe(50);
    expect(withoutAccess.team?.pool.available).toBe(120);
  });

  it('spends from personal credits once pool access is turned off, leaving the pool alone', async () => {
    const { admin, members } = await fundedTeam();
    const member = members[0]!;
    await patchMember(app, admin, member.id, { poolAccess: false });

    const result = await spent(member, 5);

    expect(result.breakdown).toEqual([{ bucket: 'personal.free', amount: 5 }]);
    const view = await currentTeam(app, admin);
    expect(view.pool.available).toBe(120);
    expect(usedBy(view, member)).toBe(0);
  });

  it('with a cycleCap of 10 takes 10 of a 15-credit spend from the pool and 5 from personal', async () => {
    const { admin, members } = await fundedTeam();
    const member = members[0]!;
    const patched = await patchMember(app, admin, member.id, { cycleCap: 10 });
    expect(patched.status).toBe(200);

    const result = await spent(member, 15);

    expect(result.breakdown).toEqual([
      { bucket: 'team.subscription', amount: 10 },
      { bucket: 'personal.free', amount: 5 },
    ] satisfies BreakdownItem[]);
    expect(result.balance.spendOrder).toEqual(PERSONAL_ORDER);
    expect(result.balance.available).toBe(45);
    const view = await currentTeam(app, admin);
    expect(view.pool.available).toBe(110);
    expect(usedBy(view, member)).toBe(10);
    expect(view.members.find((row) => row.userId === member.id)?.cycleCap).toBe(10);
  });
});

describe('removing a member', () => {
  it('keeps their personal credits and their usage in the pool, and cuts them off the pool', async () => {
    const { admin, members } = await fundedTeam(2);
    const [leaver, stayer] = [members[0]!, members[1]!];
    await spent(leaver, 30);
    await spent(stayer, 12);
    await spent(admin, 8);

    const response = await removeMember(app, admin, leaver.id);

    expect(response.status).toBe(204);
    const balance = await balanceOf(app, leaver);
    expect(balance.team).toBeNull();
    expect(balance.personal).toEqual({ subscription: 0, topup: 0, free: 50, held: 0 });
    expect(balance.spendOrder).toEqual(PERSONAL_ORDER);
    expect(balance.available).toBe(50);
    expect((await spent(leaver, 2)).breakdown).toEqual([{ bucket: 'personal.free', amount: 2 }]);
    const view = await currentTeam(app, admin);
    expect(view.pool).toMatchObject({ available: 70, total: 120, held: 0 });
    expect(view.members.map((member) => member.userId)).toEqual([admin.id, stayer.id]);
    const listedUsage = view.members.reduce((sum, member) => sum + member.creditsUsed, 0);
    expect(listedUsage).toBe(20);
    // Σ creditsUsed over everyone who drew this cycle, the removed member's 30 included.
    expect(view.pool.total - view.pool.available - view.pool.held).toBe(listedUsage + 30);
  });

  it('leaves a removed member’s pending pool hold valid: it can still be released into the pool', async () => {
    const { admin, members } = await fundedTeam();
    const member = members[0]!;
    const hold = await app.request(
      '/v1/holds',
      json('POST', { action: 'enrichment', quantity: 6 }, { token: member.token, key: randomUUID() }),
    );
    const { holdId } = (await hold.json()) as { holdId: string };
    await removeMember(app, admin, member.id);
    expect((await currentTeam(app, admin)).pool).toMatchObject({ available: 114, held: 6 });

    const release = await app.request(
      `/v1/holds/${holdId}/release`,
      json('POST', undefined, { token: member.token, key: randomUUID() }),
    );

    expect(release.status).toBe(200);
    expect((await currentTeam(app, admin)).pool).toMatchObject({ available: 120, held: 0 });
  });

  it('never deadlocks or overspends while a member spends and the admin changes their membership', async () => {
    const { team, admin, members } = await fundedTeam();
    const member = members[0]!;

    const spends = Array.from({ length: 12 }, () =>
      spend(app, member, { action: 'page_scrape', quantity: 3 }),
    );
    const changes = (async () => [
      await patchMember(app, admin, member.id, { cycleCap: 15 }),
      await patchMember(app, admin, member.id, { poolAccess: false }),
      await removeMember(app, admin, member.id),
    ])();
    const responses = [...(await Promise.all(spends)), ...(await changes)];

    expect(responses.map((response) => response.status)).toEqual([...Array(12).fill(201), 200, 200, 204]);
    const bodies = (await Promise.all(responses.slice(0, 12).map((r) => r.json()))) as SpendResponse[];
    const fromPool = bodies
      .flatMap((body) => body.breakdown)
      .filter((part) => part.bucket.startsWith('team.'))
      .reduce((sum, part) => sum + part.amount, 0);
    const view = await currentTeam(app, admin);
    expect(view.pool.total - view.pool.available).toBe(fromPool);
    const { rows } = await app.db.query<{ used: number }>(
      'SELECT coalesce(sum(credits_used), 0)::integer AS used FROM team_usage WHERE team_id = $1',
      [team.id],
    );
    expect(rows[0]!.used).toBe(fromPool);
    expect((await balanceOf(app, member)).personal.free).toBe(50 - (36 - fromPool));
  });
});

describe('cycle roll-over', () => {
  it('starts creditsUsed again at 0 and refills the pool when the team’s cycle ends', async () => {
    // Anchored 20 days back, so the cycle ends before the session tokens (30 days) do.
    const { admin, members } = await fundedTeam(1, '2031-02-18T09:00:00.000Z');
    const member = members[0]!;
    await spent(member, 110);
    expect(usedBy(await currentTeam(app, admin), member)).toBe(110);

    await setClock(app, '2031-03-18T09:00:00.000Z');
    const view = await currentTeam(app, member);

    expect(view.pool).toMatchObject({
      available: 110,
      total: 110,
      subscription: 100,
      topup: 10,
      held: 0,
      cycleStart: '2031-03-18T09:00:00.000Z',
      cycleEnd: '2031-04-18T09:00:00.000Z',
    });
    expect(view.members).toEqual([expect.objectContaining({ userId: member.id, creditsUsed: 0 })]);
    expect(usedBy(await currentTeam(app, admin), member)).toBe(0);
  });
});
