import { describe, expect, it, vi } from 'vitest';
import type { Balance } from '../../../../api-client/contract/billing.ts';
import { createJob } from '../../../../services/jobs/job-machine.ts';
import { createJobService, JOBS_ALARM } from '../../../../services/jobs/job-service.ts';
import type { JobRunner } from '../../../../services/jobs/runner.ts';
import type { Session } from '../../../../services/session.ts';

function balanceOf(available: number): Balance {
  return {
    available,
    spendOrder: ['personal.free'],
    personal: { subscription: 0, topup: 0, free: available, held: 0 },
    team: null,
    limits: { profilesPerPage: 25 },
  };
}

function setUp(options: { paused: boolean; available: number; signedIn?: boolean; unfinished?: boolean }) {
  const runner = {
    start: vi.fn(async () => 'job_1'),
    cancel: vi.fn(async () => undefined),
    resumeAll: vi.fn(async () => undefined),
    creditsAvailable: vi.fn(async () => undefined),
    apiAnswered: vi.fn(async () => undefined),
    hasPausedJobs: vi.fn(async () => options.paused),
    idle: vi.fn(async () => undefined),
  } satisfies JobRunner;
  const session = {
    token: { token: 't', apiUrl: 'http://api', userId: 'u_1' },
    api: { balance: vi.fn(async () => balanceOf(options.available)) },
  } as unknown as Session;
  const alarms = { create: vi.fn(), clear: vi.fn(async () => true) };
  const setBadge = vi.fn(async () => undefined);
  const publishProgress = vi.fn(async () => undefined);
  const service = createJobService({
    runner,
    session: {
      current: async () => (options.signedIn === false ? null : session),
      storeBalance: vi.fn(async () => null),
    },
    alarms,
    setBadge,
    hasUnfinishedJobs: async () => options.unfinished ?? true,
    pruneFinished: async () => 0,
    publishProgress,
  });
  return { service, runner, alarms, setBadge, publishProgress };
}

describe('the background’s bulk jobs', () => {
  it('on each tick resumes cut-off jobs, and runs paused ones on once the balance shows credits', async () => {
    const { service, runner, alarms } = setUp({ paused: true, available: 3 });

    await service.tick();

    expect(runner.resumeAll).toHaveBeenCalled();
    expect(runner.apiAnswered).toHaveBeenCalled();
    expect(runner.creditsAvailable).toHaveBeenCalled();
    expect(alarms.create).toHaveBeenCalledWith(JOBS_ALARM, { periodInMinutes: 0.5 });
  });

  it('keeps a paused job paused while the balance is 0, and stops the alarm when no job is left', async () => {
    const paused = setUp({ paused: true, available: 0 });
    const over = setUp({ paused: false, available: 5, unfinished: false });

    await paused.service.tick();
    await over.service.tick();

    expect(paused.runner.creditsAvailable).not.toHaveBeenCalled();
    expect(over.alarms.clear).toHaveBeenCalledWith(JOBS_ALARM);
  });

  it('refuses to start a job when nobody is signed in', async () => {
    const { service, runner } = setUp({ paused: false, available: 5, signedIn: false });

    const outcome = await service.start({ kind: 'enrich', listId: 'l', rowIds: ['r'] });

    expect(outcome).toMatchObject({ ok: false, code: 'signed_out' });
    expect(runner.start).not.toHaveBeenCalled();
  });

  it('shows the progress on the badge and in the popup while a job runs, and clears both when it ends', () => {
    const { service, setBadge, publishProgress } = setUp({ paused: false, available: 5 });
    const { job } = createJob({
      id: 'job_1',
      kind: 'enrich',
      listId: 'l',
      rows: [{ rowId: 'a' }, { rowId: 'b' }, { rowId: 'c' }, { rowId: 'd' }],
      now: 1,
      newSeed: () => 's',
    });

    service.jobChanged({ ...job, counters: { total: 4, done: 1, failed: 0, skipped: 0 } });
    service.jobChanged({ ...job, state: 'done' });

    expect(setBadge.mock.calls).toEqual([
      ['25%', 'Lasso: Enriching 4 rows — 1 handled, 0 failed'],
      ['', 'Lasso'],
    ]);
    expect(publishProgress.mock.calls).toEqual([
      [{ jobId: 'job_1', kind: 'enrich', state: 'running', total: 4, handled: 1, failed: 0, credits: 0 }],
      [null],
    ]);
  });
});
