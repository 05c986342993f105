import { Hono } from 'hono';
import type { OutboxResponse } from '../../../api-client/contract/test-mode.ts';
import type { Outbox } from '../../mail/outbox.ts';

/** Test mode's `GET /v1/ops/outbox?to=<email>`: the messages sent, newest first. */
export function opsOutboxRoutes(outbox: Outbox): Hono {
  const routes = new Hono();

  routes.get('/', (c) => {
    const to = c.req.query('to');
    return c.json({ messages: outbox.list(to === '' ? undefined : to) } satisfies OutboxResponse);
  });

  return routes;
}
