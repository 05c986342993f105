import { describe, expect, it } from 'vitest';
import {
  CANCELLED_BEFORE_START,
  cancelJob,
  completeRow,
  createJob,
  type JobRecord,
  type JobRowRecord,
  mayStartRows,
  nextRows,
  OFFLINE_MESSAGE,
  OUT_OF_CREDITS_MESSAGE,
  requeueRowOffline,
  resumeJob,
  resumeOnline,
  resumeWithCredits,
  rowKey,
  splitCharge,
  startRow,
} from '../../../../services/jobs/job-machine.ts';
import type { RowTaskOutcome } from '../../../../services/jobs/row-task.ts';

function newJob(hosts: Array<string | undefined> = ['a.test', 'b.test', 'c.test']) {
  let n = 0;
  return createJob({
    id: 'job_1',
    kind: 'enrich',
    listId: 'list_1',
    rows: hosts.map((host, i) => ({ rowId: `row_${i}`, host })),
    now: 10,
    newSeed: () => `seed_${n++}`,
  });
}

const done: RowTaskOutcome = {
  status: 'done',
  patch: {},
  charge: { credits: 1, breakdown: [{ bucket: 'team.subscription', amount: 1 }] },
};

describe('a new job', () => {
  it('has every row pending with its own key seed, and a row selected twice counted once', () => {
    const { job, rows } = newJob(['a.test', 'b.test']);
    const twice = createJob({
      id: 'job_2',
      kind: 'enrich',
      listId: 'l',
      rows: [{ rowId: 'x' }, { rowId: 'x' }],
      now: 1,
      newSeed: () => 's',
    });

    expect(job).toMatchObject({ state: 'running', counters: { total: 2, done: 0, failed: 0, skipped: 0 } });
    expect(rows.map((r) => [r.state, r.seed])).toEqual([
      ['pending', 'seed_0'],
      ['pending', 'seed_1'],
    ]);
    expect(twice.job.counters.total).toBe(1);
  });
});

describe('picking rows to start', () => {
  it('takes at most the free slots, one row per host, and none on a busy host', () => {
    const { rows } = newJob(['a.test', 'a.test', 'b.test', undefined, 'c.test']);

    const picked = nextRows(rows, 3, (host) => host === 'b.test');

    expect(picked.map((r) => r.rowId)).toEqual(['row_0', 'row_3', 'row_4']);
  });
});

describe('a row that ends', () => {
  it('counts the credits it spent as team or personal from the buckets the API drew', () => {
    expect(
      splitCharge([
        { bucket: 'team.subscription', amount: 2 },
        { bucket: 'team.topup', amount: 1 },
        { bucket: 'personal.free', amount: 4 },
      ]),
    ).toEqual({ team: 3, personal: 4 });
  });

  it('finishes the job when it was the last, with counters and credits added up', () => {
    const { job, rows } = newJob(['a.test', 'b.test']);
    let state: JobRecord = job;
    const ended: JobRowRecord[] = [];
    for (const [index, row] of rows.entries()) {
      const outcome: RowTaskOutcome =
        index === 0 ? done : { status: 'failed', reason: 'The page answered 404' };
      const next = completeRow(state, startRow(row, 11), outcome, 12);
      state = next.job;
      ended.push(next.row);
    }

    expect(state).toMatchObject({
      state: 'done',
      counters: { total: 2, done: 1, failed: 1, skipped: 0 },
      credits: { team: 1, personal: 0 },
    });
    expect(ended[1]).toMatchObject({ state: 'failed', reason: 'The page answered 404' });
  });
});

