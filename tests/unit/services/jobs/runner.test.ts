import { beforeEach, describe, expect, it } from 'vitest';
import type { BillingApi } from '../../../../api-client/billing-api.ts';
import { NetworkError } from '../../../../api-client/errors.ts';
import type { RowTask, RowTaskContext, RowTaskOutcome } from '../../../../services/jobs/row-task.ts';
import { createJobRunner, SIGNED_OUT_MESSAGE } from '../../../../services/jobs/runner.ts';
import { enrichmentHost, type JobTask } from '../../../../services/jobs/tasks.ts';
import type { LassoDb } from '../../../../storage/db.ts';
import { dismissJob, getJob, jobRowsOf, pruneFinishedJobs } from '../../../../storage/jobs.ts';
import { saveProfiles } from '../../../../storage/rows.ts';
import { freshDb, newList, profile } from '../../storage/test-db.ts';

// The runner against a real Dexie (fake-indexeddb) with tasks that record their calls: what it starts,
// with which keys, and what it stores. The real enrichment task is tested in tests/e2e/enrich.spec.ts.

/** The tasks here are fakes; the runner itself asks the API only whether it answers (after a failure). */
let apiAnswers = true;
const api = {
  balance: async () => {
    if (!apiAnswers) {
      throw new NetworkError({
        kind: 'unreachable',
        request: { method: 'GET', url: 'http://api/v1/me/balance', idempotencyKey: undefined },
      });
    }
    return {};
  },
} as unknown as BillingApi;

/** These tests run enrichment jobs only. */
const unusedTask: JobTask = {
  run: async () => ({ status: 'failed', reason: 'not under test' }),
  host: () => undefined,
};

async function listWith(db: LassoDb, urls: string[]) {
  const list = await newList(db);
  const saved = await saveProfiles(
    db,
    list.id,
    urls.map((url, i) => profile(`Person ${i}`, { profileUrl: url })),
  );
  if (!saved.ok) throw new Error('save failed');
  return { listId: list.id, rowIds: saved.rowIds };
}

function charged(credits = 1): RowTaskOutcome {
  return {
    status: 'done',
    patch: { company: 'Found Inc' },
    charge: { credits, breakdown: [{ bucket: 'personal.free', amount: credits }] },
  };
}

/** A task whose rows end when the test says so; it records each call's row and hold key. */
function controlledTask() {
  const calls: Array<{ rowId: string; key: string; ctx: RowTaskContext; end(o: RowTaskOutcome): void }> = [];
  const run: RowTask = (row, ctx) =>
    new Promise((resolve) => {
      calls.push({ rowId: row.id, key: ctx.key('hold'), ctx, end: resolve });
      ctx.signal.addEventListener('abort', () => resolve({ status: 'failed', reason: 'Cancelled' }));
    });
  return { calls, task: { run, host: enrichmentHost } };
}

function runnerOn(db: LassoDb, task: ReturnType<typeof controlledTask>['task'], more = {}) {
  let id = 0;
  return createJobRunner({
    db,
    tasks: { enrich: task, find_email: unusedTask },
    api: async () => api,
    now: Date.now,
    newId: (prefix) => `${prefix}_${id++}`,
    newSeed: () => `seed_${Math.random().toString(36).slice(2)}`,
    hostDelayMs: 0,
    ...more,
  });
}

const until = async (check: () => boolean | Promise<boolean>) => {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition never met');
};

