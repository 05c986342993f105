import { Hono } from 'hono';
import { LedgerQuery } from '../../../api-client/contract/billing.ts';
import type { AppDeps } from '../../deps.ts';
import { authenticate } from '../auth.ts';
import { validate } from '../body.ts';

/** GET /v1/me/balance and /v1/me/ledger (mounted under /v1/me). */
export function balanceRoutes(deps: AppDeps): Hono {
  const routes = new Hono();

  routes.get('/balance', async (c) => {
    const { userId } = await authenticate(deps, c);
    return c.json(await deps.ledger.balance(userId, deps.clock.now()));
  });

  routes.get('/ledger', async (c) => {
    const { userId } = await authenticate(deps, c);
    const query = validate(LedgerQuery, c.req.query());
    // Settle first: a forfeit or expiry that is due shows in the ledger as soon as the clock passes it.
    await deps.ledger.settle(userId, deps.clock.now());
    return c.json(await deps.ledger.entries({ userId }, query));
  });

  return routes;
}
