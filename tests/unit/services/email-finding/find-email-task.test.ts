import { describe, expect, it } from 'vitest';
import type { BillingApi } from '../../../../api-client/billing-api.ts';
import type { EmailVerification } from '../../../../api-client/contract/emails.ts';
import { ApiError } from '../../../../api-client/errors.ts';
import {
  createFindEmailTask,
  type FindEmailTaskDeps,
} from '../../../../services/email-finding/find-email-task.ts';
import { inMemoryMemo, type RowMemo, type RowTaskContext } from '../../../../services/jobs/row-task.ts';
import type { RowRecord } from '../../../../storage/model.ts';

const NOW = Date.UTC(2026, 10, 25, 12);
const ALL_GOOD = { syntax: true, mx: true, disposable: false, role: false };

function row(fields: Partial<RowRecord> = {}): RowRecord {
  return {
    id: 'row_1',
    listId: 'list_1',
    name: 'Ada Lovelace',
    links: { website: 'https://acme.com' },
    tags: [],
    note: '',
    savedAt: 1,
    updatedAt: 1,
    searchText: '',
    ...fields,
  };
}

function apiError(status: number, code: string): ApiError {
  return new ApiError({
    status,
    code: code as ApiError['code'],
    detail: code,
    request: { method: 'POST', url: 'http://api/v1/x', idempotencyKey: undefined },
  });
}

/** A billing API that judges addresses by `verdict` and records every call. */
function fakeApi(verdict: (email: string) => EmailVerification['checks'] | Error, spendError?: Error) {
  const calls: Array<{ method: string; arg: unknown; key?: string }> = [];
  let verifications = 0;
  const api = {
    async checkEmail(email: string) {
      calls.push({ method: 'verify', arg: email });
      const checks = verdict(email);
      if (checks instanceof Error) throw checks;
      const valid = checks.syntax && checks.mx && !checks.disposable && !checks.role;
      return { verificationId: `ver_${++verifications}`, email, valid, checks };
    },
    async spend(body: unknown, key: string) {
      calls.push({ method: 'spend', arg: body, key });
      if (spendError) throw spendError;
      return {
        spendId: 'spend_1',
        action: 'email_find',
        quantity: 1,
        charged: 1,
        breakdown: [{ bucket: 'team.subscription', amount: 1 }],
        balance: {},
      };
    },
  } as unknown as BillingApi;
  return { api, calls };
}

function context(api: BillingApi, options: { signal?: AbortSignal; memo?: RowMemo } = {}): RowTaskContext {
  return {
    api,
    key: (purpose) => `job_1:row_1:${purpose}`,
    memo: options.memo ?? inMemoryMemo(),
    signal: options.signal ?? new AbortController().signal,
    now: () => NOW,
  };
}

function deps(more: Partial<FindEmailTaskDeps> = {}): FindEmailTaskDeps & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    patternsForDomain: async () => new Map(),
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...more,
  };
}

