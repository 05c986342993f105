import { Hono } from 'hono';
import { CaptureRequest, HoldRequest, ReleaseRequest } from '../../../api-client/contract/billing.ts';
import type { AppDeps } from '../../deps.ts';
import { authenticate } from '../auth.ts';
import { parseBody } from '../body.ts';
import { DomainError } from '../domain-error.ts';
import { idempotencyOf } from '../idempotency.ts';

const DEFAULT_HOLD_TTL_SECONDS = 120;

/** A hold id PostgreSQL cannot even store (NUL) names no hold: 404 like any unknown id. */
function holdIdParam(holdId: string): string {
  if (holdId.includes('\0')) throw new DomainError('not_found', 'no such hold');
  return holdId;
}

export function holdRoutes(deps: AppDeps): Hono {
  const routes = new Hono();

  routes.post('/', async (c) => {
    const { userId } = await authenticate(deps, c);
    const body = await parseBody(c, HoldRequest);
    const idempotency = idempotencyOf(c, body);
    const result = await deps.ledger.hold(
      userId,
      {
        action: body.action,
        quantity: body.quantity,
        ttlSeconds: body.ttlSeconds ?? DEFAULT_HOLD_TTL_SECONDS,
      },
      idempotency,
      deps.clock.now(),
    );
    return c.json(result.body, result.status as 201);
  });

  routes.post('/:holdId/capture', async (c) => {
    const { userId } = await authenticate(deps, c);
    const body = await parseBody(c, CaptureRequest, { optional: true });
    const idempotency = idempotencyOf(c, body);
    const result = await deps.ledger.capture(
      userId,
      holdIdParam(c.req.param('holdId')),
      body.quantity,
      idempotency,
      deps.clock.now(),
    );
    return c.json(result.body, result.status as 200);
  });

  routes.post('/:holdId/release', async (c) => {
    const { userId } = await authenticate(deps, c);
    const body = await parseBody(c, ReleaseRequest, { optional: true });
    const idempotency = idempotencyOf(c, body);
    const result = await deps.ledger.release(
      userId,
      holdIdParam(c.req.param('holdId')),
      idempotency,
      deps.clock.now(),
    );
    return c.json(result.body, result.status as 200);
  });

  return routes;
}
