import { Hono } from 'hono';
import { type ClockResponse, SetClockRequest } from '../../../api-client/contract/test-mode.ts';
import type { SettableClock } from '../../clock.ts';
import { parseBody } from '../body.ts';
import { DomainError } from '../domain-error.ts';

/** Test mode's `/v1/ops/clock`: read and move the server's clock (forward only). */
export function opsClockRoutes(clock: SettableClock): Hono {
  const routes = new Hono();

  routes.get('/', (c) => c.json({ now: clock.now().toISOString() } satisfies ClockResponse));

  routes.post('/', async (c) => {
    const body = await parseBody(c, SetClockRequest);
    const to = new Date(body.now);
    if (Number.isNaN(to.getTime())) throw new DomainError('validation_failed', 'now: not a valid time');
    if (!clock.set(to)) {
      throw new DomainError(
        'validation_failed',
        `now: the clock only moves forward; it is already ${clock.now().toISOString()}`,
      );
    }
    return c.json({ now: clock.now().toISOString() } satisfies ClockResponse);
  });

  return routes;
}