describe('resume after the worker was stopped', () => {
  it('runs a row left in progress again with the same seed, so its calls carry the same keys', () => {
    const { job, rows } = newJob();
    const cutOff = startRow(rows[0]!, 11);
    const keysBefore = ['hold', 'capture'].map((p) => rowKey(cutOff.seed, p));

    const resumed = resumeJob(job, [cutOff, ...rows.slice(1)], 20);

    expect(resumed.job.state).toBe('running');
    expect(resumed.rows[0]).toMatchObject({ state: 'pending', seed: 'seed_0' });
    expect(['hold', 'capture'].map((p) => rowKey(resumed.rows[0]!.seed, p))).toEqual(keysBefore);
  });

  it('ends a job that was cancelling: its cut-off rows are not run again', () => {
    const { job, rows } = newJob(['a.test']);
    const cancelled = cancelJob(job, [startRow(rows[0]!, 11)], 12);

    const resumed = resumeJob(cancelled.job, cancelled.rows, 20);

    expect(cancelled.job.state).toBe('cancelling');
    expect(resumed.job.state).toBe('cancelled');
    expect(resumed.rows[0]).toMatchObject({ state: 'failed', reason: 'Cancelled' });
  });
});

describe('cancel', () => {
  it('starts no new row, skips the pending ones, and ends once the in-flight row reports', () => {
    const { job, rows } = newJob();
    const inFlight = startRow(rows[0]!, 11);

    const cancelled = cancelJob(job, [inFlight, ...rows.slice(1)], 12);
    const last = completeRow(cancelled.job, inFlight, { status: 'failed', reason: 'Cancelled' }, 13);

    expect(mayStartRows(cancelled.job)).toBe(false);
    expect(cancelled.rows.slice(1).map((r) => [r.state, r.reason])).toEqual([
      ['skipped', CANCELLED_BEFORE_START],
      ['skipped', CANCELLED_BEFORE_START],
    ]);
    expect(last.job).toMatchObject({ state: 'cancelled', counters: { failed: 1, skipped: 2, done: 0 } });
  });

  it('of a finished job changes nothing', () => {
    const { job, rows } = newJob([]);
    const finished = { ...job, state: 'done' as const };

    expect(cancelJob(finished, rows, 99).job).toBe(finished);
  });
});

describe('the billing API out of reach', () => {
  it('puts the failed row back with its seed, uncounted, and pauses the job until the API answers', () => {
    const { job, rows } = newJob();
    const row = startRow(rows[0]!, 11);

    const paused = requeueRowOffline(job, row, 12);
    const resumed = resumeOnline(paused.job, 30);

    expect(paused.job).toMatchObject({ state: 'paused_offline', message: OFFLINE_MESSAGE });
    expect(paused.job.counters).toEqual(job.counters);
    expect(paused.row).toMatchObject({ state: 'pending', seed: row.seed });
    expect(mayStartRows(paused.job)).toBe(false);
    expect(resumed.state).toBe('running');
    expect(resumeOnline(job, 30)).toBe(job);
  });
});

describe('out of credits', () => {
  it('pauses the job and puts the row back, with its seed, until credits are available again', () => {
    const { job, rows } = newJob();
    const row = startRow(rows[0]!, 11);

    const paused = completeRow(job, row, { status: 'out_of_credits' }, 12);
    const resumed = resumeWithCredits(paused.job, 30);

    expect(paused.job).toMatchObject({ state: 'paused_out_of_credits', message: OUT_OF_CREDITS_MESSAGE });
    expect(mayStartRows(paused.job)).toBe(false);
    expect(paused.row).toMatchObject({ state: 'pending', seed: row.seed });
    expect(paused.job.counters).toEqual(job.counters);
    expect(resumed.state).toBe('running');
    expect(resumed.message).toBeUndefined();
  });

  it('while cancelling skips the row instead of retrying it later', () => {
    const { job, rows } = newJob(['a.test']);
    const row = startRow(rows[0]!, 11);
    const cancelled = cancelJob(job, [row], 12);

    const ended = completeRow(cancelled.job, row, { status: 'out_of_credits' }, 13);

    expect(ended.job.state).toBe('cancelled');
    expect(ended.row.state).toBe('skipped');
  });
});
