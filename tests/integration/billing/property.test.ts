import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, type TestUser } from '../../support/billing.ts';
import {
  type Answer,
  captureRequest,
  DAY_MS,
  deleteSubscription,
  expectPersonalLedgerMatchesBalance,
  freeGrant,
  getBalance,
  holdRequest,
  moveClock,
  putSubscription,
  releaseRequest,
  relogin,
  spendRequest,
  topUp,
} from '../../support/ledger-harness.ts';
import { BillingModel, type Interval, type Outcome } from '../../support/reference-model.ts';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

// Random command sequences run against the API and against the reference model of billing-api.md
// (tests/support/reference-model.ts); after every step the answers, the balance and the ledger
// invariant must agree. Set FC_SEED (and FC_PATH) to replay a reported failure.

type Command =
  | { t: 'spend'; quantity: number }
  | { t: 'hold'; quantity: number; ttlSeconds?: number }
  | { t: 'capture'; hold: number; quantity?: number }
  | { t: 'release'; hold: number }
  | { t: 'seconds'; seconds: number }
  | { t: 'days'; days: number }
  | { t: 'toCycleEnd'; offsetMs: number }
  | { t: 'toHoldExpiry'; hold: number; offsetMs: number }
  | { t: 'topup'; credits: number }
  | { t: 'free'; credits: number }
  | {
      t: 'subscribe';
      credits: number;
      interval: Interval;
      anchor: 'none' | 'current' | number;
      profilesPerPage?: number;
    }
  | { t: 'cancel' }
  | { t: 'replay' };