describe('the job runner', () => {
  beforeEach(() => {
    apiAnswers = true;
  });

  it('runs 3 rows at once at most, one per host, and stores each outcome with its row', async () => {
    const db = freshDb();
    const { listId, rowIds } = await listWith(db, [
      'https://a.test/1',
      'https://a.test/2',
      'https://b.test/1',
      'https://c.test/1',
      'https://d.test/1',
    ]);
    const { calls, task } = controlledTask();
    const runner = runnerOn(db, task);

    const jobId = await runner.start({ kind: 'enrich', listId, rowIds });
    await until(() => calls.length === 3);

    expect(calls.map((c) => c.rowId)).toEqual([rowIds[0], rowIds[2], rowIds[3]]);
    for (const call of calls.splice(0)) call.end(charged());
    await until(() => calls.length === 2);
    for (const call of calls.splice(0)) call.end({ status: 'failed', reason: 'The page answered 404' });
    await runner.idle();

    expect(await getJob(db, jobId)).toMatchObject({
      state: 'done',
      counters: { total: 5, done: 3, failed: 2 },
      credits: { team: 0, personal: 3 },
    });
    expect((await db.rows.get(rowIds[0]!))?.company).toBe('Found Inc');
    expect((await db.rows.get(rowIds[0]!))?.searchText).toContain('found inc');
  });

  it('after a restart re-runs a row that was in flight with the same idempotency keys', async () => {
    const db = freshDb();
    const { listId, rowIds } = await listWith(db, ['https://a.test/1', 'https://b.test/1']);
    const first = controlledTask();
    const jobId = await runnerOn(db, first.task).start({ kind: 'enrich', listId, rowIds });
    await until(() => first.calls.length === 2);
    first.calls[0]!.end(charged());
    await until(async () => (await getJob(db, jobId))?.counters.done === 1);
    // The worker stops here: the second row never reports. A new worker starts on the same database.

    const second = controlledTask();
    const restarted = runnerOn(db, second.task);
    await restarted.resumeAll();
    await until(() => second.calls.length === 1);

    expect(second.calls[0]).toMatchObject({ rowId: rowIds[1], key: first.calls[1]!.key });
    second.calls[0]!.end(charged());
    await restarted.idle();
    expect(await getJob(db, jobId)).toMatchObject({ state: 'done', counters: { done: 2 } });
  });

  it("after a restart gives the re-run row what its task kept in the memo, and nothing of another row's", async () => {
    const db = freshDb();
    const { listId, rowIds } = await listWith(db, ['https://a.test/1', 'https://b.test/1']);
    const first = controlledTask();
    await runnerOn(db, first.task).start({ kind: 'enrich', listId, rowIds });
    await until(() => first.calls.length === 2);
    await first.calls[0]!.ctx.memo.set('verified', '{"verificationId":"ver_1"}');
    // The worker stops with both rows in flight; a new one resumes them.

    const second = controlledTask();
    const restarted = runnerOn(db, second.task);
    await restarted.resumeAll();
    await until(() => second.calls.length === 2);

    const byRow = new Map(second.calls.map((call) => [call.rowId, call.ctx.memo]));
    expect(byRow.get(rowIds[0]!)?.get('verified')).toBe('{"verificationId":"ver_1"}');
    expect(byRow.get(rowIds[1]!)?.get('verified')).toBeUndefined();
    for (const call of second.calls) call.end(charged());
    await restarted.idle();
  });

  it('resumes a cut-off row once when the startup and the alarm both ask at the same time', async () => {
    const db = freshDb();
    const { listId, rowIds } = await listWith(db, ['https://a.test/1']);
    const first = controlledTask();
    await runnerOn(db, first.task).start({ kind: 'enrich', listId, rowIds });
    await until(() => first.calls.length === 1);

    const second = controlledTask();
    const restarted = runnerOn(db, second.task);
    await Promise.all([restarted.resumeAll(), restarted.resumeAll()]);
    await until(() => second.calls.length === 1);
    await new Promise((r) => setTimeout(r, 50));

    expect(second.calls).toHaveLength(1);
    second.calls[0]!.end(charged());
    await restarted.idle();
  });

  it('on cancel aborts the rows in flight and starts no other', async () => {
    const db = freshDb();
    const { listId, rowIds } = await listWith(db, [
      'https://a.test/1',
      'https://a.test/2',
      'https://a.test/3',
    ]);
    const { calls, task } = controlledTask();
    const runner = runnerOn(db, task);
    const jobId = await runner.start({ kind: 'enrich', listId, rowIds });
    await until(() => calls.length === 1);

    await runner.cancel(jobId);
    await runner.idle();

    expect(calls).toHaveLength(1);
    expect(calls[0]!.ctx.signal.aborted).toBe(true);
    expect(await getJob(db, jobId)).toMatchObject({
      state: 'cancelled',
      counters: { failed: 1, skipped: 2 },
    });
  });

  it('pauses when out of credits and goes on, with the same keys, once credits are available', async () => {
    const db = freshDb();
    const { listId, rowIds } = await listWith(db, ['https://a.test/1']);
    const { calls, task } = controlledTask();
    const runner = runnerOn(db, task);
    const jobId = await runner.start({ kind: 'enrich', listId, rowIds });
    await until(() => calls.length === 1);

    calls[0]!.end({ status: 'out_of_credits' });
    await runner.idle();
    expect(await getJob(db, jobId)).toMatchObject({ state: 'paused_out_of_credits' });
    expect(await runner.hasPausedJobs()).toBe(true);
    expect(calls).toHaveLength(1);

    await runner.creditsAvailable();
    await until(() => calls.length === 2);
    expect(calls[1]!.key).toBe(calls[0]!.key);
    calls[1]!.end(charged());
    await runner.idle();
    expect(await getJob(db, jobId)).toMatchObject({ state: 'done', counters: { done: 1 } });
  });

  it('pauses when a row fails while the API cannot be reached, and re-runs it with the same keys once it answers', async () => {
    const db = freshDb();
    const { listId, rowIds } = await listWith(db, ['https://a.test/1', 'https://b.test/1']);
    const { calls, task } = controlledTask();
    const runner = runnerOn(db, task, { concurrency: 1 });
    const jobId = await runner.start({ kind: 'enrich', listId, rowIds });
    await until(() => calls.length === 1);

    apiAnswers = false;
    calls[0]!.end({ status: 'failed', reason: 'The billing API could not be reached; nothing was charged' });
    await runner.idle();
    expect(await getJob(db, jobId)).toMatchObject({ state: 'paused_offline', counters: { failed: 0 } });
    expect(calls).toHaveLength(1);

    apiAnswers = true;
    await runner.apiAnswered();
    await until(() => calls.length === 2);
    expect(calls[1]!.key).toBe(calls[0]!.key);
    calls[1]!.end(charged());
    await until(() => calls.length === 3);
    calls[2]!.end({ status: 'failed', reason: 'The page answered 404' });
    await runner.idle();
    expect(await getJob(db, jobId)).toMatchObject({ state: 'done', counters: { done: 1, failed: 1 } });
  });

  it('pauses with a message instead of running rows when nobody is signed in', async () => {
    const db = freshDb();
    const { listId, rowIds } = await listWith(db, ['https://a.test/1']);
    const { calls, task } = controlledTask();
    const runner = runnerOn(db, task, { api: async () => null });

    const jobId = await runner.start({ kind: 'enrich', listId, rowIds });

    expect(calls).toHaveLength(0);
    expect(await getJob(db, jobId)).toMatchObject({
      state: 'paused_out_of_credits',
      message: SIGNED_OUT_MESSAGE,
    });
    expect((await jobRowsOf(db, jobId)).map((r) => r.state)).toEqual(['pending']);
  });

  it('waits the polite delay between two requests to one host', async () => {
    const db = freshDb();
    const { listId, rowIds } = await listWith(db, ['https://a.test/1', 'https://a.test/2']);
    const { calls, task } = controlledTask();
    const starts: number[] = [];
    const runner = runnerOn(db, task, { hostDelayMs: 200 });
    await runner.start({ kind: 'enrich', listId, rowIds });
    await until(() => calls.length === 1);
    starts.push(Date.now());

    calls[0]!.end(charged());
    await until(() => calls.length === 2);
    starts.push(Date.now());

    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(190);
    calls[1]!.end(charged());
    await runner.idle();
  });
});

describe('finished jobs', () => {
  it('are forgotten beyond the newest few, with their row states; a running job is never dismissed', async () => {
    const db = freshDb();
    const { listId, rowIds } = await listWith(db, ['https://a.test/1']);
    const { calls, task } = controlledTask();
    const runner = runnerOn(db, task);
    const finished: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const jobId = await runner.start({ kind: 'enrich', listId, rowIds });
      await until(() => calls.length === i + 1);
      calls[i]!.end({ status: 'failed', reason: 'The page answered 404' });
      await runner.idle();
      finished.push(jobId);
    }
    const running = await runner.start({ kind: 'enrich', listId, rowIds });

    expect(await dismissJob(db, running)).toBe(false);
    expect(await pruneFinishedJobs(db, 1)).toBe(2);
    expect((await db.jobs.toArray()).map((j) => j.id).sort()).toEqual([finished[2], running].sort());
    expect(await jobRowsOf(db, finished[0]!)).toEqual([]);
    expect((await db.rows.get(rowIds[0]!))?.name).toBe('Person 0');
    await runner.cancel(running);
    await runner.idle();
  });
});
