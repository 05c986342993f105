/**
 * The bare HTTP baseline of `npm run bench`: the least an HTTP endpoint in front of the spend
 * function can do. One Hono route on @hono/node-server (as the API) calling `lasso_spend` through a
 * pg Pool: no auth, no validation, no idempotency key (NULL). Run as its own process:
 *   DATABASE_URL=postgres://… PORT=0 POOL_MAX=20 node --import tsx bench/bare-server.ts
 * It prints `bare api listening on http://127.0.0.1:<port>`. POST /spend {userId, action, quantity}
 * → 201 with the spend's body.
 */
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import pg from 'pg';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('bare-server needs DATABASE_URL');
const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT ?? 0);
// The API's pool is 20 connections (openDb's default); the same here unless told otherwise.
const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.POOL_MAX ?? 20) });
pool.on('error', (error) => console.error('bare-server pool error:', error.message));

const SQL = 'SELECT lasso_spend($1, $2, $3, NULL, NULL, NULL, now(), 10, $4) AS result';
const spendPrefix = `spend_bare_${process.pid}_${Date.now().toString(36)}_`;
let counter = 0;

const app = new Hono();
app.post('/spend', async (c) => {
  const body = await c.req.json<{ userId: string; action: string; quantity: number }>();
  const { rows } = await pool.query<{ result: { status: number; body: unknown } }>(SQL, [
    body.userId,
    body.action,
    body.quantity,
    `${spendPrefix}${counter++}`,
  ]);
  const result = rows[0]!.result;
  return c.json(result.body, result.status as 201);
});
app.onError((error, c) => c.json({ error: error.message }, 500));

const server = createAdaptorServer({ fetch: app.fetch, hostname: host });
await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, host, () => resolve());
});
console.log(`bare api listening on http://${host}:${(server.address() as AddressInfo).port}`);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    await closed;
    await pool.end();
    process.exit(0);
  });
}