/** Which hold a capture, release or clock move refers to (see Run.holdId). */
const MISSING_HOLD = 4;
const holdIndex = fc.nat(MISSING_HOLD);

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ t: fc.constant('spend' as const), quantity: fc.integer({ min: 1, max: 40 }) }),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        t: fc.constant('hold' as const),
        quantity: fc.integer({ min: 1, max: 40 }),
        ttlSeconds: fc.integer({ min: 5, max: 900 }),
      },
      { requiredKeys: ['t', 'quantity'] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      { t: fc.constant('capture' as const), hold: holdIndex, quantity: fc.integer({ min: 1, max: 45 }) },
      { requiredKeys: ['t', 'hold'] },
    ),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('release' as const), hold: holdIndex }) },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('seconds' as const), seconds: fc.integer({ min: 1, max: 1000 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('days' as const), days: fc.integer({ min: 1, max: 45 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('toCycleEnd' as const),
      offsetMs: fc.constantFrom(-1, 0, 1, 60_000),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('toHoldExpiry' as const),
      hold: holdIndex,
      offsetMs: fc.constantFrom(-1, 0, 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('topup' as const), credits: fc.integer({ min: 1, max: 50 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('free' as const), credits: fc.integer({ min: 1, max: 50 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        t: fc.constant('subscribe' as const),
        credits: fc.integer({ min: 0, max: 60 }),
        interval: fc.constantFrom<Interval>('month', 'month', 'month', 'year'),
        anchor: fc.oneof(
          fc.constant('none' as const),
          fc.constant('current' as const),
          fc.integer({ min: 0, max: 400 }),
        ),
        profilesPerPage: fc.integer({ min: 1, max: 100 }),
      },
      { requiredKeys: ['t', 'credits', 'interval', 'anchor'] },
    ),
  },
  { weight: 1, arbitrary: fc.constant({ t: 'cancel' as const }) },
  { weight: 1, arbitrary: fc.constant({ t: 'replay' as const }) },
);

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
  await moveClock(app, new Date(Date.now() + 60_000));
}, 120_000);
afterAll(async () => {
  await app?.close();
});

/** One run: a fresh user and model, the same commands applied to both. */
class Run {
  readonly holdIds: string[] = [];
  private lastKeyed: { send: () => Promise<Answer>; answer: Answer; at: number } | null = null;
  private loggedInAt: number;
  readonly log: string[] = [];

  constructor(
    readonly user: TestUser,
    readonly model: BillingModel,
  ) {
    this.loggedInAt = model.now;
  }

  /** Index 0 is the newest hold, 1 the one before…; MISSING_HOLD (or no hold yet) names no hold. */
  private holdId(index: number): string {
    if (index === MISSING_HOLD || this.holdIds.length === 0) return `hold_missing_${index}`;
    return this.holdIds[this.holdIds.length - 1 - (index % this.holdIds.length)]!;
  }

  private async moveTo(at: number): Promise<void> {
    if (at <= this.model.now) return;
    await moveClock(app, new Date(at));
    this.model.advanceTo(at);
    // Session tokens live 30 days by the server's clock: renew well before.
    if (at - this.loggedInAt > 20 * DAY_MS) {
      await relogin(app, this.user);
      this.loggedInAt = at;
    }
  }

  /** Runs a keyed request and remembers it for a later `replay`. */
  private async keyed(send: (key: string) => Promise<Answer>): Promise<Answer> {
    const key = randomUUID();
    const answer = await send(key);
    this.lastKeyed = { send: () => send(key), answer, at: this.model.now };
    return answer;
  }

  async apply(cmd: Command): Promise<void> {
    this.log.push(JSON.stringify(cmd));
    const { user, model } = this;
    let answer: Answer | undefined;
    let expected: Outcome | undefined;
    switch (cmd.t) {
      case 'spend':
        answer = await this.keyed((key) =>
          spendRequest(app, user, { action: 'page_scrape', quantity: cmd.quantity }, key),
        );
        expected = model.spend(cmd.quantity);
        break;
      case 'hold': {
        const body = {
          action: 'enrichment',
          quantity: cmd.quantity,
          ...(cmd.ttlSeconds ? { ttlSeconds: cmd.ttlSeconds } : {}),
        };
        answer = await this.keyed((key) => holdRequest(app, user, body, key));
        const id = (answer.body?.holdId as string | undefined) ?? `hold_model_${this.holdIds.length}`;
        expected = model.hold(id, cmd.quantity, cmd.ttlSeconds);
        if (expected.status === 201) this.holdIds.push(id);
        break;
      }
      case 'capture': {
        const holdId = this.holdId(cmd.hold);
        const body = cmd.quantity === undefined ? undefined : { quantity: cmd.quantity };
        answer = await this.keyed((key) => captureRequest(app, user, holdId, body, key));
        expected = model.capture(holdId, cmd.quantity);
        break;
      }
      case 'release': {
        const holdId = this.holdId(cmd.hold);
        answer = await this.keyed((key) => releaseRequest(app, user, holdId, key));
        expected = model.release(holdId);
        break;
      }
      case 'seconds':
        await this.moveTo(model.now + cmd.seconds * 1000);
        break;
      case 'days':
        await this.moveTo(model.now + cmd.days * DAY_MS);
        break;
      case 'toCycleEnd':
        if (model.subscription?.active) await this.moveTo(model.subscription.cycleEnd + cmd.offsetMs);
        break;
      case 'toHoldExpiry': {
        const hold = model.holds.get(this.holdId(cmd.hold));
        if (hold) await this.moveTo(hold.expiresAt + cmd.offsetMs);
        break;
      }
      case 'topup':
        answer = await this.keyed((key) => topUp(app, user, cmd.credits, key));
        expected = model.grant('personal.topup', cmd.credits);
        break;
      case 'free':
        answer = await this.keyed((key) => freeGrant(app, user, cmd.credits, key));
        expected = model.grant('personal.free', cmd.credits);
        break;
      case 'subscribe': {
        const current = model.subscription?.active ? model.subscription.anchor : undefined;
        const anchor =
          cmd.anchor === 'none'
            ? undefined
            : cmd.anchor === 'current'
              ? current
              : model.now - cmd.anchor * DAY_MS;
        answer = await putSubscription(app, user, {
          creditsPerCycle: cmd.credits,
          interval: cmd.interval,
          ...(anchor === undefined ? {} : { anchor: new Date(anchor).toISOString() }),
          ...(cmd.profilesPerPage === undefined ? {} : { profilesPerPage: cmd.profilesPerPage }),
        });
        expected = model.putSubscription({
          creditsPerCycle: cmd.credits,
          interval: cmd.interval,
          ...(anchor === undefined ? {} : { anchor }),
          ...(cmd.profilesPerPage === undefined ? {} : { profilesPerPage: cmd.profilesPerPage }),
        });
        if (expected.status === 200 && model.subscription) {
          const sub = model.subscription;
          expect(answer.body, this.where('subscription body')).toMatchObject({
            creditsPerCycle: sub.nextCreditsPerCycle,
            interval: sub.interval,
            anchor: new Date(sub.anchor).toISOString(),
            profilesPerPage: sub.nextProfilesPerPage,
            cycleStart: new Date(sub.cycleStart).toISOString(),
            cycleEnd: new Date(sub.cycleEnd).toISOString(),
            cancelAt: null,
          });
        }
        break;
      }
      case 'cancel':
        answer = await deleteSubscription(app, user);
        expected = model.cancelSubscription();
        break;
      case 'replay': {
        const last = this.lastKeyed;
        // Only successes are kept, and only "at least 24 h": replay those, within a day.
        if (last && last.answer.status < 300 && model.now - last.at < DAY_MS) {
          expect(await last.send(), this.where('replay')).toEqual(last.answer);
        }
        break;
      }
    }
    if (answer && expected) this.compare(answer, expected);
    await this.compareState();
  }

  private where(what: string): string {
    return `${what} after:\n  ${this.log.join('\n  ')}`;
  }

  private compare(answer: Answer, expected: Outcome): void {
    expect(answer.status, this.where(`status (${JSON.stringify(answer.body)})`)).toBe(expected.status);
    if (expected.status === 402) {
      expect(answer.body.available, this.where('available of the 402')).toBe(expected.available);
    }
    if (expected.status === 200 || expected.status === 201) {
      if (expected.breakdown)
        expect(answer.body.breakdown, this.where('breakdown')).toEqual(expected.breakdown);
      if (expected.charged !== undefined)
        expect(answer.body.charged, this.where('charged')).toBe(expected.charged);
      if (expected.expiresAt !== undefined) {
        expect(answer.body.expiresAt, this.where('expiresAt')).toBe(
          new Date(expected.expiresAt).toISOString(),
        );
      }
    }
  }

  private async compareState(): Promise<void> {
    const balance = await getBalance(app, this.user);
    const { available, personal, limits } = balance;
    expect({ available, personal, limits }, this.where('balance')).toEqual(this.model.balance());
    const { rows } = await app.db.query<{ bucket: string; balance: number; ledger_sum: number }>(
      `SELECT b.bucket, b.balance,
              (SELECT coalesce(sum(amount), 0) FROM ledger_entries l
               WHERE l.owner_id = b.owner_id AND l.bucket = b.bucket)::integer AS ledger_sum
       FROM buckets b WHERE b.owner_id = $1`,
      [this.user.id],
    );
    const drifted = rows.filter((row) => row.balance !== row.ledger_sum || row.balance < 0);
    expect(drifted, this.where('ledger invariant')).toEqual([]);
  }
}

describe('the API against the reference model', () => {
  it('agrees on every answer, balance and ledger over random sequences of commands', async () => {
    const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : undefined;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 8, maxLength: 25, size: 'max' }), async (commands) => {
        const user = await signUp(app);
        const run = new Run(user, new BillingModel({ now: app.clock.now().getTime() }));
        for (const cmd of commands) await run.apply(cmd);
        await relogin(app, user);
        await expectPersonalLedgerMatchesBalance(app, user);
      }),
      {
        numRuns: Number(process.env.FC_RUNS ?? 20),
        ...(seed === undefined ? {} : { seed, path: process.env.FC_PATH }),
        // Shrinking replays whole sequences over HTTP: stop it after a while and report the best so far.
        interruptAfterTimeLimit: 150_000,
        markInterruptAsFailure: false,
      },
    );
  }, 300_000);
});
