import { Hono } from 'hono';
import { SettableClock } from '../clock.ts';
import type { AppDeps } from '../deps.ts';
import { operatorGuard } from './auth.ts';
import { DomainError, problemBody } from './domain-error.ts';
import { authRoutes } from './routes/auth.ts';
import { balanceRoutes } from './routes/balance.ts';
import { emailRoutes } from './routes/emails.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { holdRoutes } from './routes/holds.ts';
import { meRoutes } from './routes/me.ts';
import { opsBillingRoutes } from './routes/ops-billing.ts';
import { opsClockRoutes } from './routes/ops-clock.ts';
import { opsOutboxRoutes } from './routes/ops-outbox.ts';
import { spendRoutes } from './routes/spends.ts';
import { teamRoutes } from './routes/teams.ts';

export type { AppDeps };

function problemResponse(error: DomainError, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problemBody(error)), {
    status: error.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

/**
 * SQLSTATEs of a connection PostgreSQL refused or ended (class 08, too many connections, shutdown),
 * and of a transaction it rolled back to break a deadlock or a serialization conflict: the request
 * changed nothing, and sent again it goes through.
 */
const UNAVAILABLE_SQLSTATE = /^(08[0-9A-Z]{3}|53300|57P0[1-3]|40001|40P01)$/;
/** Errors of a socket to the database (or another service the request needed) that failed or broke. */
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);

function isServiceUnavailable(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) {
    return true;
  }
  // pg's error for a connection that ended under a query carries no code.
  return typeof message === 'string' && message.startsWith('Connection terminated');
}

function pathPattern(path: string): RegExp {
  const escaped = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

/** Builds the billing API. Every dependency is passed in; nothing here reads the environment. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  // Names a failed request in the log and in its answer, so a user's report can be found. Made only
  // when an error is answered: a middleware naming every request cost each one a turn of the chain.
  let errorCounter = 0;
  const errorId = () => `req_${Date.now().toString(36)}_${(errorCounter++).toString(36)}`;

  // Registered before every route: each /v1/ops/* path, mounted anywhere below, checks the operator first.
  app.use('/v1/ops/*', operatorGuard(deps.config));

  app.route('/', healthRoutes(deps));
  app.route('/v1/auth', authRoutes(deps));
  app.route('/v1/me', meRoutes(deps));
  app.route('/v1/me', balanceRoutes(deps));
  app.route('/v1/me', eventRoutes(deps));
  app.route('/v1/spends', spendRoutes(deps));
  app.route('/v1/emails', emailRoutes(deps));
  app.route('/v1/holds', holdRoutes(deps));
  app.route('/v1/teams', teamRoutes(deps));
  app.route('/v1/ops', opsBillingRoutes(deps));
  // Test mode only: elsewhere these paths do not exist (404).
  if (deps.config.testMode && deps.clock instanceof SettableClock) {
    app.route('/v1/ops/clock', opsClockRoutes(deps.clock));
  }
  if (deps.config.testMode && deps.outbox) app.route('/v1/ops/outbox', opsOutboxRoutes(deps.outbox));

  app.notFound((c) => {
    const path = c.req.path;
    const allowed = app.routes
      .filter((route) => route.method !== 'ALL' && pathPattern(route.path).test(path))
      .map((route) => route.method);
    if (allowed.length > 0) {
      return problemResponse(
        new DomainError('method_not_allowed', `${c.req.method} is not allowed on ${path}`),
        { allow: [...new Set(allowed)].join(', ') },
      );
    }
    return problemResponse(new DomainError('not_found', `no route for ${c.req.method} ${path}`));
  });

  app.onError((error) => {
    if (error instanceof DomainError) return problemResponse(error);
    // A data exception from PostgreSQL (class 22: bad encoding, out of range) means the input was
    // unusable; input must never produce a 5xx.
    if (isDataException(error)) {
      return problemResponse(new DomainError('validation_failed', 'a value in the request cannot be stored'));
    }
    // The database refused or dropped the connection, or rolled the transaction back to break a
    // deadlock: the answer is "not now", not a fault of the request. Sending it again is safe: a credit
    // movement either did not commit or replays by its Idempotency-Key.
    if (isServiceUnavailable(error)) {
      console.warn(`[${errorId()}] a service is unavailable:`, (error as Error).message);
      return problemResponse(
        new DomainError(
          'service_unavailable',
          'the billing database or another service it needs is busy or unreachable; try again in a moment',
        ),
        { 'retry-after': '1' },
      );
    }
    const id = errorId();
    console.error(`[${id}] unhandled error:`, error);
    return problemResponse(new DomainError('internal_error', `request ${id} failed`));
  });

  return app;
}
