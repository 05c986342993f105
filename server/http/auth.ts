import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Session } from '../auth/session-cache.ts';
import type { Config } from '../config.ts';
import type { AppDeps } from '../deps.ts';
import { DomainError } from './domain-error.ts';

// RFC 6750 b64token; our tokens are base64url, anything else cannot be one of ours.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The bearer token of the request, or undefined when the header is missing or malformed. */
export function bearerToken(c: Context): string | undefined {
  const header = c.req.header('authorization');
  return header ? BEARER.exec(header)?.[1] : undefined;
}

/**
 * The user behind the request's session token (`Authorization: Bearer <token>`). Missing, malformed,
 * unknown, expired or revoked → 401 `unauthorized`.
 */
export async function authenticate(deps: Pick<AppDeps, 'sessions' | 'clock'>, c: Context): Promise<Session> {
  const token = bearerToken(c);
  if (!token) throw new DomainError('unauthorized', 'send Authorization: Bearer <token>');
  const session = await deps.sessions.find(token, deps.clock.now());
  if (!session) throw new DomainError('unauthorized', 'the token is unknown, expired or revoked');
  return session;
}

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives both sides one length, so the comparison time tells nothing about the secret.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * Guards `/v1/ops/*`: without BILLING_OPERATOR_TOKEN every path there is 404; otherwise any bearer
 * other than the operator token (a user's included) is 401, before any other check.
 */
export function operatorGuard(config: Pick<Config, 'operatorToken'>): MiddlewareHandler {
  return async (c, next) => {
    const { operatorToken } = config;
    if (!operatorToken) throw new DomainError('not_found', 'the back office is disabled on this server');
    // Any characters after the scheme: the operator picks this token, it need not be base64url.
    const token = /^Bearer +(.+?) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token || !sameSecret(token, operatorToken)) {
      throw new DomainError('unauthorized', 'send Authorization: Bearer <operator token>');
    }
    await next();
  };
}
