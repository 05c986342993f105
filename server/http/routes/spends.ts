import { Hono } from 'hono';
import { SpendRequest } from '../../../api-client/contract/billing.ts';
import type { AppDeps } from '../../deps.ts';
import { authenticate } from '../auth.ts';
import { parseBody } from '../body.ts';
import { idempotencyOf } from '../idempotency.ts';

export function spendRoutes(deps: AppDeps): Hono {
  const routes = new Hono();

  routes.post('/', async (c) => {
    const { userId } = await authenticate(deps, c);
    const body = await parseBody(c, SpendRequest);
    // Any other value names no verification (422 below); it must not reach SQL or the request hash
    // as an arbitrarily deep structure or a string PostgreSQL cannot store.
    const verificationId =
      typeof body.verificationId === 'string' && !body.verificationId.includes('\0')
        ? body.verificationId
        : null;
    const idempotency = idempotencyOf(c, {
      ...body,
      verificationId: body.verificationId === undefined ? undefined : verificationId,
    });
    const result = await deps.ledger.spend(
      userId,
      { action: body.action, quantity: body.quantity, verificationId },
      idempotency,
      deps.clock.now(),
    );
    return c.json(result.body, result.status as 201);
  });

  return routes;
}
