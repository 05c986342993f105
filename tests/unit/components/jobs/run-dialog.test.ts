import { describe, expect, it, vi } from 'vitest';
import { ACCESS_REFUSED, confirmRun } from '../../../../components/jobs/run-dialog.tsx';

const ORIGINS = ['https://people.example/*'];
const started = async () => ({ ok: true as const, value: { jobId: 'job_1' } });

describe('confirming a bulk run', () => {
  it('asks for access to the rows’ sites, then starts the job', async () => {
    const requestAccess = vi.fn(async () => true);
    const start = vi.fn(started);

    expect(await confirmRun(ORIGINS, requestAccess, start)).toBeUndefined();
    expect(requestAccess).toHaveBeenCalledWith(ORIGINS);
    expect(start).toHaveBeenCalledOnce();
  });

  it('starts nothing when the user refuses access, and says so', async () => {
    const start = vi.fn(started);

    expect(await confirmRun(ORIGINS, async () => false, start)).toBe(ACCESS_REFUSED);
    expect(
      await confirmRun(
        ORIGINS,
        async () => {
          throw new Error('This function must be called during a user gesture');
        },
        start,
      ),
    ).toBe(ACCESS_REFUSED);
    expect(start).not.toHaveBeenCalled();
  });

  it('asks for nothing when no row has a site to open', async () => {
    const requestAccess = vi.fn(async () => true);

    await confirmRun([], requestAccess, started);

    expect(requestAccess).not.toHaveBeenCalled();
  });

  it('explains a run the background refused', async () => {
    const refused = async () => ({
      ok: false as const,
      code: 'signed_out' as const,
      message: 'Sign in to Lasso first.',
    });

    expect(await confirmRun(ORIGINS, async () => true, refused)).toBe(
      'The run could not start: Sign in to Lasso first.',
    );
  });
});
