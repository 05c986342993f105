import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type {
  HoldResponse,
  LedgerEntry,
  LedgerPage,
  SpendResponse,
} from '../../../api-client/contract/billing.ts';
import {
  balanceOf,
  expectLedgerInvariant,
  grant,
  ops,
  setClock,
  type TestUser,
} from '../../support/billing.ts';
import { type Answer, holdRequest, send, spendRequest } from '../../support/ledger-harness.ts';
import { currentTeam, patchMember, setUpTeam } from '../../support/teams.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

// STYLE.md §8 "Concurrency is a feature": many members drawing on one pool at once never overspend it.
// Members sign up with FREE_SIGNUP_CREDITS=0, so the pool is all they can spend and every refusal is a 402.
// Meaningful on PostgreSQL (a pool of connections, real row locks); on PGlite (one connection) it checks
// the same outcomes with the requests interleaved by the event loop.

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ freeSignupCredits: 0 });
  await setClock(app, '2031-03-10T09:00:00.000Z');
});
afterEach(async () => {
  await expectLedgerInvariant(app);
});
afterAll(async () => {
  await app.close();
});

function countBy<T>(items: T[], key: (item: T) => string | number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

/** A team whose pool is a 40-credit top-up, with 4 members who have pool access and no credits of their own. */
async function poolOf40(): Promise<{ teamId: string; admin: TestUser; members: TestUser[] }> {
  const { team, admin, members } = await setUpTeam(app, { members: 4 });
  await grant(app, { teams: team.id }, 40);
  for (const member of members) {
    const balance = await balanceOf(app, member);
    expect(balance.personal).toEqual({ subscription: 0, topup: 0, free: 0, held: 0 });
    expect(balance.team).toMatchObject({ poolAccess: true, cycleCap: null });
    expect(balance.available).toBe(40);
  }
  return { teamId: team.id, admin, members };
}

/** 100 requests at once, spread round-robin over `members` (25 each for 4). */
function hundredAtOnce(members: TestUser[], request: (member: TestUser, index: number) => Promise<Answer>) {
  return Promise.all(
    Array.from({ length: 100 }, async (_, index) => {
      const member = members[index % members.length]!;
      return { member, answer: await request(member, index) };
    }),
  );
}

async function teamLedger(teamId: string): Promise<LedgerEntry[]> {
  const answer = await send<LedgerPage>(app, `/v1/ops/teams/${teamId}/ledger?limit=500`, ops('GET'));
  expect(answer.status).toBe(200);
  return answer.body.entries;
}

describe('4 members spending a pool of 40 at once', { timeout: 120_000 }, () => {
  it('answers exactly 40 × 201 and 60 × 402 to 100 spends of 1, and Σ creditsUsed = 40', async () => {
    const { teamId, admin, members } = await poolOf40();

    const results = await hundredAtOnce(members, (member) =>
      spendRequest(app, member, { action: 'page_scrape', quantity: 1 }),
    );

    expect(countBy(results, ({ answer }) => answer.status)).toEqual({ 201: 40, 402: 60 });
    const refused = results.filter(({ answer }) => answer.status === 402).map(({ answer }) => answer.body);
    expect(refused.every((body) => body.code === 'insufficient_credits' && body.available === 0)).toBe(true);
    const charged = results.filter(({ answer }) => answer.status === 201);
    const bodies = charged.map(({ answer }) => answer.body as unknown as SpendResponse);
    expect(bodies.every((body) => body.charged === 1)).toBe(true);
    expect(bodies.flatMap((body) => body.breakdown)).toEqual(
      Array(40).fill({ bucket: 'team.topup', amount: 1 }),
    );
    expect(new Set(bodies.map((body) => body.spendId)).size).toBe(40);

    const view = await currentTeam(app, admin);
    expect(view.pool).toMatchObject({ available: 0, total: 40, subscription: 0, topup: 0, held: 0 });
    expect(view.members.reduce((sum, member) => sum + member.creditsUsed, 0)).toBe(40);
    // Each member's creditsUsed is exactly the number of their spends that succeeded.
    const successes = countBy(charged, ({ member }) => member.id);
    for (const member of members) {
      expect(view.members.find((row) => row.userId === member.id)?.creditsUsed).toBe(
        successes[member.id] ?? 0,
      );
    }
    expect(view.pool.total - view.pool.available - view.pool.held).toBe(40);
    const spends = (await teamLedger(teamId)).filter((entry) => entry.kind === 'spend');
    expect(spends).toHaveLength(40);
    expect(spends.every((entry) => entry.bucket === 'team.topup' && entry.amount === -1)).toBe(true);
    for (const member of members) expect((await balanceOf(app, member)).available).toBe(0);
  });

  it('never lets a member past their cycleCap of 8 under concurrency: exactly 32 × 201', async () => {
    const { admin, members } = await poolOf40();
    for (const member of members) await patchMember(app, admin, member.id, { cycleCap: 8 });

    const results = await hundredAtOnce(members, (member) =>
      spendRequest(app, member, { action: 'page_scrape', quantity: 1 }),
    );

    expect(countBy(results, ({ answer }) => answer.status)).toEqual({ 201: 32, 402: 68 });
    const view = await currentTeam(app, admin);
    expect(view.members.filter((row) => row.role === 'member').map((row) => row.creditsUsed)).toEqual([
      8, 8, 8, 8,
    ]);
    expect(view.pool).toMatchObject({ available: 8, total: 40, held: 0 });
  });

  it('draws exactly 40 credits over 100 concurrent spends and holds of 1, held and used together', async () => {
    const { admin, members } = await poolOf40();

    // Each member alternates: spend, spend, …, hold, hold, … (index 0–3 spend, 4–7 hold, and so on).
    const results = await hundredAtOnce(members, (member, index) => {
      const body = { action: 'enrichment', quantity: 1 };
      return index % 8 < 4 ? spendRequest(app, member, body) : holdRequest(app, member, body);
    });

    expect(countBy(results, ({ answer }) => answer.status)).toEqual({ 201: 40, 402: 60 });
    const holds = results
      .filter(({ answer }) => answer.status === 201 && 'holdId' in answer.body)
      .map(({ answer }) => answer.body as unknown as HoldResponse);
    const view = await currentTeam(app, admin);
    expect(view.pool).toMatchObject({ available: 0, total: 40, held: holds.length });
    expect(view.members.reduce((sum, member) => sum + member.creditsUsed, 0)).toBe(40 - holds.length);
    expect(holds.every((hold) => hold.breakdown[0]?.bucket === 'team.topup')).toBe(true);
  });
});