describe('find-email task', () => {
  it('spends 1 credit with the verificationId of the first valid candidate, and fills the empty email', async () => {
    const { api, calls } = fakeApi((email) =>
      email === 'alovelace@acme.com' ? ALL_GOOD : { ...ALL_GOOD, role: true },
    );
    const outcome = await createFindEmailTask(deps())(row(), context(api));

    expect(calls.map((c) => c.arg)).toEqual([
      'ada.lovelace@acme.com',
      'ada@acme.com',
      'alovelace@acme.com',
      { action: 'email_find', quantity: 1, verificationId: 'ver_3' },
    ]);
    expect(calls.at(-1)?.key).toBe('job_1:row_1:spend');
    expect(outcome).toMatchObject({
      status: 'done',
      charge: { credits: 1, breakdown: [{ bucket: 'team.subscription', amount: 1 }] },
      patch: {
        email: 'alovelace@acme.com',
        emailFinding: {
          status: 'valid',
          at: NOW,
          verificationId: 'ver_3',
          email: 'alovelace@acme.com',
          checks: ALL_GOOD,
        },
      },
    });
  });

  it('tries the patterns already seen at the domain first', async () => {
    const { api, calls } = fakeApi(() => ALL_GOOD);
    await createFindEmailTask(deps({ patternsForDomain: async () => new Map([['flast', 4]]) }))(
      row(),
      context(api),
    );
    expect(calls[0]?.arg).toBe('alovelace@acme.com');
  });

  it('never overwrites an email the row has: a different verified one is kept in the finding', async () => {
    const { api } = fakeApi((email) => (email.endsWith('@acme.com') ? ALL_GOOD : { ...ALL_GOOD, mx: false }));
    const outcome = await createFindEmailTask(deps())(row({ email: 'ada@old-job.example' }), context(api));
    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    expect(outcome.patch.email).toBeUndefined();
    expect(outcome.patch.emailFinding?.email).toBe('ada.lovelace@acme.com');
    expect(outcome.detail).toContain('keeps its own email');
  });

  it('spends nothing when no candidate is valid, and says which checks failed', async () => {
    const { api, calls } = fakeApi((email) =>
      email.startsWith('ada@') ? ALL_GOOD : { ...ALL_GOOD, role: true },
    );
    const outcome = await createFindEmailTask(deps())(
      row({ links: { website: 'https://acme.com' }, name: 'Info Desk' }),
      context(api),
    );
    expect(calls.some((c) => c.method === 'spend')).toBe(false);
    expect(outcome).toMatchObject({
      status: 'failed',
      reason: 'No verified email found: 8 addresses checked: role address (8)',
      patch: { emailFinding: { status: 'invalid', at: NOW } },
    });
  });

  it('checks a domain without a mail server once, not once per pattern', async () => {
    const noMail = fakeApi(() => ({ ...ALL_GOOD, mx: false }));
    const failed = await createFindEmailTask(deps())(row(), context(noMail.api));
    expect(noMail.calls.map((c) => c.arg)).toEqual(['ada.lovelace@acme.com']);
    expect(failed).toMatchObject({
      status: 'failed',
      reason: 'No verified email found: 1 address checked: domain takes no mail (1)',
      patch: { emailFinding: { status: 'invalid', at: NOW } },
    });
  });

  it('skips a row with no company domain, for free, without calling the API', async () => {
    const { api, calls } = fakeApi(() => ALL_GOOD);
    const outcome = await createFindEmailTask(deps())(row({ links: {} }), context(api));
    expect(outcome).toEqual({
      status: 'skipped',
      reason: 'No company domain known for this row (add its website or work email)',
    });
    expect(calls).toEqual([]);
  });

  it('waits and retries an address the API rate-limited, then goes on', async () => {
    let limited = 2;
    const { api, calls } = fakeApi(() => (limited-- > 0 ? apiError(429, 'rate_limited') : ALL_GOOD));
    const d = deps();
    const outcome = await createFindEmailTask(d)(row(), context(api));
    expect(outcome.status).toBe('done');
    expect(d.waits).toHaveLength(2);
    expect(d.waits[1]!).toBeGreaterThanOrEqual(1_000);
    expect(calls.filter((c) => c.method === 'verify').map((c) => c.arg)).toEqual([
      'ada.lovelace@acme.com',
      'ada.lovelace@acme.com',
      'ada.lovelace@acme.com',
    ]);
  });

  it('fails without charging when the API keeps rate-limiting', async () => {
    const { api, calls } = fakeApi(() => apiError(429, 'rate_limited'));
    const outcome = await createFindEmailTask(deps({ rateLimitRetries: 2 }))(row(), context(api));
    expect(outcome).toMatchObject({
      status: 'failed',
      reason: expect.stringContaining('could not be checked'),
    });
    expect(calls.filter((c) => c.method === 'verify')).toHaveLength(3);
    expect(calls.some((c) => c.method === 'spend')).toBe(false);
  });

  it('answers out_of_credits on a 402, and the re-run spends the same verification under the same key', async () => {
    const memo = inMemoryMemo();
    const broke = fakeApi(() => ALL_GOOD, apiError(402, 'insufficient_credits'));
    expect(await createFindEmailTask(deps())(row(), context(broke.api, { memo }))).toEqual({
      status: 'out_of_credits',
    });

    const funded = fakeApi(() => ALL_GOOD);
    const outcome = await createFindEmailTask(deps())(row(), context(funded.api, { memo }));
    expect(outcome.status).toBe('done');
    // No new verification: a fresh one would make the same key a different request (409).
    expect(funded.calls).toEqual([
      {
        method: 'spend',
        arg: { action: 'email_find', quantity: 1, verificationId: 'ver_1' },
        key: 'job_1:row_1:spend',
      },
    ]);
  });

  it('stops verifying at once when the job is cancelled', async () => {
    const cancel = new AbortController();
    const { api, calls } = fakeApi(() => {
      cancel.abort();
      return { ...ALL_GOOD, mx: false };
    });
    const outcome = await createFindEmailTask(deps())(row(), context(api, { signal: cancel.signal }));
    expect(outcome).toEqual({ status: 'failed', reason: 'Cancelled' });
    expect(calls).toHaveLength(1);
  });

  it('verifies emails found on the row pages before building patterns', async () => {
    const { api, calls } = fakeApi(() => ALL_GOOD);
    await createFindEmailTask(deps({ pageEmails: async () => ['countess@acme.com'] }))(row(), context(api));
    expect(calls[0]?.arg).toBe('countess@acme.com');
  });
});
