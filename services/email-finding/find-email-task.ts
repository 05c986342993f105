/**
 * Email finding for one row, as a RowTask: verify the row's candidates one by one with
 * `POST /v1/emails/verify` (free), and spend `email_find` × 1 for the first one the API judges valid,
 * carrying its `verificationId`. No valid candidate, or a technical failure, costs nothing. Only the
 * addresses being verified leave the browser.
 */
import type { EmailVerification } from '../../api-client/contract/emails.ts';
import { ApiError, NetworkError } from '../../api-client/errors.ts';
import type { EmailFinding, RowRecord } from '../../storage/model.ts';
import { backoffDelayMs } from '../backoff.ts';
import type { RowTask, RowTaskContext, RowTaskOutcome } from '../jobs/row-task.ts';
import { type Candidate, candidatesFor, findEmailPlan } from './candidates.ts';
import { emailDomain } from './domain.ts';

export interface FindEmailTaskDeps {
  /** Pattern id → count of saved addresses at `domain` following it (the user's own lists). */
  patternsForDomain(domain: string): Promise<ReadonlyMap<string, number>>;
  /** Addresses found on the row's own pages; none when the runner has no page reader for it. */
  pageEmails?(row: RowRecord, signal: AbortSignal): Promise<string[]>;
  /** Waits `ms`, or less when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** How often one address is retried after a 429 before the row gives up (default 5). */
  rateLimitRetries?: number;
}

/** The verification a spend is about to carry, kept in the row's memo across a worker restart. */
const MEMO_VERIFIED = 'verified';

interface Verified {
  verificationId: string;
  email: string;
  checks: EmailVerification['checks'];
}

type VerifyResult = { ok: EmailVerification } | { failed: string };

const RATE_LIMIT_BACKOFF = { initialMs: 1_000, maxMs: 30_000 };

/**
 * @example
 * const findEmail = createFindEmailTask({ patternsForDomain, sleep });
 * const outcome = await findEmail(row, context); // done (1 credit) | failed | skipped | out_of_credits
 */
export function createFindEmailTask(deps: FindEmailTaskDeps): RowTask {
  const retries = deps.rateLimitRetries ?? 5;

  async function verify(email: string, context: RowTaskContext): Promise<VerifyResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return { ok: await context.api.checkEmail(email) };
      } catch (error) {
        if (error instanceof ApiError && error.status === 429 && attempt < retries) {
          await deps.sleep(backoffDelayMs(attempt, RATE_LIMIT_BACKOFF), context.signal);
          if (context.signal.aborted) return { failed: 'Cancelled' };
          continue;
        }
        return { failed: `Addresses could not be checked: ${reasonOf(error)}` };
      }
    }
  }

  async function spend(row: RowRecord, verified: Verified, context: RowTaskContext): Promise<RowTaskOutcome> {
    let response: Awaited<ReturnType<typeof context.api.spend>>;
    try {
      response = await context.api.spend(
        { action: 'email_find', quantity: 1, verificationId: verified.verificationId },
        context.key('spend'),
      );
    } catch (error) {
      if (error instanceof ApiError && error.code === 'insufficient_credits')
        return { status: 'out_of_credits' };
      return {
        status: 'failed',
        reason: `The email was found but could not be paid for: ${reasonOf(error)}`,
      };
    }
    const finding: EmailFinding = {
      status: 'valid',
      at: context.now(),
      verificationId: verified.verificationId,
      email: verified.email,
      checks: verified.checks,
    };
    // Never overwrite an address the row has: a different one found stays beside it, in the finding.
    const keepsOwn =
      row.email !== undefined && row.email !== '' && row.email.toLowerCase() !== verified.email;
    return {
      status: 'done',
      patch: keepsOwn ? { emailFinding: finding } : { email: verified.email, emailFinding: finding },
      charge: { credits: response.charged, breakdown: response.breakdown },
      detail: keepsOwn ? `Found ${verified.email} (the row keeps its own email)` : `Found ${verified.email}`,
    };
  }

  return async (row, context) => {
    // A row re-run after the worker stopped between verifying and the spend's answer: the same spend
    // again, same body and key, so the API replays it instead of charging twice.
    const remembered = context.memo.get(MEMO_VERIFIED);
    if (remembered) return spend(row, JSON.parse(remembered) as Verified, context);

    const plan = findEmailPlan(row, context.now());
    if ('skip' in plan) return { status: 'skipped', reason: plan.skip };

    let pageEmails: string[] = [];
    if (deps.pageEmails) {
      try {
        pageEmails = await deps.pageEmails(row, context.signal);
      } catch {
        // The row's pages are a bonus source: patterns still work without them.
      }
    }
    let seen: ReadonlyMap<string, number> = new Map();
    if (plan.domain && plan.canBuild) seen = await deps.patternsForDomain(plan.domain);

    const rejected: Array<{ candidate: Candidate; checks: EmailVerification['checks'] }> = [];
    // A domain without a mail server answers the same for every name: one check of it is enough.
    const noMail = new Set<string>();
    for (const candidate of candidatesFor(row, pageEmails, seen)) {
      if (context.signal.aborted) return { status: 'failed', reason: 'Cancelled' };
      if (noMail.has(emailDomain(candidate.email) ?? '')) continue;
      const result = await verify(candidate.email, context);
      if ('failed' in result) return { status: 'failed', reason: result.failed };
      const { verificationId, valid, checks } = result.ok;
      if (!valid) {
        rejected.push({ candidate, checks });
        if (checks.syntax && !checks.mx) noMail.add(emailDomain(candidate.email) ?? '');
        continue;
      }
      const verified: Verified = { verificationId, email: candidate.email, checks };
      await context.memo.set(MEMO_VERIFIED, JSON.stringify(verified));
      return spend(row, verified, context);
    }
    const reason = `No verified email found: ${whyRejected(rejected)}`;
    return {
      status: 'failed',
      reason,
      patch: { emailFinding: { status: 'invalid', at: context.now(), reason } },
    };
  };
}

/** "the domain takes no mail (6 addresses)" / "2 role addresses, 1 malformed" — what the checks said. */
export function whyRejected(
  rejected: ReadonlyArray<{ candidate: Candidate; checks: EmailVerification['checks'] }>,
): string {
  if (rejected.length === 0) return 'no address to check';
  const counts = new Map<string, number>();
  for (const { checks } of rejected) {
    const why = !checks.syntax
      ? 'malformed'
      : !checks.mx
        ? 'domain takes no mail'
        : checks.disposable
          ? 'disposable domain'
          : checks.role
            ? 'role address'
            : 'rejected';
    counts.set(why, (counts.get(why) ?? 0) + 1);
  }
  const parts = [...counts].map(([why, n]) => `${why} (${n})`);
  return `${rejected.length} ${rejected.length === 1 ? 'address' : 'addresses'} checked: ${parts.join(', ')}`;
}

function reasonOf(error: unknown): string {
  if (error instanceof NetworkError) return 'the billing API did not answer';
  if (error instanceof ApiError) return error.detail ?? `HTTP ${error.status}`;
  return error instanceof Error ? error.message : String(error);
}
