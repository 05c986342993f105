import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import { openApiDocument } from '../openapi.ts';

export function healthRoutes({ db }: AppDeps): Hono {
  const routes = new Hono();
  routes.get('/healthz', async (c) => {
    await db.query('SELECT 1');
    return c.json({ ok: true, db: db.kind });
  });
  routes.get('/v1/openapi.json', (c) => c.json(openApiDocument()));
  return routes;
}
