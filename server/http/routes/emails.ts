import { Hono } from 'hono';
import { EmailCheckRequest } from '../../../api-client/contract/emails.ts';
import type { AppDeps } from '../../deps.ts';
import { saveVerification } from '../../email/verification-store.ts';
import { verifyEmailAddress } from '../../email/verify-email.ts';
import { WindowRateLimiter } from '../../rate-limiter.ts';
import { authenticate } from '../auth.ts';
import { parseBody } from '../body.ts';
import { DomainError } from '../domain-error.ts';

/** The contract asks for at least 60 a minute per user, 60 at once included; we allow twice that. */
const VERIFICATIONS_PER_MINUTE = 120;

/** POST /v1/emails/verify: free syntax, MX, disposable and role checks, stored for one email_find. */
export function emailRoutes(deps: AppDeps): Hono {
  const routes = new Hono();
  const limiter = new WindowRateLimiter(VERIFICATIONS_PER_MINUTE, 60_000);

  routes.post('/verify', async (c) => {
    const { userId } = await authenticate(deps, c);
    const body = await parseBody(c, EmailCheckRequest);
    const now = deps.clock.now();
    if (!limiter.tryHit(userId, now)) {
      throw new DomainError('rate_limited', `at most ${VERIFICATIONS_PER_MINUTE} verifications a minute`);
    }
    const result = await verifyEmailAddress(body.email, { lookup: deps.lookupDomain });
    const verificationId = await saveVerification(deps.db, { userId, result, now });
    return c.json({ verificationId, email: result.email, valid: result.valid, checks: result.checks });
  });

  return routes;
}
