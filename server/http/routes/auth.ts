import { Hono } from 'hono';
import { z } from 'zod';
import {
  type AuthResponse,
  LoginRequest,
  type ResendVerificationResponse,
  SignupRequest,
  VerifyEmailRequest,
  type VerifyEmailResponse,
} from '../../../api-client/contract/auth.ts';
import {
  clearLoginFailures,
  IpLoginLimiter,
  LOGIN_FAILURES_MAX,
  loginBlockedUntil,
  recordLoginFailure,
} from '../../auth/login-throttle.ts';
import { hashPassword, verifyPassword, verifyPasswordOfUnknownUser } from '../../auth/passwords.ts';
import { findValidToken, issueToken } from '../../auth/tokens.ts';
import {
  findUserByEmail,
  findUserById,
  insertUser,
  isEmailTakenError,
  markEmailVerified,
} from '../../auth/users.ts';
import { sendVerificationEmail } from '../../auth/verification.ts';
import type { AppDeps } from '../../deps.ts';
import { newId } from '../../ids.ts';
import { openPersonalAccount } from '../../ledger/accounts.ts';
import { authenticate } from '../auth.ts';
import { parseBody } from '../body.ts';
import { clientAddress } from '../client-address.ts';
import { DomainError } from '../domain-error.ts';

const NoBody = z.object({}).strict();

function rateLimited(until: Date): DomainError {
  return new DomainError('rate_limited', `too many failed logins; try again after ${until.toISOString()}`);
}

/** `/v1/auth/*`: sign-up, email verification, login and logout (billing-api.md, Accounts). */
export function authRoutes(deps: AppDeps): Hono {
  const { db, clock, config } = deps;
  const routes = new Hono();
  const ipLimiter = new IpLoginLimiter();

  routes.post('/signup', async (c) => {
    const body = await parseBody(c, SignupRequest);
    const passwordHash = await hashPassword(body.password);
    const now = clock.now();
    const result = await db
      .transaction(async (tx) => {
        const user = await insertUser(tx, {
          id: newId('usr'),
          email: body.email,
          name: body.name || null,
          passwordHash,
          now,
        });
        await openPersonalAccount(tx, { userId: user.id, freeCredits: config.freeSignupCredits, now });
        const token = await issueToken(tx, { userId: user.id, purpose: 'session', now });
        return { token, user };
      })
      .catch((error: unknown) => {
        if (isEmailTakenError(error))
          throw new DomainError('email_taken', `${body.email} is already registered`);
        throw error;
      });
    await sendVerificationEmail(deps, result.user);
    return c.json(result satisfies AuthResponse, 201);
  });

  routes.post('/verify-email', async (c) => {
    const body = await parseBody(c, VerifyEmailRequest);
    const found = await findValidToken(db, { token: body.token, purpose: 'verify_email', now: clock.now() });
    const user = found && (await markEmailVerified(db, found.userId));
    if (!user) throw new DomainError('validation_failed', 'the verification token is unknown or has expired');
    return c.json({ user } satisfies VerifyEmailResponse);
  });

  // The link in the verification message: opened in a browser, so it answers a small HTML page.
  routes.get('/verify-email', async (c) => {
    const token = c.req.query('token') ?? '';
    const found = token
      ? await findValidToken(db, { token, purpose: 'verify_email', now: clock.now() })
      : null;
    const user = found && (await markEmailVerified(db, found.userId));
    const message = user
      ? 'Your email address is confirmed. You can close this tab and go back to Lasso.'
      : 'This confirmation link is unknown or has expired. Ask Lasso to send a new one.';
    return c.html(
      `<!doctype html><meta charset="utf-8"><title>Lasso</title><p style="font:16px system-ui;margin:3em">${message}</p>`,
      user ? 200 : 400,
    );
  });

  routes.post('/resend-verification', async (c) => {
    const { userId } = await authenticate(deps, c);
    await parseBody(c, NoBody, { optional: true });
    const stored = await findUserById(db, userId);
    if (!stored) throw new DomainError('unauthorized', 'the token is unknown, expired or revoked');
    const sent = !stored.user.emailVerified && (await sendVerificationEmail(deps, stored.user));
    return c.json({ sent } satisfies ResendVerificationResponse, 202);
  });

  routes.post('/login', async (c) => {
    const body = await parseBody(c, LoginRequest);
    const ip = clientAddress(c);
    const now = clock.now();
    if (ipLimiter.isBlocked(ip, now)) {
      throw new DomainError('rate_limited', 'too many failed logins from this address; try again later');
    }
    const blockedUntil = await loginBlockedUntil(db, body.email, now);
    if (blockedUntil) throw rateLimited(blockedUntil);

    const stored = await findUserByEmail(db, body.email);
    const valid = stored
      ? await verifyPassword(body.password, stored.passwordHash)
      : await verifyPasswordOfUnknownUser(body.password);
    if (!stored || !valid) {
      ipLimiter.recordFailure(ip, now);
      const failures = await recordLoginFailure(db, body.email, now);
      // A failure that raced past the check above still must not be the 11th 401.
      if (failures > LOGIN_FAILURES_MAX) {
        throw rateLimited((await loginBlockedUntil(db, body.email, now)) ?? now);
      }
      throw new DomainError('unauthorized', 'wrong email or password');
    }

    await clearLoginFailures(db, body.email);
    const token = await issueToken(db, { userId: stored.user.id, purpose: 'session', now });
    return c.json({ token, user: stored.user } satisfies AuthResponse);
  });

  routes.post('/logout', async (c) => {
    const { tokenHash } = await authenticate(deps, c);
    await parseBody(c, NoBody, { optional: true });
    await deps.sessions.revoke(tokenHash, clock.now());
    return c.body(null, 204);
  });

  return routes;
}
