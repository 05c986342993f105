import { Hono } from 'hono';
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/db.ts';
import { DomainError, problemBody } from './domain-error.ts';
import { healthRoutes } from './routes/health.ts';

export interface AppDeps {
  db: Db;
  clock: Clock;
  config: Config;
}

export type AppEnv = { Variables: { requestId: string } };

function problemResponse(error: DomainError, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problemBody(error)), {
    status: error.status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  });
}

function pathPattern(path: string): RegExp {
  const escaped = path
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}/?$`);
}

/** Builds the billing API. Every dependency is passed in; nothing here reads the environment. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  let requestCounter = 0;

  app.use('*', async (c, next) => {
    c.set('requestId', `req_${Date.now().toString(36)}_${(requestCounter++).toString(36)}`);
    await next();
  });

  app.route('/', healthRoutes(deps));

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

  app.onError((error, c) => {
    if (error instanceof DomainError) return problemResponse(error);
    console.error(`[${c.get('requestId')}] unhandled error:`, error);
    return problemResponse(new DomainError('internal_error', `request ${c.get('requestId')} failed`));
  });

  return app;
}
