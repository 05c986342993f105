import { Hono } from 'hono';
import type { Bucket } from '../../../api-client/contract/billing.ts';
import { GrantRequest, LedgerQuery, SubscriptionRequest } from '../../../api-client/contract/billing.ts';
import type { AppDeps } from '../../deps.ts';
import { parseBody, validate } from '../body.ts';
import { DomainError } from '../domain-error.ts';
import { idempotencyOf } from '../idempotency.ts';

const DEFAULT_PROFILES_PER_PAGE = 25;

type OwnerKind = 'users' | 'teams';

async function assertOwnerExists(deps: AppDeps, kind: OwnerKind, id: string): Promise<void> {
  const table = kind === 'users' ? 'users' : 'teams';
  const { rows } = id.includes('\0')
    ? { rows: [] }
    : await deps.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
  if (rows.length === 0) throw new DomainError('not_found', `no ${kind === 'users' ? 'user' : 'team'} ${id}`);
}

/** Back office (behind the operator guard): subscriptions, top-ups, free grants, ledgers. */
export function opsBillingRoutes(deps: AppDeps): Hono {
  const routes = new Hono();

  for (const kind of ['users', 'teams'] as const) {
    const ownerParam = kind === 'users' ? 'userId' : 'teamId';
    const base = `/${kind}/:${ownerParam}`;

    routes.put(`${base}/subscription`, async (c) => {
      const body = await parseBody(c, SubscriptionRequest);
      const ownerId = c.req.param(ownerParam)!;
      await assertOwnerExists(deps, kind, ownerId);
      const now = deps.clock.now();
      if (body.anchor && new Date(body.anchor).getTime() > now.getTime()) {
        throw new DomainError('validation_failed', 'anchor must not be in the future');
      }
      const subscription = await deps.ledger.putSubscription(
        ownerId,
        { ...body, profilesPerPage: body.profilesPerPage ?? DEFAULT_PROFILES_PER_PAGE },
        now,
      );
      return c.json(subscription);
    });

    routes.delete(`${base}/subscription`, async (c) => {
      const ownerId = c.req.param(ownerParam)!;
      await assertOwnerExists(deps, kind, ownerId);
      return c.json(await deps.ledger.cancelSubscription(ownerId, deps.clock.now()));
    });

    const grantBuckets: Array<[string, Bucket]> =
      kind === 'users'
        ? [
            ['topups', 'personal.topup'],
            ['free-grants', 'personal.free'],
          ]
        : [['topups', 'team.topup']];
    for (const [path, bucket] of grantBuckets) {
      routes.post(`${base}/${path}`, async (c) => {
        const body = await parseBody(c, GrantRequest);
        const idempotency = idempotencyOf(c, body);
        const ownerId = c.req.param(ownerParam)!;
        await assertOwnerExists(deps, kind, ownerId);
        const result = await deps.ledger.grant(ownerId, bucket, body.credits, idempotency, deps.clock.now());
        return c.json(result.body, result.status as 201);
      });
    }

    routes.get(`${base}/ledger`, async (c) => {
      const query = validate(LedgerQuery, c.req.query());
      const ownerId = c.req.param(ownerParam)!;
      await assertOwnerExists(deps, kind, ownerId);
      const scope = kind === 'users' ? { userId: ownerId } : { teamId: ownerId };
      if (kind === 'users') await deps.ledger.settle(ownerId, deps.clock.now());
      else await deps.ledger.settleTeam(ownerId, deps.clock.now());
      return c.json(await deps.ledger.entries(scope, query));
    });
  }

  return routes;
}
